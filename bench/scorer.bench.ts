/**
 * `npm run bench:scorer`: the local scorer's speed and memory on 12 MP JPEGs, measured beside
 * sharp's own decode-and-resize of the same file to the same size (the floor no scorer that
 * decodes can beat). Run with --expose-gc so each memory figure starts from a collected heap.
 *
 *   node --expose-gc dist/bench/scorer.bench.js [--runs N] [--rounds N] [--parts timing,memory,pool,batch] [--trace]
 *                                               [--baseline DIR] [--clock wall|cpu]
 *
 * `--baseline DIR`: also times the `scoreImage` of another build (DIR: the compiled
 * `src/scoring` folder of an earlier commit, see docs/scorer.md) beside the same decode, in the
 * same run, so a change's cost is read as two ratios measured under the same load (the floor,
 * this build and the baseline take turns in every round). `--clock cpu` times by the process's
 * CPU time instead of elapsed time: on a busy shared machine it is far steadier.
 *
 * Memory is measured the way requests reach the scorer: 32 concurrent
 * `LocalScoreSource.score()` calls for 32 distinct 12 MP JPEG objects in a temporary OSS root
 * (the source bounds how many are read and decoded at once), through the worker pool and
 * through today's in-process path, and, for comparison, 32 bare `scoreImage` calls with
 * nothing bounding them. Each runs in a fresh child process, so one figure does not inherit
 * another's allocator pages (the pool's worker threads count: they share the process's RSS).
 *
 * The pool's figures, each beside the in-process path in the same run, rounds alternating:
 * images/s of the scorer alone for 1, 2, 4, ... worker threads up to the CPU count; and one
 * `imageScores` query of 48 distinct 12 MP JPEGs through a real gateway over HTTP, for the
 * in-process path, the pool at `SCORER_THREADS` = 1, 2, 4, ... up to the CPU count, the default
 * pool with its threads at the main thread's priority, and a scorer that uses no CPU (the
 * floor the machine allows): images/s, the gateway's event-loop delay
 * (`monitorEventLoopDelay`), and `/healthz` latency. The query and the probe each run in a
 * process of their own. Figures are medians over `--rounds` rounds (default 3).
 *
 * `--trace` adds a table of where the slow `/healthz` requests' time went: before the
 * gateway's JavaScript saw them, in the gateway, or elsewhere (the kernel, the probe's own
 * process), with the gateway's collections and how long its main thread waited for a core.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { LocalScoreSource } from '../src/datasources/local/local.datasource';
import { loadBaselineScorer } from '../scripts/eval/baseline';
import { fmt, markdownTable } from '../scripts/eval/table';
import { scoreImage } from '../src/scoring';
import { ANALYSIS_LONG_SIDE } from '../src/scoring/options';
import { benchInputs, distinctCopies } from './lib/inputs';
import { gatewayBatch, type BatchFigures, type BatchScoring } from './lib/gateway-batch';
import { slowRequests, type SlowRequest } from './lib/healthz-tail';
import { idleScorer, inProcessScorer } from './lib/in-process-scorer';
import { alternate, type Clock, median, peakRss, throughput } from './lib/measure';
import { scorerThroughput, threadCounts } from './lib/pool-throughput';
import { ScorerPool } from '../src/scoring/pool/scorer-pool';
import { defaultScorerThreads } from '../src/scoring/pool/threads';

const MB = 1024 * 1024;
const IN_FLIGHT = 32;
/** Images of the gateway batch, as the issue measured it. */
const BATCH = 48;
/** Images of each throughput round. */
const THROUGHPUT_IMAGES = 24;
const MEMORY_MODES = ['gateway', 'in-process', 'unbounded'] as const;
type MemoryMode = (typeof MEMORY_MODES)[number];

/** The floor: what the scorer's decode costs with no feature computed at all. */
function decodeAndResize(input: Buffer): Promise<Buffer> {
  return sharp(input)
    .resize({ width: ANALYSIS_LONG_SIDE, height: ANALYSIS_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer();
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** `--clock wall|cpu` (default wall): what the timing part reads (see `Clock`). */
function argClock(): Clock {
  const raw = argValue('--clock') ?? 'wall';
  if (raw !== 'wall' && raw !== 'cpu') throw new Error(`--clock must be wall or cpu: ${raw}`);
  return raw;
}

const PARTS = ['timing', 'memory', 'pool', 'batch'] as const;

/** `--parts timing,memory,pool,batch` (default all): which tables to measure. */
function argParts(): Set<string> {
  const raw = argValue('--parts');
  const parts = raw === undefined ? [...PARTS] : raw.split(',').map((p) => p.trim());
  const unknown = parts.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`--parts takes ${PARTS.join(', ')}: ${unknown.join(', ')}`);
  return new Set(parts);
}

function argCount(name: string, fallback: number): number {
  const raw = argValue(name);
  const count = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(count) || count < 1) throw new Error(`${name} must be a positive integer: ${String(raw)}`);
  return count;
}

/** Child process: one memory scenario; prints `{before, peak}` as JSON on stdout. */
async function memoryChild(mode: MemoryMode): Promise<void> {
  const inputs = await benchInputs();
  const copies = distinctCopies(inputs, IN_FLIGHT);
  const gc = (globalThis as { gc?: () => void }).gc;
  let run: () => Promise<unknown>;
  let root: string | undefined;
  if (mode === 'gateway' || mode === 'in-process') {
    root = mkdtempSync(join(os.tmpdir(), 'scorer-bench-'));
    mkdirSync(join(root, 'bench'));
    copies.forEach((bytes, i) => writeFileSync(join(root!, 'bench', `photo-${i}.jpg`), bytes));
    copies.length = 0; // the objects live on disk now, as a gateway's would
    const source = new LocalScoreSource({
      ossRoot: root,
      projects: ['bench'],
      maxObjectBytes: 100 * MB,
      scorer: mode === 'in-process' ? inProcessScorer : undefined,
    });
    run = () =>
      Promise.all(
        Array.from({ length: IN_FLIGHT }, (_, i) =>
          source.score({ projectName: 'bench', sourceUri: `oss://bench/photo-${i}.jpg` }),
        ),
      );
  } else {
    run = () => Promise.all(copies.map((b) => scoreImage(b)));
  }
  gc?.();
  try {
    const mem = await peakRss(run);
    process.stdout.write(JSON.stringify(mem));
  } finally {
    if (root) rmSync(root, { recursive: true, force: true });
  }
  // The pool's idle threads are unreferenced: nothing else keeps this child alive.
}

/** Images/s of the scorer alone: in-process (today) and the pool at each thread count. */
async function poolThroughput(inputs: Awaited<ReturnType<typeof benchInputs>>, rounds: number): Promise<string[][]> {
  const images = distinctCopies(inputs, THROUGHPUT_IMAGES);
  const cores = os.availableParallelism();
  const counts = threadCounts(cores);
  const pools = counts.map((threads) => new ScorerPool({ threads }));
  const figures = new Map<string, number[]>();
  const record = (name: string, value: number) => figures.set(name, [...(figures.get(name) ?? []), value]);
  try {
    // Start every pool's threads (and sharp in them) before any clock runs.
    await Promise.all(pools.map((pool) => Promise.all(images.slice(0, pool.threads).map((b) => pool.score(Buffer.from(b))))));
    for (let round = 0; round < rounds; round++) {
      record('in-process', await scorerThroughput(inProcessScorer, images, Math.max(2, cores)));
      for (const pool of pools) record(`pool-${pool.threads}`, await scorerThroughput(pool, images, Math.max(2, pool.threads)));
    }
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
  const today = median(figures.get('in-process')!);
  return [
    [`in-process scoreImage (today), ${Math.max(2, cores)} in flight`, fmt(today, 1), '1.00x'],
    ...counts.map((threads) => {
      const perSecond = median(figures.get(`pool-${threads}`)!);
      return [`worker pool, ${threads} thread${threads > 1 ? 's' : ''}, ${Math.max(2, threads)} in flight`, fmt(perSecond, 1), `${fmt(perSecond / today)}x`];
    }),
  ];
}

/** A `/healthz` request slower than this is split by where its time went (`--trace`). */
const SLOW_HEALTHZ_MS = 10;

/** The batch's tables: figures per scorer, and with `--trace` where the slow `/healthz` requests' time went. */
interface BatchTables {
  figures: string[][];
  tail?: string[][];
  /** 1-minute load average at the start of each round. */
  loads: number[];
}

/**
 * One 48-image gateway batch per round and scorer: today's in-process path, the pool at each
 * thread count (`SCORER_THREADS`) up to the CPU count, and the no-CPU floor. Every round runs
 * them all, each starting one later than the round before, so no scorer always runs first.
 */
async function batchThroughGateway(
  inputs: Awaited<ReturnType<typeof benchInputs>>,
  rounds: number,
  trace: boolean,
): Promise<BatchTables> {
  const root = mkdtempSync(join(os.tmpdir(), 'scorer-bench-batch-'));
  try {
    mkdirSync(join(root, 'bench'));
    distinctCopies(inputs, BATCH + 1).forEach((bytes, i) => writeFileSync(join(root, 'bench', `photo-${i}.jpg`), bytes));
    const uris = Array.from({ length: BATCH }, (_, i) => `oss://bench/photo-${i}.jpg`);
    const warm = `oss://bench/photo-${BATCH}.jpg`;
    const byDefault = defaultScorerThreads();
    const scorers: { name: string; scoring: BatchChildScoring }[] = [
      { name: 'in-process scoreImage (before the pool)', scoring: { scorer: 'in-process' } },
      ...threadCounts(os.availableParallelism()).map((threads) => ({
        name: `worker pool, SCORER_THREADS=${threads}${threads === byDefault ? ' (the default here)' : ''}`,
        scoring: { threads },
      })),
      {
        name: `worker pool, SCORER_THREADS=${byDefault}, threads 10 nice levels down`,
        scoring: { threads: byDefault, niceIncrement: 10 },
      },
      {
        name: `worker pool, SCORER_THREADS=${byDefault}, threads at the main thread's priority (before niceIncrement)`,
        scoring: { threads: byDefault, niceIncrement: 0 },
      },
      { name: 'floor: a scorer that uses no CPU (answers after 40 ms)', scoring: { scorer: 'idle' } },
    ];
    const runs = scorers.map(() => [] as BatchFigures[]);
    const loads: number[] = [];
    for (let round = 0; round < rounds; round++) {
      loads.push(os.loadavg()[0]!);
      for (let k = 0; k < scorers.length; k++) {
        const i = (round + k) % scorers.length;
        process.stderr.write(`  round ${round + 1}: ${scorers[i]!.name}\n`);
        runs[i]!.push(await batchInChild({ root, uris, warm, trace, ...scorers[i]!.scoring }));
      }
    }
    const figures = scorers.map(({ name }, i) => {
      const m = (key: Exclude<keyof BatchFigures, 'trace'>) => median(runs[i]!.map((f) => f[key]));
      return [name, fmt(m('imagesPerSecond'), 1), fmt(m('loopP99'), 1), fmt(m('loopMax'), 1), fmt(m('healthzP50'), 1), fmt(m('healthzP99'), 1), fmt(m('healthzMax'), 1)];
    });
    if (!trace) return { figures, loads };
    const tail = scorers.map(({ name }, i) => {
      const slow = runs[i]!.flatMap((f) => (f.trace ? slowRequests(f.trace, SLOW_HEALTHZ_MS) : []));
      const all = runs[i]!.reduce((n, f) => n + (f.trace?.healthz.length ?? 0), 0);
      const sum = (key: 'totalMs' | 'beforeServerMs' | 'serverMs' | 'elsewhereMs') => slow.reduce((t, r) => t + r[key], 0);
      const share = (key: 'beforeServerMs' | 'serverMs' | 'elsewhereMs') => (slow.length === 0 ? '–' : `${fmt((100 * sum(key)) / sum('totalMs'), 0)}%`);
      const worst = slow.reduce<SlowRequest | undefined>((w, r) => (w === undefined || r.totalMs > w.totalMs ? r : w), undefined);
      const gcs = runs[i]!.flatMap((f) => f.trace?.gcs.map((g) => g.ms) ?? []);
      const waited = runs[i]!.flatMap((f) => (f.trace?.mainWaitedMs === undefined ? [] : [(100 * f.trace.mainWaitedMs) / (f.trace.batchEnd - f.trace.batchStart)]));
      return [
        name,
        `${slow.length} of ${all}`,
        share('beforeServerMs'),
        share('serverMs'),
        share('elsewhereMs'),
        worst ? `${fmt(worst.totalMs, 1)} = ${fmt(worst.beforeServerMs, 1)} + ${fmt(worst.serverMs, 1)} + ${fmt(worst.elsewhereMs, 1)}` : '–',
        `${gcs.length}, max ${fmt(Math.max(0, ...gcs), 1)}`,
        waited.length === 0 ? '–' : `${fmt(median(waited), 1)}%`,
      ];
    });
    return { figures, tail, loads };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** What a batch child process is asked to run: {@link gatewayBatch}'s arguments, as JSON. */
interface BatchChildScoring {
  /** Today's in-process path, or the no-CPU floor; the worker pool when absent. */
  scorer?: 'in-process' | 'idle';
  threads?: number;
  niceIncrement?: number;
}
interface BatchChildTask extends BatchChildScoring {
  root: string;
  uris: string[];
  warm: string;
  trace: boolean;
}

/** Child process: one gateway batch; prints its BatchFigures as JSON on stdout. */
async function batchChild(task: BatchChildTask): Promise<void> {
  let scoring: BatchScoring = { threads: task.threads, niceIncrement: task.niceIncrement, trace: task.trace };
  if (task.scorer === 'in-process') scoring = { scorer: inProcessScorer, trace: task.trace };
  if (task.scorer === 'idle') scoring = { scorer: idleScorer(await scoreImage((await benchInputs()).baseline)), trace: task.trace };
  const figures = await gatewayBatch(task.root, task.uris, task.warm, scoring);
  process.stdout.write(JSON.stringify(figures));
}

/**
 * Runs one gateway batch in a fresh child process, so that no batch inherits another's heap,
 * threads or thread priorities (libvips' threads outlive a pool, at the nice value it set).
 */
function batchInChild(task: BatchChildTask): Promise<BatchFigures> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--batch', JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`batch child exited with ${String(code)}`));
      else resolve(JSON.parse(out) as BatchFigures);
    });
  });
}

/** Runs one memory scenario in a fresh child process. */
function measureMemory(mode: MemoryMode): Promise<{ before: number; peak: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--memory', mode], { execArgv: ['--expose-gc'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`memory child (${mode}) exited with ${String(code)}`));
      else resolve(JSON.parse(out) as { before: number; peak: number });
    });
  });
}

async function main(): Promise<void> {
  const batch = argValue('--batch');
  if (batch !== undefined) return batchChild(JSON.parse(batch) as BatchChildTask);
  const mode = argValue('--memory');
  if ((MEMORY_MODES as readonly string[]).includes(mode ?? '')) return memoryChild(mode as MemoryMode);
  if (mode !== undefined) throw new Error(`--memory must be one of ${MEMORY_MODES.join(', ')}: ${mode}`);

  const runs = argCount('--runs', 31);
  const rounds = argCount('--rounds', 3);
  const parts = argParts();
  const trace = process.argv.includes('--trace');
  const inputs = await benchInputs();
  const log = (line: string): boolean => process.stderr.write(`${line}\n`);
  const out = (text: string): boolean => process.stdout.write(text);
  log(`inputs: ${inputs.source}; sharp concurrency ${sharp.concurrency()}; ${runs} runs, ${rounds} rounds; load ${os.loadavg().map((l) => fmt(l, 1)).join(' ')}`);
  out(`\nInputs: ${inputs.source}, quality 90. Analysis size ${ANALYSIS_LONG_SIDE} px long side.\n`);
  out(`Load average at the start: ${os.loadavg().map((l) => fmt(l, 1)).join(' ')} on ${os.availableParallelism()} cores.\n\n`);

  if (parts.has('timing')) {
    const rows: string[][] = [];
    const baselineDir = argValue('--baseline');
    const clock = argClock();
    const baseline = baselineDir === undefined ? undefined : loadBaselineScorer(baselineDir);
    for (const [name, input] of [['baseline', inputs.baseline], ['progressive', inputs.progressive]] as const) {
      // The floor, then this build, then the --baseline build, in every round: the two builds'
      // ratios are read under the same load.
      log(`timing ${name}${baseline ? ' and the --baseline build' : ''} (${clock} time)`);
      const fns: (() => Promise<unknown>)[] = [() => decodeAndResize(input), () => scoreImage(input)];
      if (baseline) fns.push(() => baseline(input));
      const { medians, ratios } = await alternate(fns, runs, { clock });
      if (baseline) rows.push([`12 MP ${name} JPEG, --baseline build`, fmt(medians[0]!, 1), fmt(medians[2]!, 1), `${fmt(ratios[2]!)}x`, '']);
      log(`throughput ${name}`);
      const perSecond = await throughput(() => scoreImage(input), 4 * runs, 2);
      rows.push([`12 MP ${name} JPEG (${fmt(input.length / MB, 1)} MB)`, fmt(medians[0]!, 1), fmt(medians[1]!, 1), `${fmt(ratios[1]!)}x`, fmt(perSecond, 1)]);
    }
    out(
      `${markdownTable(
        [
          'input',
          `sharp decode+resize (ms ${clock}, median)`,
          `scoreImage (ms ${clock}, median)`,
          'ratio, median of rounds (target <= 1.4)',
          'images/s, 2 in flight',
        ],
        rows,
      )}\n\n`,
    );
  }

  if (parts.has('memory')) {
    log(`memory: ${IN_FLIGHT} requests in flight through LocalScoreSource (pool, then in-process), then ${IN_FLIGHT} bare scoreImage calls`);
    const row = (name: string, m: { before: number; peak: number }) => [name, fmt(m.before / MB, 0), fmt(m.peak / MB, 0), fmt((m.peak - m.before) / MB, 0)];
    const rows = [
      row('through LocalScoreSource on the worker pool (the gateway path; target <= 400)', await measureMemory('gateway')),
      row('through LocalScoreSource, in-process scoreImage (before the pool)', await measureMemory('in-process')),
      row('bare scoreImage, nothing bounding it', await measureMemory('unbounded')),
    ];
    out(`${markdownTable(['memory, 32 distinct 12 MP JPEGs in flight (half progressive)', 'RSS before (MB)', 'peak RSS (MB)', 'growth (MB)'], rows)}\n\n`);
  }

  if (parts.has('pool')) {
    log(`pool throughput, ${rounds} rounds`);
    const rows = await poolThroughput(inputs, rounds);
    out(`${markdownTable([`scorer alone, ${THROUGHPUT_IMAGES} distinct 12 MP JPEGs (half progressive)`, 'images/s (median)', 'vs in-process'], rows)}\n\n`);
  }

  if (parts.has('batch')) {
    log(`gateway batch of ${BATCH}, ${rounds} rounds${trace ? ', traced' : ''}`);
    const tables = await batchThroughGateway(inputs, rounds, trace);
    out(
      `${markdownTable(
        [
          `one imageScores query of ${BATCH} distinct 12 MP JPEGs through the gateway (medians of ${rounds} rounds)`,
          'images/s',
          'event-loop delay p99 (ms)',
          'event-loop delay max (ms)',
          '/healthz p50 (ms)',
          '/healthz p99 (ms, target <= 10)',
          '/healthz max (ms, target <= 30)',
        ],
        tables.figures,
      )}\n\n`,
    );
    out(`1-minute load average at the start of each round: ${tables.loads.map((l) => fmt(l, 1)).join(', ')}.\n\n`);
    if (tables.tail) {
      out(
        `${markdownTable(
          [
            `/healthz requests over ${SLOW_HEALTHZ_MS} ms, all rounds: where their time went`,
            'slow requests',
            'before the gateway saw it',
            'in the gateway',
            'elsewhere (kernel, probe process)',
            'slowest (ms) = before + in + elsewhere',
            'gateway GCs, max (ms)',
            "gateway's main thread waiting for a core (% of the batch, median)",
          ],
          tables.tail,
        )}\n\n`,
      );
    }
  }
  out(`Load average at the end: ${os.loadavg().map((l) => fmt(l, 1)).join(' ')}.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
