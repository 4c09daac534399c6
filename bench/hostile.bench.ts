/**
 * `npm run bench:hostile`: peak and settled RSS of scoring hostile images (small files that
 * decode to far more than they weigh), 1 and 8 requests in flight through LocalScoreSource,
 * each scenario in a fresh child process so that none inherits another's allocator pages.
 *
 *   node --expose-gc dist/bench/hostile.bench.js
 *
 * Peak is the kernel's high-water mark of the child (VmHWM), so no spike between samples is
 * missed; "after" is RSS 2 s after the last request settled and a GC.
 */
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadConfig } from '../src/config';
import { LocalScoreSource } from '../src/datasources/local/local.datasource';
import { toScoreError } from '../src/errors';
import { fmt, markdownTable } from '../scripts/eval/table';
import { flatAvif, pngWithCompressedText, pngWithText, solidGif } from './lib/hostile-images';

const MB = 1024 * 1024;

interface ChildResult {
  outcomes: string[];
  startMiB: number;
  peakMiB: number;
  afterMiB: number;
}

/** The hostile corpus and one real photo for comparison, keyed by object name. */
async function corpus(): Promise<Array<[string, string, Buffer]>> {
  return [
    ['gif-100mp.gif', '100 MP solid GIF', solidGif(10_000, 10_000)],
    ['avif-4000.avif', '4000x4000 flat AVIF', await flatAvif(4000, 4000)],
    ['png-text-30mb.png', '64x64 PNG, 30 MB tEXt chunk', await pngWithText(30 * MB)],
    ['png-ztxt-40mb.png', '64x64 PNG, zTXt inflating to 40 MB', await pngWithCompressedText(40 * MB)],
  ];
}

/**
 * This process's peak RSS, from /proc/self/status (Linux): `resourceUsage().maxRSS` would keep
 * the forking parent's RSS across exec and report that instead of a small child's own.
 */
function highWaterMiB(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(match?.[1]) / 1024;
}

/** Child: scores `copies` copies of one object at once; prints a ChildResult. */
async function child(root: string, key: string, copies: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  // The gateway's own defaults, as `npm start` would configure the source.
  const config = loadConfig({ LOCAL_OSS_ROOT: root, LOCAL_PROJECTS: 'bench' });
  const source = new LocalScoreSource(config.local);
  gc?.();
  const startMiB = process.memoryUsage.rss() / MB;
  const outcomes = await Promise.all(
    Array.from({ length: copies }, (_, i) =>
      source
        .score({ projectName: 'bench', sourceUri: `oss://bench/${i}-${key}` })
        .then(() => 'scored', (error: unknown) => toScoreError(error).code),
    ),
  );
  const peakMiB = highWaterMiB();
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  gc?.();
  const result: ChildResult = { outcomes, startMiB, peakMiB, afterMiB: process.memoryUsage.rss() / MB };
  process.stdout.write(JSON.stringify(result));
}

function runChild(root: string, key: string, copies: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const c = fork(__filename, ['--child', root, key, String(copies)], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    c.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    c.on('error', reject);
    c.on('exit', (code, signal) => {
      if (code !== 0) reject(new Error(`child for ${key} x${copies} exited with ${String(code ?? signal)}`));
      else resolve(JSON.parse(out) as ChildResult);
    });
  });
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    const [root, key, copies] = process.argv.slice(at + 1);
    return child(root!, key!, Number(copies));
  }
  const root = mkdtempSync(join(os.tmpdir(), 'hostile-bench-'));
  try {
    mkdirSync(join(root, 'bench'));
    const inputs = await corpus();
    const inFlight = [1, 8];
    for (const [key, , bytes] of inputs) {
      for (let i = 0; i < Math.max(...inFlight); i++) writeFileSync(join(root, 'bench', `${i}-${key}`), bytes);
    }
    const rows: string[][] = [];
    for (const [key, label, bytes] of inputs) {
      for (const copies of inFlight) {
        process.stderr.write(`${label}, ${copies} in flight\n`);
        const r = await runChild(root, key, copies);
        const outcomes = [...new Set(r.outcomes)].join(', ');
        rows.push([label, fmt(bytes.length / 1024, 1), String(copies), outcomes, fmt(r.startMiB, 0), fmt(r.peakMiB, 0), fmt(r.afterMiB, 0)]);
      }
    }
    process.stdout.write(
      `\nsharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}; ${os.availableParallelism()} cores; load ${os.loadavg().map((l) => fmt(l, 1)).join(' ')}\n\n`,
    );
    process.stdout.write(
      `${markdownTable(['input', 'file (KB)', 'in flight', 'outcome', 'RSS start (MiB)', 'peak RSS (MiB)', 'RSS after (MiB)'], rows)}\n`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
