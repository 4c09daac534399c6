import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { atAnalysisSize, samplePhotos, seeded } from './fixtures';

/**
 * `count` squares of `size` px, each of one seeded random colour, pasted at seeded random places
 * (KADID-10k's colour block); `blur` softens the pasted copy's edges with a Gaussian of that sigma.
 */
async function withBlocks(photo: Buffer, count: number, size = 32, blur = 0): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rand = seeded(2023);
  const { width: w, height: h } = info;
  for (let k = 0; k < count; k++) {
    const colour = [rand(), rand(), rand()].map((v) => Math.round(255 * v));
    const px = Math.floor(rand() * (w - size - 2)) + 1;
    const py = Math.floor(rand() * (h - size - 2)) + 1;
    for (let y = py; y < py + size; y++) {
      for (let x = px; x < px + size; x++) for (let c = 0; c < 3; c++) data[3 * (y * w + x) + c] = colour[c]!;
    }
  }
  const pasted = sharp(data, { raw: info });
  // A full Gaussian (libvips cuts the mask at a fifth of its peak by default, which leaves a
  // step at the mask's edge): an optical edge ramps down to the flat interior.
  return (blur > 0 ? pasted.blur({ sigma: blur, minAmplitude: 0.001, precision: 'float' }) : pasted).png().toBuffer();
}

/** Photos and their copies scored under jest on a shared two-core box: generous, not a speed claim. */
const SLOW = 240_000;

describe('pastedBlocks (flat rectangles closed by crisp steps)', () => {
  let photos: { name: string; bytes: Buffer }[];
  beforeAll(async () => {
    photos = await Promise.all(samplePhotos().map(async ({ name, bytes }) => ({ name, bytes: await atAnalysisSize(bytes) })));
  }, SLOW);

  it('gives every sample photo 1: a clear sky, windows and straight edges are not pasted blocks', async () => {
    for (const { name, bytes } of photos) {
      const { breakdown } = await scoreImage(bytes);
      expect({ name, pastedBlocks: breakdown.pastedBlocks }).toEqual({ name, pastedBlocks: 1 });
    }
  }, SLOW);

  it('scores a photo lower for two pasted colour blocks, and lower again for eight', async () => {
    for (const { name, bytes } of photos.filter((p) => ['building.jpg', 'coffee.png', 'home.jpg'].includes(p.name))) {
      const original = await scoreImage(bytes);
      const two = await scoreImage(await withBlocks(bytes, 2));
      const eight = await scoreImage(await withBlocks(bytes, 8));
      const seen = {
        name,
        twoRead: two.breakdown.pastedBlocks < 0.95,
        eightRead: eight.breakdown.pastedBlocks < two.breakdown.pastedBlocks,
        falls: original.overall > two.overall && two.overall > eight.overall,
      };
      expect(seen).toEqual({ name, twoRead: true, eightRead: true, falls: true });
    }
  }, SLOW);

  it('reads blocks in a black-and-white photo, and gives the photo itself 1', async () => {
    const building = photos.find((p) => p.name === 'building.jpg')!.bytes;
    const grey = await sharp(building).greyscale().toColourspace('srgb').png().toBuffer();
    expect((await scoreImage(grey)).breakdown.pastedBlocks).toBe(1);
    expect((await scoreImage(await withBlocks(grey, 6))).breakdown.pastedBlocks).toBeLessThan(0.9);
  }, SLOW);

  it("ignores squares whose edges ramp like an object's, and blocks too small to be one", async () => {
    const coffee = photos.find((p) => p.name === 'coffee.png')!.bytes;
    expect((await scoreImage(await withBlocks(coffee, 8, 32, 1.5))).breakdown.pastedBlocks).toBe(1);
    expect((await scoreImage(await withBlocks(coffee, 8, 8))).breakdown.pastedBlocks).toBe(1);
  }, SLOW);
});
