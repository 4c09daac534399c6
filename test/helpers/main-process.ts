import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import path from 'node:path';

// `npm test` builds first (pretest), so this runs the same file `npm start` does.
export const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'src', 'main.js');

/** One line of the gateway's JSON log. */
export interface LogLine {
  level: number;
  msg: string;
  port?: number;
}

/** A gateway process (`node dist/src/main.js`), its parsed log lines and its exit. */
export interface MainProcess {
  child: ChildProcessWithoutNullStreams;
  lines: LogLine[];
  /** The exit code, or the signal's name when a signal ended it. */
  exited: Promise<number | string | null>;
}

/** Starts the gateway process with only `env` (and PATH) in its environment. */
export function startMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true', ...env },
  });
  const lines: LogLine[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as LogLine);
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { child, lines, exited };
}

/** Polls `probe` every 50 ms until it returns a value. */
export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
