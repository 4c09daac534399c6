/**
 * Soak run of the hostile corpus: scores every hostile input of test/scoring/hostile.test.ts,
 * the decode-memory objects of bench/lib/hostile-images.ts and a few real photos, shuffled,
 * `--in-flight` at once with nothing bounding them, for `--iterations` rounds or until
 * `--minutes` have passed, in one process. It looks for native crashes (a heap corruption
 * abort kills the process: the exit status and stderr say so) and for a wrong outcome.
 *
 *   node dist/scripts/hostile-soak.js [--iterations 200] [--in-flight 8] [--minutes 40]
 *
 * Prints one line per round (outcomes, RSS) and a summary; exits 1 when an outcome changed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { DEFAULT_LOCAL_OSS_ROOT } from '../src/config';
import { toScoreError } from '../src/errors';
import { scoreImage } from '../src/scoring';
import { flatAvif, pngBomb, pngWithCompressedText, pngWithText, solidGif } from '../bench/lib/hostile-images';

const MB = 1024 * 1024;
const sample = (name: string) => readFileSync(join(DEFAULT_LOCAL_OSS_ROOT, 'samples', name));

async function corpus(): Promise<Array<[string, Buffer]>> {
  const jpeg = sample('building.jpg');
  const progressive = await sharp(sample('rocket.jpg')).jpeg({ progressive: true }).toBuffer();
  const png = sample('coffee.png');
  return [
    ['png bomb 30000^2', await pngBomb(30_000)],
    ['rocket as png', await sharp(sample('rocket.jpg')).png().toBuffer()],
    ['truncated jpeg', jpeg.subarray(0, Math.floor(jpeg.length * 0.6))],
    ['truncated progressive jpeg', progressive.subarray(0, Math.floor(progressive.length * 0.5))],
    ['truncated png', png.subarray(0, Math.floor(png.length * 0.5))],
    ['text', Buffer.from('this is not an image, whatever the file name says\n'.repeat(50))],
    ['jpeg header + garbage', Buffer.concat([sample('fruits.jpg').subarray(0, 600), Buffer.alloc(4000, 0x5a)])],
    ['empty', Buffer.alloc(0)],
    ['gif 100 MP', solidGif(10_000, 10_000)],
    ['avif 4000^2', await flatAvif(4000, 4000)],
    ['png 30 MB tEXt', await pngWithText(30 * MB)],
    ['png zTXt 40 MB', await pngWithCompressedText(40 * MB)],
    ['coffee.png', png],
    ['building.jpg', jpeg],
    ['hubble_deep_field.jpg', sample('hubble_deep_field.jpg')],
    ['astronaut.png', sample('astronaut.png')],
  ];
}

function outcome(input: Buffer): Promise<string> {
  return scoreImage(input).then(
    (q) => `score ${q.overall.toFixed(6)}`,
    (error: unknown) => toScoreError(error).code,
  );
}

function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0 || 1;
  for (let i = items.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) >>> 0;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { iterations: { type: 'string' }, 'in-flight': { type: 'string' }, minutes: { type: 'string' } },
  });
  const iterations = Number(values.iterations ?? 200);
  const inFlight = Number(values['in-flight'] ?? 8);
  const deadline = Date.now() + Number(values.minutes ?? 40) * 60_000;
  const inputs = await corpus();
  const log = (line: string) => process.stdout.write(`${new Date().toISOString()} ${line}\n`);
  log(`sharp ${sharp.versions.sharp} libvips ${sharp.versions.vips} node ${process.version}; vips threads ${sharp.concurrency()}; ${inputs.length} inputs, ${inFlight} in flight, ${iterations} rounds`);

  const expected = new Map<string, string>();
  let changed = 0;
  let round = 0;
  for (; round < iterations && Date.now() < deadline; round++) {
    const queue = shuffle([...inputs], round + 1);
    const seen = new Map<string, string>();
    const worker = async () => {
      for (let item = queue.pop(); item; item = queue.pop()) seen.set(item[0], await outcome(item[1]));
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
    for (const [name, result] of seen) {
      const first = expected.get(name);
      if (first === undefined) expected.set(name, result);
      else if (first !== result) {
        changed++;
        log(`round ${round}: ${name} gave ${result}, first ${first}`);
      }
    }
    log(`round ${round} done; rss ${(process.memoryUsage.rss() / MB).toFixed(0)} MiB`);
  }
  log(`summary: ${round} rounds x ${inputs.length} inputs, ${changed} changed outcomes`);
  for (const [name, result] of expected) log(`  ${name}: ${result}`);
  process.exitCode = changed ? 1 : 0;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
