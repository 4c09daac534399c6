import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { atAnalysisSize, samplePhoto, smallPhotos } from './fixtures';

/**
 * The photo with its chroma blurred and its luma kept (BT.601 Y from the photo, Cb and Cr from a
 * Gaussian blur of it): colours bleed across edges that stay sharp, as KADID's colour diffusion
 * makes them.
 */
async function chromaBlurred(photo: Buffer, sigma: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const blurred = await sharp(photo).removeAlpha().blur(sigma).raw().toBuffer();
  const out = Buffer.alloc(data.length);
  const to8 = (v: number): number => Math.max(0, Math.min(255, Math.round(v)));
  for (let j = 0; j < data.length; j += 3) {
    const y = 0.299 * data[j]! + 0.587 * data[j + 1]! + 0.114 * data[j + 2]!;
    const r = blurred[j]!;
    const g = blurred[j + 1]!;
    const b = blurred[j + 2]!;
    const cb = -0.168736 * r - 0.331264 * g + 0.5 * b;
    const cr = 0.5 * r - 0.418688 * g - 0.081312 * b;
    out[j] = to8(y + 1.402 * cr);
    out[j + 1] = to8(y - 0.344136 * cb - 0.714136 * cr);
    out[j + 2] = to8(y + 1.772 * cb);
  }
  return sharp(out, { raw: info }).png().toBuffer();
}

/** Photos and their copies scored under jest on a shared two-core box: generous, not a speed claim. */
const SLOW = 240_000;

describe('scoreImage colour bleeding (colorBleed)', () => {
  let photos: (readonly [string, Buffer])[];
  beforeAll(async () => {
    photos = await smallPhotos();
  }, SLOW);

  it('leaves clean photos, and their black-and-white copies, at 1', async () => {
    for (const [name, bytes] of photos) {
      const clean = (await scoreImage(bytes)).breakdown.colorBleed;
      const grey = (await scoreImage(await sharp(bytes).greyscale().png().toBuffer())).breakdown.colorBleed;
      expect({ name, clean, grey }).toEqual({ name, clean: 1, grey: 1 });
    }
  }, SLOW);

  it('leaves a 768 px JPEG with 4:2:0 chroma at 1: half-resolution chroma is not bleeding', async () => {
    // home.jpg is the tuning set's lowest original (its colours are broad walls); building.jpg
    // and hubble_deep_field.jpg fall furthest when their chroma is blurred.
    for (const name of ['home.jpg', 'building.jpg', 'hubble_deep_field.jpg']) {
      const png = await atAnalysisSize(samplePhoto(name));
      const subsampled = await sharp(png).jpeg({ quality: 90, chromaSubsampling: '4:2:0' }).toBuffer();
      const colorBleed = (await scoreImage(subsampled)).breakdown.colorBleed;
      expect({ name, colorBleed }).toEqual({ name, colorBleed: 1 });
    }
  }, SLOW);

  it('scores chroma blurred apart from sharp luma lower, and a wider bleed lower still', async () => {
    for (const name of ['home.jpg', 'building.jpg', 'hubble_deep_field.jpg']) {
      const png = await atAnalysisSize(samplePhoto(name));
      const original = await scoreImage(png);
      const bled = await scoreImage(await chromaBlurred(png, 8));
      const wider = await scoreImage(await chromaBlurred(png, 16));
      const seen = { name, original: original.breakdown.colorBleed, bled: bled.breakdown.colorBleed, wider: wider.breakdown.colorBleed };
      expect({ ...seen, caught: seen.bled < 0.8, falling: seen.wider < seen.bled }).toEqual({ ...seen, caught: true, falling: true });
      expect({ name, worse: bled.overall < original.overall && wider.overall < bled.overall }).toEqual({ name, worse: true });
    }
  }, SLOW);
});
