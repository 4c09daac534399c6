import { fork } from 'node:child_process';
import path from 'node:path';

/** What the parent asks the batch client for: one `imageScores` query of `uris` at `url`. */
export interface BatchRequest {
  readonly url: string;
  readonly uris: readonly string[];
}

/** When the query was sent and its answer read, in epoch ms; `error` when not every URI scored. */
export interface BatchReply {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly error?: string;
}

/** A batch client process; `close` ends it. */
export interface BatchClient {
  /** Sends one query and resolves once its whole answer is read. @throws Error when not every URI scored */
  post(url: string, uris: readonly string[]): Promise<BatchReply>;
  close(): void;
}

/** Starts `batch-client.main.js` (next to this compiled file) and waits until it is ready. */
export async function startBatchClient(): Promise<BatchClient> {
  const child = fork(path.join(__dirname, 'batch-client.main.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const nextMessage = () =>
    new Promise<unknown>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`batch client exited with ${String(code)}`));
      child.once('exit', onExit);
      child.once('message', (message) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  await nextMessage(); // ready
  return {
    post: async (url, uris) => {
      const answer = nextMessage();
      child.send({ url, uris } satisfies BatchRequest);
      const reply = (await answer) as BatchReply;
      if (reply.error !== undefined) throw new Error(reply.error);
      return reply;
    },
    close: () => child.disconnect(),
  };
}
