import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { flatAvif, pngWithCompressedText, pngWithText, solidGif } from '../../bench/lib/hostile-images';
import { ScoreError, ScoreErrorCode } from '../../src/errors';
import {
  DEFAULT_MAX_DECODE_BYTES,
  DEFAULT_MAX_METADATA_BYTES,
  scoreImage,
  type ScorerOptions,
} from '../../src/scoring';
import { estimateDecodeBytes, metadataBytes } from '../../src/scoring/decode-budget';
import { ANALYSIS_LONG_SIDE } from '../../src/scoring/options';
import { samplePhoto, samplePhotos } from './fixtures';

const MB = 1024 * 1024;

/** Scores `input`, expecting a quick UNSUPPORTED_IMAGE with a client-safe message. */
async function expectRefused(input: Buffer, options?: ScorerOptions): Promise<ScoreError> {
  const started = performance.now();
  const error: unknown = await scoreImage(input, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScoreError);
  const scoreError = error as ScoreError;
  expect(scoreError.code).toBe(ScoreErrorCode.UNSUPPORTED_IMAGE);
  expect(scoreError.message).not.toMatch(/[/\\]/);
  // The emulator answers a message naming a limit with IMM's LimitExceededError.
  expect(scoreError.message).toMatch(/limit/);
  expect(performance.now() - started).toBeLessThan(3000);
  return scoreError;
}

describe('decode memory: images that decode to far more than they weigh', () => {
  it('refuses a 100 MP GIF of 68 KB from its header: GIF decodes to a full-size canvas', async () => {
    const gif = solidGif(10_000, 10_000);
    expect(gif.length).toBeLessThan(70_000);
    const error = await expectRefused(gif);
    expect(error.message).toMatch(/10000x10000 gif needs about \d+ MiB/);
  });

  it('refuses a 4000 x 4000 AVIF of a few hundred bytes: AVIF decodes at full size, several times over', async () => {
    const avif = await flatAvif(4000, 4000);
    expect(avif.length).toBeLessThan(1000);
    await expectRefused(avif);
  });

  it('refuses a PNG carrying a 30 MB text chunk, before libvips reads it', async () => {
    await expectRefused(await pngWithText(30 * MB));
  });

  it('refuses a PNG whose 40 KB zTXt chunk inflates to 40 MB', async () => {
    const png = await pngWithCompressedText(40 * MB);
    expect(png.length).toBeLessThan(100_000);
    await expectRefused(png);
  });

  it('scores images of the same formats within the bounds: a 1500 x 1500 AVIF, a 3000 x 3000 GIF, a PNG with 64 KB of text', async () => {
    for (const input of [await flatAvif(1500, 1500), solidGif(3000, 3000), await pngWithText(64 * 1024)]) {
      const quality = await scoreImage(input);
      expect(quality.overall).toBeGreaterThan(0);
    }
  });

  it('estimates every bundled sample photo far within the default bounds', async () => {
    const photos = samplePhotos();
    expect(photos.length).toBeGreaterThan(5);
    for (const { bytes } of photos) {
      const meta = await sharp(bytes).metadata();
      // 16x under the default: the defaults are not just barely enough for real photos.
      expect(estimateDecodeBytes(meta, ANALYSIS_LONG_SIDE)).toBeLessThan(DEFAULT_MAX_DECODE_BYTES / 16);
      expect(metadataBytes(meta)).toBeLessThan(DEFAULT_MAX_METADATA_BYTES / 16);
    }
  });

  it('estimates a 12 MP JPEG (shrunk on load) far under a 12 MP PNG, and both within the default', async () => {
    const header = (format: 'jpeg' | 'png') =>
      sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080' } })[format]().toBuffer().then((b) => sharp(b).metadata());
    const jpeg = estimateDecodeBytes(await header('jpeg'), ANALYSIS_LONG_SIDE);
    const png = estimateDecodeBytes(await header('png'), ANALYSIS_LONG_SIDE);
    expect(jpeg).toBeLessThan(png / 2);
    expect(png).toBeLessThan(DEFAULT_MAX_DECODE_BYTES);
  });

  it('scores only the first page of an animated GIF, and bounds the decode by that page', async () => {
    const page = (background: string) =>
      sharp({ create: { width: 500, height: 500, channels: 3, background } }).png().toBuffer();
    const frames = [await page('#336699'), await page('#993366'), await page('#669933')];
    const animated = await sharp(frames, { join: { animated: true } }).gif().toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(3);
    // One page's RGBA canvas (as decode-budget.ts counts it) is enough: the bound is per page.
    const onePage = Math.ceil(500 * 500 * 4 * 1.25);
    const quality = await scoreImage(animated, { maxDecodeBytes: onePage });
    expect([quality.width, quality.height]).toEqual([500, 500]);
    await expectRefused(animated, { maxDecodeBytes: onePage - 1 });
  });

  it('refuses a sample photo over a configured decode bound, naming the limit', async () => {
    const png = samplePhoto('astronaut.png');
    const error = await expectRefused(png, { maxDecodeBytes: 1000 });
    expect(error.message).toMatch(/over the limit of 0 MiB/);
  });

  it('refuses an invalid bound, naming the value', async () => {
    await expect(scoreImage(samplePhoto('coffee.png'), { maxDecodeBytes: 0 })).rejects.toThrow(
      'maxDecodeBytes must be a positive integer: 0',
    );
    await expect(scoreImage(samplePhoto('coffee.png'), { maxMetadataBytes: -1 })).rejects.toThrow(
      'maxMetadataBytes must be a positive integer: -1',
    );
  });
});

// `npm test` builds first (pretest); the child scores with the built source, as the gateway does.
const LOCAL_SOURCE = path.resolve(__dirname, '..', '..', 'dist', 'src', 'datasources', 'local', 'local.datasource.js');

/**
 * The child: scores every object of `<root>/hostile` 8 at a time through LocalScoreSource with
 * its defaults, and prints its outcomes and its peak RSS (the kernel's high-water mark, so no
 * spike between samples is missed). Linux only, as the Dockerfile's image is.
 */
const CHILD = `
const fs = require('node:fs');
const { LocalScoreSource } = require(process.argv[1]);
const root = process.argv[2];
const source = new LocalScoreSource({ ossRoot: root, projects: ['demo'], maxObjectBytes: 50 * 1024 * 1024 });
const keys = fs.readdirSync(root + '/hostile');
Promise.all(keys.map((key) => source.score({ projectName: 'demo', sourceUri: 'oss://hostile/' + key })
  .then(() => 'scored', (e) => e.code)))
  .then((outcomes) => {
    // VmHWM, not resourceUsage().maxRSS: that one keeps the forking parent's RSS across exec.
    const hwm = /VmHWM:[^0-9]*([0-9]+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    process.stdout.write(JSON.stringify({ outcomes, peakBytes: Number(hwm[1]) * 1024 }));
  });
`;

describe('decode memory of a process scoring hostile images', () => {
  let root: string;

  beforeAll(async () => {
    if (!existsSync(LOCAL_SOURCE)) throw new Error(`${LOCAL_SOURCE} is missing: run \`npm run build\``);
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'decode-memory-'));
    await fs.mkdir(path.join(root, 'hostile'));
    const inputs = [solidGif(10_000, 10_000), await flatAvif(4000, 4000), await pngWithCompressedText(40 * MB)];
    // Two of each, eight in flight: before the bounds, this peaked near 1 GB.
    for (let i = 0; i < 8; i++) {
      await fs.writeFile(path.join(root, 'hostile', `${i}.img`), inputs[i % inputs.length]!);
    }
  });

  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  it('keeps peak RSS far under what decoding them would take', async () => {
    const child = spawn(process.execPath, ['-e', CHILD, LOCAL_SOURCE, root], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    const { outcomes, peakBytes } = JSON.parse(out) as { outcomes: string[]; peakBytes: number };
    expect(new Set(outcomes)).toEqual(new Set([ScoreErrorCode.UNSUPPORTED_IMAGE]));
    // Node and sharp alone take about 70 MB; one of these decoded takes 250 to 450 MB more.
    expect(peakBytes).toBeLessThan(200 * MB);
  });
});
