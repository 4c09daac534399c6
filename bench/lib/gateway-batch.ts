import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { LocalScoreSource } from '../../src/datasources/local/local.datasource';
import type { ImageScorer } from '../../src/scoring/pool/image-scorer';
import { createGateway } from '../../src/server';
import { startHealthzProbe } from './healthz-probe';
import { percentile } from './measure';

/** What one batch through the gateway measured; times in ms. */
export interface BatchFigures {
  imagesPerSecond: number;
  /** `monitorEventLoopDelay` of the gateway's (this) process while the batch ran. */
  loopP99: number;
  loopMax: number;
  /** `GET /healthz` round trips from a child process while the batch ran. */
  healthzP50: number;
  healthzP99: number;
  healthzMax: number;
}

const QUERY = `query($uris: [String!]!) { imageScores(projectName: "bench", sourceUris: $uris) { __typename } }`;

async function post(url: string, uris: readonly string[]): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { uris } }),
  });
  const body = (await response.json()) as { data?: { imageScores: { __typename: string }[] } };
  const scored = body.data?.imageScores.filter((entry) => entry.__typename === 'ImageScore').length;
  if (scored !== uris.length) throw new Error(`batch scored ${String(scored)} of ${uris.length}: ${JSON.stringify(body).slice(0, 300)}`);
}

/**
 * Scores `uris` (bucket `bench` under `ossRoot`) in one `imageScores` query through a fresh
 * gateway on the local backend, as production builds it except for `scorer`: the worker pool
 * when undefined, or the given one (today's in-process path). `warmUri` is scored first, so
 * threads, sharp and the schema are warm and the batch meets an empty score cache.
 */
export async function gatewayBatch(
  ossRoot: string,
  uris: readonly string[],
  warmUri: string,
  scorer?: ImageScorer,
): Promise<BatchFigures> {
  const config = loadConfig({ PORT: '0', LOCAL_OSS_ROOT: ossRoot, LOCAL_PROJECTS: 'bench', AUTH_MODE: 'none', RATE_LIMIT_PER_MINUTE: '0' });
  const source = new LocalScoreSource({ ...config.local, scorer });
  const gateway = await createGateway(config, { logger: pino({ level: 'silent' }), source });
  const address = await gateway.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${address.port}`;
  try {
    await post(`${base}/graphql`, [warmUri]);
    const probe = await startHealthzProbe(`${base}/healthz`);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const started = performance.now();
    await post(`${base}/graphql`, uris);
    const seconds = (performance.now() - started) / 1000;
    loop.disable();
    const healthz = await probe.stop();
    return {
      imagesPerSecond: uris.length / seconds,
      loopP99: loop.percentile(99) / 1e6,
      loopMax: loop.max / 1e6,
      healthzP50: percentile(healthz, 50),
      healthzP99: percentile(healthz, 99),
      healthzMax: Math.max(...healthz),
    };
  } finally {
    await gateway.close();
  }
}
