import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import type { FaultRule } from '../src/emulator/faults';
import { createLogger } from '../src/logger';
import { createGateway } from '../src/server';
import type { Gateway } from '../src/server';
import { startBareApollo } from './lib/bare-apollo';
import type { RemoteEmulator } from './lib/emulator-process';
import { spawnEmulator } from './lib/emulator-process';
import type { LoadResult } from './lib/http-load';
import { runLoad } from './lib/http-load';
import { makeLoadImages } from './lib/load-images';
import { loadRequestFor } from './lib/load-requests';
import { measureOverhead } from './lib/overhead';
import { sampleRss } from './lib/rss-sampler';

const USAGE = `npm run bench:load -- [options]   (or the environment variable in brackets)
  --requests N           requests of the load figure            (LOAD_REQUESTS, 20000)
  --concurrency N        requests in flight                     (LOAD_CONCURRENCY, 100)
  --images N             distinct image URIs                    (LOAD_IMAGES, 4000)
  --contents N           distinct image contents behind them    (LOAD_CONTENTS, 250)
  --batch N              images per imageScores request (1 in 5) (LOAD_BATCH, 10)
  --latency MS           emulator time to answer                (LOAD_LATENCY_MS, 20)
  --throttle-rate R      share of IMM calls throttled           (LOAD_THROTTLE_RATE, 0.05)
  --hang-rate R          share of IMM calls that never answer   (LOAD_HANG_RATE, 0.01)
  --seed N               fault PRNG seed                        (LOAD_SEED, 7)
  --rss-bound MIB        RSS growth allowed                     (LOAD_RSS_BOUND_MIB, 300)
  --overhead-requests N  requests per side per round            (OVERHEAD_REQUESTS, 5000)
  --overhead-rounds N    interleaved rounds                     (OVERHEAD_ROUNDS, 5)
  --overhead-concurrency N                                      (OVERHEAD_CONCURRENCY, 50)`;

const { values: flags } = parseArgs({
  options: Object.fromEntries(
    [
      'requests', 'concurrency', 'images', 'contents', 'batch', 'latency', 'throttle-rate', 'hang-rate', 'seed',
      'rss-bound', 'overhead-requests', 'overhead-rounds', 'overhead-concurrency', 'help',
    ].map((name) => [name, { type: name === 'help' ? ('boolean' as const) : ('string' as const) }]),
  ),
});

/** A flag, else its environment variable, else the default; fails fast naming a bad value. */
function option(flag: string, envName: string, fallback: number, integer = true): number {
  const text = flags[flag] ?? process.env[envName];
  const value = text === undefined || text === true ? fallback : Number(text);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`--${flag} (${envName}) must be a non-negative ${integer ? 'integer' : 'number'}: ${String(text)}`);
  }
  return value;
}

const O = {
  requests: option('requests', 'LOAD_REQUESTS', 20_000),
  concurrency: option('concurrency', 'LOAD_CONCURRENCY', 100),
  images: option('images', 'LOAD_IMAGES', 4000),
  contents: option('contents', 'LOAD_CONTENTS', 250),
  batch: option('batch', 'LOAD_BATCH', 10),
  latencyMs: option('latency', 'LOAD_LATENCY_MS', 20),
  throttleRate: option('throttle-rate', 'LOAD_THROTTLE_RATE', 0.05, false),
  hangRate: option('hang-rate', 'LOAD_HANG_RATE', 0.01, false),
  seed: option('seed', 'LOAD_SEED', 7),
  rssBoundMiB: option('rss-bound', 'LOAD_RSS_BOUND_MIB', 300),
  overheadRequests: option('overhead-requests', 'OVERHEAD_REQUESTS', 5000),
  overheadRounds: option('overhead-rounds', 'OVERHEAD_ROUNDS', 5),
  overheadConcurrency: option('overhead-concurrency', 'OVERHEAD_CONCURRENCY', 50),
};

const PROJECT = 'demo';
const KEY = { accessKeyId: 'LTAI5tBenchKey000001', accessKeySecret: 'bench-secret-not-real' };
/** The imm backend's settings in this bench; everything else is the production default. */
const IMM_SETTINGS = {
  IMM_QPS: '2000',
  IMM_MAX_IN_FLIGHT: '32',
  IMM_TIMEOUT_MS: '1000',
  IMM_DEADLINE_MS: '5000',
};

/** A gateway as production builds it (imm backend, limits, metrics, logs at info to nowhere). */
async function startImmGateway(emulator: RemoteEmulator): Promise<{ gateway: Gateway; url: string }> {
  const config = loadConfig({
    PORT: '0',
    SCORE_BACKEND: 'imm',
    IMM_ENDPOINT: emulator.endpoint,
    IMM_PROTOCOL: 'http',
    ...IMM_SETTINGS,
    // The bench client sends no API key; auth is the only production default turned off.
    AUTH_MODE: 'none',
    // The limiter stays on (its cost is part of the figure) with a budget the bench cannot reach.
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  // The production logger (async writes, redaction), sent to /dev/null.
  const gateway = await createGateway(config, { logger: createLogger({ destination: '/dev/null' }) });
  const { port } = await gateway.listen(0, '127.0.0.1');
  return { gateway, url: `http://127.0.0.1:${port}/graphql` };
}

function print(result: LoadResult): void {
  process.stdout.write(
    `  ${result.requests} requests in ${result.seconds.toFixed(1)} s: ${result.throughput.toFixed(0)} req/s\n` +
      `  latency p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(0)} ms\n` +
      `  errors by code: ${JSON.stringify(result.errors)}\n` +
      `  cross-talk (a score not the one expected for its URI): ${result.crossTalk}\n`,
  );
}

async function loadFigure(emulator: RemoteEmulator, images: Awaited<ReturnType<typeof makeLoadImages>>): Promise<boolean> {
  const { gateway, url } = await startImmGateway(emulator);
  await emulator.resetRecord();
  const rss = sampleRss();
  const result = await runLoad({
    url,
    requests: O.requests,
    concurrency: O.concurrency,
    makeRequest: loadRequestFor({ project: PROJECT, images: O.images, batch: O.batch, uri: images.uri, expected: images.expected }),
  });
  const memory = rss.stop();
  await gateway.close();
  const outcomes = await emulator.scoreOutcomes();
  process.stdout.write(
    `Load: ${O.requests} requests, ${O.concurrency} concurrent, ${O.images} distinct images ` +
      `(${O.contents} contents, ${images.distinctScores} distinct scores), 1 in 5 a batch of ${O.batch}\n` +
      `  gateway: SCORE_BACKEND=imm, ${Object.entries(IMM_SETTINGS).map(([k, v]) => `${k}=${v}`).join(' ')}, cache empty at start\n` +
      `  emulator (own process): ${O.latencyMs} ms to answer, seeded faults ${(O.throttleRate * 100).toFixed(0)}% Throttling.User, ` +
      `${(O.hangRate * 100).toFixed(0)}% hang (seed ${O.seed})\n` +
      `  IMM calls seen by the emulator: ${JSON.stringify(outcomes)}\n`,
  );
  print(result);
  const growth = memory.peakMiB - memory.startMiB;
  process.stdout.write(
    `  RSS (client + gateway process): start ${memory.startMiB.toFixed(0)} MiB, peak ${memory.peakMiB.toFixed(0)} MiB, ` +
      `end ${memory.endMiB.toFixed(0)} MiB (growth ${growth.toFixed(0)} MiB, bound ${O.rssBoundMiB})\n`,
  );
  return result.crossTalk === 0 && growth <= O.rssBoundMiB && !result.errors.NETWORK;
}

async function overheadFigure(emulator: RemoteEmulator, sourceUri: string): Promise<boolean> {
  await emulator.clearFaults();
  const { gateway, url } = await startImmGateway(emulator);
  const bare = await startBareApollo();
  const body = JSON.stringify({
    query:
      'query ($p: String!, $u: String!) { imageScore(projectName: $p, sourceUri: $u) { projectName sourceUri overallQualityScore requestId } }',
    variables: { p: PROJECT, u: sourceUri },
  });
  const warm = await runLoad({ url, requests: 1, concurrency: 1, makeRequest: () => ({ body, check: (_s, t) => (t.includes('"errors"') ? ['E'] : []) }) });
  if (Object.keys(warm.errors).length > 0) throw new Error('could not cache the overhead query\'s score');
  const { pairs, medianRatio, medianCpuRatio } = await measureOverhead({
    gatewayUrl: url,
    bareUrl: bare.url,
    body,
    requests: O.overheadRequests,
    concurrency: O.overheadConcurrency,
    rounds: O.overheadRounds,
  });
  await bare.close();
  await gateway.close();
  process.stdout.write(
    `\nOverhead: the same imageScore query and client, ${O.overheadRequests} requests per side per round at ` +
      `${O.overheadConcurrency} concurrent from a client in its own process, ${O.overheadRounds} interleaved rounds; ` +
      `both servers run in this process, each Fastify 5 + @as-integrations/fastify on loopback.\n` +
      `  gateway: createGateway as production builds it, imm backend, the score already in its in-memory cache: ` +
      `request id, JSON request log line (info, to /dev/null), rate limiter, auth off, depth and cost limits, ` +
      `Prometheus metrics, federation subgraph schema (type-graphql resolvers), per-request DataLoader\n` +
      `  bare: Apollo Server 5 defaults, a two-type schema, imageScore answered by a constant resolver\n`,
  );
  for (const { bare: b, gateway: g, ratio } of pairs) {
    process.stdout.write(
      `  bare ${b.throughput.toFixed(0)} req/s (p50 ${b.p50Ms.toFixed(1)} ms, ${b.cpuMicrosPerRequest.toFixed(0)} µs CPU/req) | ` +
        `gateway ${g.throughput.toFixed(0)} req/s (p50 ${g.p50Ms.toFixed(1)} ms, ${g.cpuMicrosPerRequest.toFixed(0)} µs CPU/req) | ` +
        `ratio ${ratio.toFixed(2)} | errors ${JSON.stringify({ ...b.errors, ...g.errors })}\n`,
    );
  }
  process.stdout.write(
    `  median throughput ratio ${medianRatio.toFixed(2)} (target >= 0.80); ` +
      `median CPU-per-request ratio (bare / gateway) ${medianCpuRatio.toFixed(2)}\n`,
  );
  return medianRatio >= 0.8;
}

async function main(): Promise<void> {
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // The gateway reads credentials through @alicloud/credentials' default chain, as in production.
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = KEY.accessKeyId;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = KEY.accessKeySecret;
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  const images = await makeLoadImages(O.images, O.contents);
  const faults: FaultRule[] = [
    { rate: O.hangRate, fault: { kind: 'hang' } },
    { rate: O.throttleRate, fault: { kind: 'throttle' } },
  ];
  const emulator = await spawnEmulator({ key: KEY, ossRoot: images.root, latencyMs: O.latencyMs, faults, seed: O.seed });
  try {
    const loadOk = await loadFigure(emulator, images);
    const overheadOk = await overheadFigure(emulator, images.uri(0));
    process.stdout.write(`\nresult: load ${loadOk ? 'PASS' : 'FAIL'}, overhead ${overheadOk ? 'PASS' : 'FAIL'}\n`);
    process.exitCode = loadOk && overheadOk ? 0 : 1;
  } finally {
    await emulator.stop();
    await images.cleanup();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
