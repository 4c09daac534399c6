import sharp from 'sharp';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bundled sample bucket: real photos, JPEG and PNG. */
export const SAMPLES_DIR = join(__dirname, '..', '..', 'data', 'oss', 'samples');

/** Every sample photo's name and bytes. */
export function samplePhotos(): { name: string; bytes: Buffer }[] {
  return readdirSync(SAMPLES_DIR)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(SAMPLES_DIR, name)) }));
}

/**
 * A few sample photos (JPEG and PNG, bright, dark, textured, smooth) shrunk to 512 px and
 * stored losslessly: small enough that a distortion ladder per photo takes milliseconds.
 */
export async function smallPhotos(): Promise<(readonly [string, Buffer])[]> {
  const names = ['aloeL.jpg', 'building.jpg', 'coffee.png', 'hubble_deep_field.jpg', 'squirrel_cls.jpg'];
  return Promise.all(
    names.map(async (name) => {
      const png = await sharp(samplePhoto(name))
        .resize({ width: 512, height: 512, fit: 'inside', withoutEnlargement: true })
        .png({ compressionLevel: 1 })
        .toBuffer();
      return [name, png] as const;
    }),
  );
}

/** A photo as the scorer reads it (768 px on the long side), stored losslessly. */
export function atAnalysisSize(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes)
    .resize({ width: 768, height: 768, fit: 'inside', withoutEnlargement: true })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/** A seeded source of numbers in [0, 1) (a 32-bit linear congruential generator). */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** One sample photo's bytes. */
export function samplePhoto(name: string): Buffer {
  return readFileSync(join(SAMPLES_DIR, name));
}

/** Each channel cut to `levels` flat levels: posterisation. */
export async function posterised(photo: Buffer, levels: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const step = 255 / (levels - 1);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(Math.round(data[i]! / step) * step);
  return sharp(data, { raw: info }).png().toBuffer();
}

export { pngBomb } from '../../bench/lib/hostile-images';
