import pino from 'pino';
import type { Logger } from 'pino';

/**
 * The process logger: JSON lines on stdout. Secrets that may ride on a request or an upstream
 * error are redacted wherever they appear.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
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
  });
}
