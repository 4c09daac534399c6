import { PerformanceObserver, monitorEventLoopDelay, type PerformanceEntry } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { LocalScoreSource } from '../../src/datasources/local/local.datasource';
import type { ImageScorer } from '../../src/scoring/pool/image-scorer';
import { ScorerPool } from '../../src/scoring/pool/scorer-pool';
import { createGateway, type Gateway } from '../../src/server';
import { startBatchClient } from './batch-client';
import { startHealthzProbe, type HealthzSample } from './healthz-probe';
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
  /** With `trace`: what happened, time-stamped, to read the tail against. */
  trace?: BatchTrace;
}

/** Time-stamped events of one batch; every `at` is epoch ms, every duration ms. */
export interface BatchTrace {
  batchStart: number;
  batchEnd: number;
  /** Every probe request, as the probe (its own process) saw it. */
  healthz: HealthzSample[];
  /** The same requests as the gateway saw them: `http.Server` 'request' to the response's 'finish'. */
  served: { at: number; ms: number }[];
  /** Gaps of more than {@link STALL_MS} between ticks of a 1 ms timer on the gateway's loop. */
  stalls: { at: number; ms: number }[];
  /** The gateway's garbage collections (`PerformanceObserver` 'gc'). */
  gcs: { at: number; ms: number; kind: number }[];
  /**
   * How long the gateway's main thread was runnable but waiting for a core during the batch
   * (Linux `/proc/<pid>/task/<pid>/schedstat`); undefined elsewhere.
   */
  mainWaitedMs?: number;
}

/** The main thread's time spent runnable on a run queue, waiting for a core, in ms (Linux only). */
function mainThreadRunqueueMs(): number | undefined {
  try {
    const fields = readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').trim().split(' ');
    return Number(fields[1]) / 1e6;
  } catch {
    return undefined;
  }
}

/** A timer gap longer than this counts as a stall in a trace. */
export const STALL_MS = 5;

/** How the gateway of one batch scores. */
export interface BatchScoring {
  /** A scorer to use instead of the worker pool (today's in-process path, the no-CPU floor). */
  scorer?: ImageScorer;
  /** `SCORER_THREADS` when the pool scores. @default the config's default */
  threads?: number;
  /** The pool's `niceIncrement`. @default the pool's default */
  niceIncrement?: number;
  /** Record a {@link BatchTrace} (a 1 ms timer and observers on the measured loop). */
  trace?: boolean;
}

const now = (): number => performance.timeOrigin + performance.now();

/** Starts recording a trace's gateway-side events; `stop` returns them. */
function startTrace(gateway: Gateway): () => Omit<BatchTrace, 'batchStart' | 'batchEnd' | 'healthz'> {
  const served: BatchTrace['served'] = [];
  const stalls: BatchTrace['stalls'] = [];
  const gcs: BatchTrace['gcs'] = [];
  const onRequest = (request: { url?: string }, response: { once(event: 'finish', f: () => void): void }) => {
    if (request.url !== '/healthz') return;
    const at = now();
    response.once('finish', () => served.push({ at, ms: now() - at }));
  };
  gateway.httpServer.on('request', onRequest);
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind) ?? 0;
      gcs.push({ at: performance.timeOrigin + entry.startTime, ms: entry.duration, kind });
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const waitedBefore = mainThreadRunqueueMs();
  let last = now();
  const timer = setInterval(() => {
    const t = now();
    if (t - last > STALL_MS) stalls.push({ at: last, ms: t - last });
    last = t;
  }, 1);
  return () => {
    clearInterval(timer);
    observer.disconnect();
    gateway.httpServer.off('request', onRequest);
    const waitedAfter = mainThreadRunqueueMs();
    const mainWaitedMs = waitedBefore === undefined || waitedAfter === undefined ? undefined : waitedAfter - waitedBefore;
    return { served, stalls, gcs, mainWaitedMs };
  };
}

/**
 * Scores `uris` (bucket `bench` under `ossRoot`) in one `imageScores` query through a fresh
 * gateway on the local backend, as production builds it except for `scoring`. The query comes
 * from a client process and `/healthz` is probed from another, so neither client's work runs
 * on the event loop being measured. `warmUri` is scored first, so the pool's threads, sharp,
 * the schema and both clients are warm and the batch meets an empty score cache.
 */
export async function gatewayBatch(
  ossRoot: string,
  uris: readonly string[],
  warmUri: string,
  scoring: BatchScoring = {},
): Promise<BatchFigures> {
  const config = loadConfig({
    PORT: '0',
    LOCAL_OSS_ROOT: ossRoot,
    LOCAL_PROJECTS: 'bench',
    AUTH_MODE: 'none',
    RATE_LIMIT_PER_MINUTE: '0',
    ...(scoring.threads === undefined ? {} : { SCORER_THREADS: String(scoring.threads) }),
  });
  const pool =
    scoring.scorer === undefined && scoring.niceIncrement !== undefined
      ? new ScorerPool({ threads: config.local.scorerThreads, niceIncrement: scoring.niceIncrement })
      : undefined;
  const source = new LocalScoreSource({ ...config.local, scorer: scoring.scorer ?? pool });
  const gateway = await createGateway(config, { logger: pino({ level: 'silent' }), source });
  const address = await gateway.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${address.port}`;
  const client = await startBatchClient();
  try {
    await client.post(`${base}/graphql`, [warmUri]);
    const probe = await startHealthzProbe(`${base}/healthz`);
    const stopTrace = scoring.trace ? startTrace(gateway) : undefined;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const { startedAt, endedAt } = await client.post(`${base}/graphql`, uris);
    loop.disable();
    const traced = stopTrace?.();
    // Only the requests sent while the batch ran: the probe starts a little before it.
    const healthz = (await probe.stop()).filter((s) => s.at >= startedAt && s.at <= endedAt);
    const ms = healthz.map((s) => s.ms);
    return {
      imagesPerSecond: uris.length / ((endedAt - startedAt) / 1000),
      loopP99: loop.percentile(99) / 1e6,
      loopMax: loop.max / 1e6,
      healthzP50: percentile(ms, 50),
      healthzP99: percentile(ms, 99),
      healthzMax: Math.max(...ms),
      ...(traced ? { trace: { batchStart: startedAt, batchEnd: endedAt, healthz, ...traced } } : {}),
    };
  } finally {
    client.close();
    await gateway.close();
    await pool?.close();
  }
}
