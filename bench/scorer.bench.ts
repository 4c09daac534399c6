/**
 * `npm run bench:scorer`: the local scorer's speed and memory on 12 MP JPEGs, measured beside
 * sharp's own decode-and-resize of the same file to the same size (the floor no scorer that
 * decodes can beat). Run with --expose-gc so the memory figure starts from a collected heap.
 *
 *   node --expose-gc dist/bench/scorer.bench.js [--runs N]
 */
import sharp from 'sharp';
import { fmt, markdownTable } from '../scripts/eval/table';
import { scoreImage } from '../src/scoring';
import { ANALYSIS_LONG_SIDE } from '../src/scoring/options';
import { benchInputs } from './lib/inputs';
import { peakRss, sideBySide, throughput } from './lib/measure';

const MB = 1024 * 1024;

/** The floor: what the scorer's decode costs with no feature computed at all. */
function decodeAndResize(input: Buffer): Promise<Buffer> {
  return sharp(input)
    .resize({ width: ANALYSIS_LONG_SIDE, height: ANALYSIS_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer();
}

function argRuns(): number {
  const i = process.argv.indexOf('--runs');
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 15;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer: ${String(process.argv[i + 1])}`);
  return runs;
}

async function main(): Promise<void> {
  const runs = argRuns();
  const inputs = await benchInputs();
  const log = (line: string): boolean => process.stderr.write(`${line}\n`);
  log(`inputs: ${inputs.source}; sharp concurrency ${sharp.concurrency()}; ${runs} runs each`);

  // Memory first, from a fresh process: timing runs leave freed-but-retained allocator pages.
  log('memory: 32 scores in flight');
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  // 32 distinct buffers, as 32 requests would hold, half baseline and half progressive.
  const buffers = Array.from({ length: 32 }, (_, i) => Buffer.from(i % 2 ? inputs.progressive : inputs.baseline));
  const mem = await peakRss(() => Promise.all(buffers.map((b) => scoreImage(b))));

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
      `${fmt(t.b / t.a)}x`,
      fmt(perSecond, 1),
    ]);
  }

  process.stdout.write(`\nInputs: ${inputs.source}, quality 90. Analysis size ${ANALYSIS_LONG_SIDE} px long side.\n\n`);
  process.stdout.write(
    `${markdownTable(
      ['input', 'sharp decode+resize (ms, median)', 'scoreImage (ms, median)', 'ratio (target <= 1.3)', 'images/s, 2 in flight'],
      rows,
    )}\n\n`,
  );
  process.stdout.write(
    `${markdownTable(
      ['memory', 'MB'],
      [
        ['RSS before (inputs loaded)', fmt(mem.before / MB, 0)],
        ['peak RSS, 32 x 12 MP scores in flight (target <= 400)', fmt(mem.peak / MB, 0)],
        ['growth', fmt((mem.peak - mem.before) / MB, 0)],
      ],
    )}\n`,
  );
  if (!gc) process.stdout.write('(run with node --expose-gc for a collected starting heap)\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
