import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { smallPhotos } from './fixtures';

/** The photo with its green channel moved by (dx, dy) px (edges clamped): misregistered channels. */
async function greenShifted(photo: Buffer, dx: number, dy: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const out = Buffer.from(data);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = Math.min(w - 1, Math.max(0, x - dx));
      const sy = Math.min(h - 1, Math.max(0, y - dy));
      out[3 * (y * w + x) + 1] = data[3 * (sy * w + sx) + 1]!;
    }
  }
  return sharp(out, { raw: info }).png().toBuffer();
}

/** Photos and their copies scored under jest on a shared two-core box: generous, not a speed claim. */
const SLOW = 240_000;

describe('scoreImage colour fringes (colorFringe)', () => {
  let photos: (readonly [string, Buffer])[];
  beforeAll(async () => {
    photos = await smallPhotos();
  }, SLOW);

  it('leaves clean photos, their JPEG re-encodes and their black-and-white copies at 1', async () => {
    for (const [name, bytes] of photos) {
      const clean = (await scoreImage(bytes)).breakdown.colorFringe;
      const jpeg = (await scoreImage(await sharp(bytes).jpeg({ quality: 90, chromaSubsampling: '4:2:0' }).toBuffer())).breakdown.colorFringe;
      const grey = (await scoreImage(await sharp(bytes).greyscale().png().toBuffer())).breakdown.colorFringe;
      expect({ name, clean, jpeg, grey }).toEqual({ name, clean: 1, jpeg: 1, grey: 1 });
    }
  }, SLOW);

  it('scores a green channel shifted off red and blue lower, and a larger shift lower still', async () => {
    // The sub-score only: it weighs 0 in the overall score for now (combine.ts says why).
    for (const [name, bytes] of photos.filter(([n]) => n === 'building.jpg' || n === 'coffee.png' || n === 'aloeL.jpg')) {
      const small = await scoreImage(await greenShifted(bytes, 2, 1));
      const large = await scoreImage(await greenShifted(bytes, 3, 3));
      const seen = { name, small: small.breakdown.colorFringe, large: large.breakdown.colorFringe };
      expect({ ...seen, caught: seen.small < 0.5, falling: seen.large < seen.small }).toEqual({ ...seen, caught: true, falling: true });
    }
  }, SLOW);
});
