import 'reflect-metadata';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createGateway } from '../../src/server';
import type { BareServer } from './bare-apollo';
import { startBareApolloExpress, startBareApolloFastify, startBareApolloStandalone, startBareMercurius } from './bare-apollo';
import type { ParentMessage, ServerKind, ServerMessage } from './http-server-process';

/**
 * The gateway as production runs it: NODE_ENV=production defaults, local backend, JSON logs at
 * info through pino to /dev/null, the rate limiter on with a budget the bench cannot spend.
 */
async function startGateway(env: Record<string, string> = {}): Promise<BareServer> {
  const config = loadConfig({ NODE_ENV: 'production', PORT: '0', RATE_LIMIT_PER_MINUTE: '100000000', ...env });
  const gateway = await createGateway(config, { logger: createLogger({ destination: '/dev/null' }) });
  const { port } = await gateway.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}/graphql`, close: () => gateway.close() };
}

const STARTERS: Record<ServerKind, () => Promise<BareServer>> = {
  gateway: () => startGateway(),
  // Every request goes through Apollo's pipeline and the resolvers (the score still cached): what
  // a query costs before its answer is in the full-response cache.
  'gateway-executed': () => startGateway({ RESPONSE_CACHE_MAX_BYTES: '0' }),
  'apollo-standalone': startBareApolloStandalone,
  'apollo-fastify': startBareApolloFastify,
  'apollo-express': startBareApolloExpress,
  mercurius: startBareMercurius,
};

/**
 * One server of `npm run bench:http` in its own process (argv[2] names it), driven by its parent
 * over IPC: it reports its CPU time when asked, runs the V8 profiler between `profile-start` and
 * `stop`, and exits on `stop`.
 */
async function main(): Promise<void> {
  const kind = process.argv[2] as ServerKind;
  const start = STARTERS[kind];
  if (!start) throw new Error(`unknown server kind: ${kind}`);
  const server = await start();
  let profiler: inspector.Session | undefined;
  const send = (message: ServerMessage) => process.send?.(message);

  process.on('message', (message: ParentMessage) => {
    void (async () => {
      if (message.type === 'cpu') {
        const { user, system } = process.cpuUsage();
        send({ type: 'cpu', micros: user + system });
      } else if (message.type === 'profile-start') {
        profiler = new inspector.Session();
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
        send({ type: 'profiling' });
      } else if (message.type === 'stop') {
        if (profiler && message.profilePath) {
          const { profile } = await profiler.post('Profiler.stop');
          fs.writeFileSync(message.profilePath, JSON.stringify(profile));
          profiler.disconnect();
        }
        await server.close();
        // Exit even if a pool or a log stream would keep the loop alive; pino flushes on exit.
        process.send?.({ type: 'stopped' } satisfies ServerMessage, () => process.exit(0));
      }
    })();
  });
  send({ type: 'ready', url: server.url });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
