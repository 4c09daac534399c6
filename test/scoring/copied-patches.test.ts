import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { atAnalysisSize, posterised, samplePhotos, seeded } from './fixtures';

/** `count` 16 x 16 patches of the photo, each copied over a place up to 8 px away (KADID-10k's #20). */
async function withCopies(photo: Buffer, count: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const rand = seeded(99);
  const size = 16;
  for (let k = 0; k < count; k++) {
    const sx = 8 + Math.floor(rand() * (w - size - 16));
    const sy = 8 + Math.floor(rand() * (h - size - 16));
    const tx = sx + Math.round((rand() - 0.5) * 16);
    const ty = sy + Math.round((rand() - 0.5) * 16);
    const patch = Buffer.from(data);
    for (let y = 0; y < size; y++) {
      const from = 3 * ((sy + y) * w + sx);
      patch.copy(data, 3 * ((ty + y) * w + tx), from, from + 3 * size);
    }
  }
  return sharp(data, { raw: info }).png().toBuffer();
}

/** Photos and their copies scored under jest on a shared two-core box: generous, not a speed claim. */
const SLOW = 240_000;

describe('copiedPatches (textured neighbourhoods repeated exactly nearby)', () => {
  let photos: { name: string; bytes: Buffer }[];
  beforeAll(async () => {
    photos = await Promise.all(samplePhotos().map(async ({ name, bytes }) => ({ name, bytes: await atAnalysisSize(bytes) })));
  }, SLOW);

  it('gives every sample photo 1, and its black-and-white copy too', async () => {
    for (const { name, bytes } of photos) {
      const colour = (await scoreImage(bytes)).breakdown.copiedPatches;
      const grey = (await scoreImage(await sharp(bytes).greyscale().png().toBuffer())).breakdown.copiedPatches;
      expect({ name, colour, grey }).toEqual({ name, colour: 1, grey: 1 });
    }
  }, SLOW);

  it('scores a photo lower for 20 copied patches, and lower again for 100', async () => {
    for (const { name, bytes } of photos.filter((p) => ['building.jpg', 'chelsea.png', 'squirrel_cls.jpg'].includes(p.name))) {
      const original = await scoreImage(bytes);
      const few = await scoreImage(await withCopies(bytes, 20));
      const many = await scoreImage(await withCopies(bytes, 100));
      const seen = {
        name,
        fewRead: few.breakdown.copiedPatches < 1,
        manyRead: many.breakdown.copiedPatches < few.breakdown.copiedPatches,
        falls: original.overall > few.overall && few.overall > many.overall,
      };
      expect(seen).toEqual({ name, fewRead: true, manyRead: true, falls: true });
    }
  }, SLOW);

  it('does not read the chance repeats of a posterised photo as copies', async () => {
    for (const { name, bytes } of photos.filter((p) => ['coffee.png', 'fruits.jpg'].includes(p.name))) {
      const copied = (await scoreImage(await posterised(bytes, 6))).breakdown.copiedPatches;
      expect({ name, copied }).toEqual({ name, copied: 1 });
    }
  }, SLOW);
});
