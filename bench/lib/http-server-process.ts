import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import path from 'node:path';

/** The servers `npm run bench:http` compares. */
export type ServerKind = 'gateway' | 'gateway-executed' | 'apollo-standalone' | 'apollo-fastify' | 'apollo-express' | 'mercurius';

/** Parent to server child. */
export type ParentMessage = { type: 'cpu' } | { type: 'profile-start' } | { type: 'stop'; profilePath?: string };

/** Server child to parent. */
export type ServerMessage =
  | { type: 'ready'; url: string }
  | { type: 'cpu'; micros: number }
  | { type: 'profiling' }
  | { type: 'stopped' };

/** A server running in its own process (`http-server.main.js`). */
export interface ServerProcess {
  kind: ServerKind;
  url: string;
  /** The child's CPU time so far (user + system), µs. */
  cpuMicros(): Promise<number>;
  /** Starts the V8 profiler in the child. */
  startProfile(): Promise<void>;
  /** Closes the server, writes the profile first when one runs and `profilePath` is given. */
  stop(profilePath?: string): Promise<void>;
}

function nextMessage<T extends ServerMessage['type']>(child: ChildProcess, type: T): Promise<Extract<ServerMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServerMessage) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<ServerMessage, { type: T }>);
    };
    const onExit = (code: number | null) => reject(new Error(`the ${type} answer never came: the server exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Forks one server child with NODE_ENV=production (every server, so that Apollo and Express
 * run their production paths alike) and resolves once it listens.
 */
export async function spawnServer(kind: ServerKind): Promise<ServerProcess> {
  const child = fork(path.join(__dirname, 'http-server.main.js'), [kind], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const { url } = await nextMessage(child, 'ready');
  const ask = <T extends ServerMessage['type']>(message: ParentMessage, answer: T) => {
    const reply = nextMessage(child, answer);
    child.send(message);
    return reply;
  };
  return {
    kind,
    url,
    cpuMicros: async () => (await ask({ type: 'cpu' }, 'cpu')).micros,
    startProfile: async () => {
      await ask({ type: 'profile-start' }, 'profiling');
    },
    stop: async (profilePath) => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await ask({ type: 'stop', profilePath }, 'stopped');
      await exited;
    },
  };
}
