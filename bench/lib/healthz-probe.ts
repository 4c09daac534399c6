import { fork } from 'node:child_process';
import path from 'node:path';

/** One probe request: when it started (epoch ms) and how long it took (ms). */
export interface HealthzSample {
  readonly at: number;
  readonly ms: number;
}

/** A running prober; `stop` resolves with every request it made since it was ready. */
export interface HealthzProbe {
  stop(): Promise<HealthzSample[]>;
}

/** Starts probing `url` from a child process (`healthz-probe.main.js`) every `gapMs`. */
export async function startHealthzProbe(url: string, gapMs = 5): Promise<HealthzProbe> {
  const child = fork(path.join(__dirname, 'healthz-probe.main.js'), [url, String(gapMs)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const replies: unknown[] = [];
  const waiters: Array<(value: unknown) => void> = [];
  child.on('message', (message) => {
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else replies.push(message);
  });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      if (replies.length > 0) return resolve(replies.shift());
      waiters.push(resolve);
      child.once('exit', (code) => reject(new Error(`healthz probe exited with ${String(code)}`)));
    });
  await next(); // ready
  return {
    stop: async () => {
      child.send('stop');
      return (await next()) as HealthzSample[];
    },
  };
}
