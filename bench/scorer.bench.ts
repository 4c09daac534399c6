/**
 * `npm run bench:scorer`: the local scorer's speed and memory on 12 MP JPEGs, measured beside
 * sharp's own decode-and-resize of the same file to the same size (the floor no scorer that
 * decodes can beat). Run with --expose-gc so each memory figure starts from a collected heap.
 *
 *   node --expose-gc dist/bench/scorer.bench.js [--runs N]
 *
 * Memory is measured the way requests reach the scorer: 32 concurrent
 * `LocalScoreSource.score()` calls for 32 distinct 12 MP JPEG objects in a temporary OSS root
 * (the source bounds how many are read and decoded at once), and, for comparison, 32 bare
 * `scoreImage` calls with nothing bounding them. Each runs in a fresh child process, so one
 * figure does not inherit the other's allocator pages.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { LocalScoreSource } from '../src/datasources/local/local.datasource';
import { fmt, markdownTable } from '../scripts/eval/table';
import { scoreImage } from '../src/scoring';
import { ANALYSIS_LONG_SIDE } from '../src/scoring/options';
import { benchInputs, distinctCopies } from './lib/inputs';
import { peakRss, sideBySide, throughput } from './lib/measure';

const MB = 1024 * 1024;
const IN_FLIGHT = 32;
type MemoryMode = 'gateway' | 'unbounded';

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

function argRuns(): number {
  const raw = argValue('--runs');
  const runs = raw === undefined ? 31 : Number(raw);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer: ${String(raw)}`);
  return runs;
}

/** Child process: one memory scenario; prints `{before, peak}` as JSON on stdout. */
async function memoryChild(mode: MemoryMode): Promise<void> {
  const inputs = await benchInputs();
  const copies = distinctCopies(inputs, IN_FLIGHT);
  const gc = (globalThis as { gc?: () => void }).gc;
  let run: () => Promise<unknown>;
  let root: string | undefined;
  if (mode === 'gateway') {
    root = mkdtempSync(join(os.tmpdir(), 'scorer-bench-'));
    mkdirSync(join(root, 'bench'));
    copies.forEach((bytes, i) => writeFileSync(join(root!, 'bench', `photo-${i}.jpg`), bytes));
    copies.length = 0; // the objects live on disk now, as a gateway's would
    const source = new LocalScoreSource({ ossRoot: root, projects: ['bench'], maxObjectBytes: 100 * MB });
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
  const mode = argValue('--memory');
  if (mode === 'gateway' || mode === 'unbounded') return memoryChild(mode);
  if (mode !== undefined) throw new Error(`--memory must be gateway or unbounded: ${mode}`);

  const runs = argRuns();
  const inputs = await benchInputs();
  const log = (line: string): boolean => process.stderr.write(`${line}\n`);
  log(`inputs: ${inputs.source}; sharp concurrency ${sharp.concurrency()}; ${runs} runs each; load ${os.loadavg().map((l) => fmt(l, 1)).join(' ')}`);

  log(`memory: ${IN_FLIGHT} requests in flight through LocalScoreSource, then ${IN_FLIGHT} bare scoreImage calls`);
  const gateway = await measureMemory('gateway');
  const unbounded = await measureMemory('unbounded');

  const rows: string[][] = [];
  for (const [name, input] of [['baseline', inputs.baseline], ['progressive', inputs.progressive]] as const) {
    log(`timing ${name}`);
    const t = await sideBySide(() => decodeAndResize(input), () => scoreImage(input), runs);
    log(`throughput ${name}`);
    const perSecond = await throughput(() => scoreImage(input), 4 * runs, 2);
    rows.push([
      `12 MP ${name} JPEG (${fmt(input.length / MB, 1)} MB)`,
      fmt(t.a, 1),
      fmt(t.b, 1),
      `${fmt(t.ratio)}x`,
      fmt(perSecond, 1),
    ]);
  }

  process.stdout.write(`\nInputs: ${inputs.source}, quality 90. Analysis size ${ANALYSIS_LONG_SIDE} px long side.\n`);
  process.stdout.write(`Load average at the end: ${os.loadavg().map((l) => fmt(l, 1)).join(' ')} on ${os.availableParallelism()} cores.\n\n`);
  process.stdout.write(
    `${markdownTable(
      ['input', 'sharp decode+resize (ms, median)', 'scoreImage (ms, median)', 'ratio, median of pairs (target <= 1.3)', 'images/s, 2 in flight'],
      rows,
    )}\n\n`,
  );
  process.stdout.write(
    `${markdownTable(
      ['memory, 32 distinct 12 MP JPEGs in flight (half progressive)', 'RSS before (MB)', 'peak RSS (MB)', 'growth (MB)'],
      [
        ['through LocalScoreSource (the gateway path; target <= 400)', fmt(gateway.before / MB, 0), fmt(gateway.peak / MB, 0), fmt((gateway.peak - gateway.before) / MB, 0)],
        ['bare scoreImage, nothing bounding it', fmt(unbounded.before / MB, 0), fmt(unbounded.peak / MB, 0), fmt((unbounded.peak - unbounded.before) / MB, 0)],
      ],
    )}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
