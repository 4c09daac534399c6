import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level. @default 'info' */
  level?: string;
  /** Where lines go. @default stdout, written asynchronously */
  destination?: string | number;
}

/**
 * The process logger: JSON lines, written asynchronously (pino's sonic-boom buffers and flushes
 * off the request path, and pino flushes what is left when the process exits), so a log line
 * per request costs the request little. Secrets that may ride on a request or an upstream error
 * are redacted wherever they appear.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination: DestinationStream = pino.destination({
    dest: options.destination ?? 1,
    sync: false,
  });
  return pino(
    {
      level: options.level ?? 'info',
      redact: {
        paths: [
          'req.headers.authorization',
          '*.accessKeySecret',
          '*.securityToken',
          '*.AccessKeySecret',
          '*.SecurityToken',
          'err.config',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
