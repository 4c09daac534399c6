import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DEFAULT_LOCAL_OSS_ROOT } from '../../src/config';
import { LocalScoreSource } from '../../src/datasources/local/local.datasource';

/** The load bench's images on disk, and the score each must get. */
export interface LoadImages {
  /** OSS root (a temp folder) holding bucket `bench`. */
  root: string;
  /** `oss://bench/img-<i>.jpg` for i < images. */
  uri(index: number): string;
  /** The local backend's score of each URI's bytes, keyed by URI. */
  expected: ReadonlyMap<string, number>;
  /** How many different scores the URIs share among them. */
  distinctScores: number;
  cleanup(): Promise<void>;
}

const GRAVITIES = ['centre', 'north', 'east', 'south', 'west', 'northeast', 'southwest'] as const;

/**
 * Writes `contents` small distinct JPEGs (crops of the bundled samples at several positions,
 * brightnesses and qualities) and `images` keys hard-linked to them (key i shares content
 * i mod contents), then scores each content once with the local backend: the scores a correct
 * gateway must return, since the emulator scores with the same scorer. Distinct contents keep
 * the emulator's and our scoring cheap; the cross-talk check still catches a score answered for
 * another URI unless both URIs share content (1 chance in `distinctScores`).
 */
export async function makeLoadImages(images: number, contents: number): Promise<LoadImages> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-load-'));
  const bucket = path.join(root, 'bench');
  await fs.mkdir(bucket, { recursive: true });
  const samplesDir = path.join(DEFAULT_LOCAL_OSS_ROOT, 'samples');
  const samples = (await fs.readdir(samplesDir)).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();

  for (let k = 0; k < contents; k += 1) {
    const bytes = await sharp(path.join(samplesDir, samples[k % samples.length]!))
      .resize(320, 240, { fit: 'cover', position: GRAVITIES[k % GRAVITIES.length] })
      .modulate({ brightness: 0.6 + ((k * 7) % 9) * 0.1 })
      .jpeg({ quality: 40 + ((k * 13) % 55) })
      .toBuffer();
    await fs.writeFile(path.join(bucket, `content-${k}.jpg`), bytes);
  }
  const uri = (index: number) => `oss://bench/img-${index}.jpg`;
  for (let i = 0; i < images; i += 1) {
    await fs.link(path.join(bucket, `content-${i % contents}.jpg`), path.join(bucket, `img-${i}.jpg`));
  }

  const local = new LocalScoreSource({ ossRoot: root, projects: ['demo'], maxObjectBytes: 50 << 20 });
  const byContent: number[] = [];
  for (let k = 0; k < Math.min(contents, images); k += 1) {
    byContent.push((await local.score({ projectName: 'demo', sourceUri: uri(k) })).overallQualityScore);
  }
  const expected = new Map<string, number>();
  for (let i = 0; i < images; i += 1) expected.set(uri(i), byContent[i % contents]!);
  return {
    root,
    uri,
    expected,
    distinctScores: new Set(byContent).size,
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}
