/**
 * `node dist/scripts/scorer-fingerprint.js [--save | --compare] [--pool]`: every sub-score and the overall
 * score of a fixed set of images, printed at full precision, so that a change meant only to make
 * the scorer faster can be shown to leave every value where it was.
 *
 * Images: the bundled samples, a blurred, a noisy and a quality-7 JPEG copy of each, two tiny
 * thumbnails (the features' small-image branches) and the scorer bench's 12 MP inputs. Generated
 * copies are written once into bench/.cache/fingerprint/ and read back after, so each run scores
 * the same bytes. `--save` writes the reference to bench/.cache/scorer-fingerprint.json;
 * `--compare` reports the largest |difference| from it and fails above 1e-9. `--pool` scores
 * through the worker pool (ScorerPool) instead of calling `scoreImage` in this thread, so a
 * reference saved in-process shows the pool changes nothing.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { benchInputs, BENCH_CACHE } from '../bench/lib/inputs';
import { scoreImage } from '../src/scoring';
import type { ImageQuality } from '../src/scoring';
import { ScorerPool } from '../src/scoring/pool/scorer-pool';
import { gaussian, seededRandom } from './eval/random';

const SAMPLES = join(process.cwd(), 'data/oss/samples');
const GENERATED = join(BENCH_CACHE, 'fingerprint');
const REFERENCE = join(BENCH_CACHE, 'scorer-fingerprint.json');
/** Largest |difference| from the reference that still counts as the same score. */
const TOLERANCE = 1e-9;

type Fingerprint = Record<string, Record<string, number>>;

/** Sensor-like gaussian noise, sigma 12 of 255, from a seeded source so it is reproducible. */
async function addNoise(input: Buffer, seed: number): Promise<Buffer> {
  const { data, info } = await sharp(input).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const random = seededRandom(seed);
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + 12 * gaussian(random))));
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toBuffer();
}

/** Each generated copy of one sample, by suffix. */
const COPIES: Record<string, (input: Buffer, seed: number) => Promise<Buffer>> = {
  blur: (input) => sharp(input).blur(2).png().toBuffer(),
  noise: addNoise,
  q7: (input) => sharp(input).flatten({ background: '#ffffff' }).jpeg({ quality: 7 }).toBuffer(),
  thumb: (input) => sharp(input).resize(40, 30, { fit: 'fill' }).png().toBuffer(),
  tiny: (input) => sharp(input).resize(12, 9, { fit: 'fill' }).png().toBuffer(),
};

/** The generated copy `name`, made on first use and read back from the cache after. */
async function cached(name: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const file = join(GENERATED, name);
  if (!existsSync(file)) writeFileSync(file, await make());
  return readFileSync(file);
}

/** Every image of the fingerprint, by a stable name. */
async function images(): Promise<[string, Buffer][]> {
  mkdirSync(GENERATED, { recursive: true });
  const out: [string, Buffer][] = [];
  const files = readdirSync(SAMPLES).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
  for (const [k, file] of files.entries()) {
    const input = readFileSync(join(SAMPLES, file));
    const stem = basename(file, extname(file));
    out.push([file, input]);
    for (const [suffix, make] of Object.entries(COPIES)) {
      const ext = suffix === 'q7' ? 'jpg' : 'png';
      out.push([`${stem}-${suffix}.${ext}`, await cached(`${stem}-${suffix}.${ext}`, () => make(input, 1000 + k))]);
    }
  }
  const bench = await benchInputs();
  out.push(['12mp-baseline.jpg', bench.baseline], ['12mp-progressive.jpg', bench.progressive]);
  return out;
}

async function fingerprint(score: (input: Buffer) => Promise<ImageQuality>): Promise<Fingerprint> {
  const result: Fingerprint = {};
  for (const [name, input] of await images()) {
    const q = await score(input);
    result[name] = { overall: q.overall, ...q.breakdown };
  }
  return result;
}

/** Largest |difference| per image and overall; missing values count as infinitely different. */
function compare(reference: Fingerprint, current: Fingerprint): number {
  let worst = 0;
  for (const [name, values] of Object.entries(reference)) {
    for (const [key, ref] of Object.entries(values)) {
      const now = current[name]?.[key];
      const diff = now === undefined ? Infinity : Math.abs(now - ref);
      if (diff > TOLERANCE) process.stdout.write(`${name} ${key}: ${ref} -> ${String(now)}\n`);
      worst = Math.max(worst, diff);
    }
  }
  return worst;
}

async function main(): Promise<void> {
  const pool = process.argv.includes('--pool') ? new ScorerPool() : undefined;
  let current: Fingerprint;
  try {
    current = await fingerprint(pool ? (input) => pool.score(input) : scoreImage);
  } finally {
    await pool?.close();
  }
  if (process.argv.includes('--save')) {
    writeFileSync(REFERENCE, `${JSON.stringify(current, null, 1)}\n`);
    process.stdout.write(`saved ${Object.keys(current).length} images to ${REFERENCE}\n`);
    return;
  }
  if (process.argv.includes('--compare')) {
    const reference = JSON.parse(readFileSync(REFERENCE, 'utf8')) as Fingerprint;
    const worst = compare(reference, current);
    process.stdout.write(`${Object.keys(reference).length} images; max |difference| ${worst}\n`);
    if (worst > TOLERANCE) process.exitCode = 1;
    return;
  }
  process.stdout.write(`${JSON.stringify(current, null, 1)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fingerprint failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
