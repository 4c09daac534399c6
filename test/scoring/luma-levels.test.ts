import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { atAnalysisSize, samplePhotos } from './fixtures';

/**
 * Cut to a palette of `colours` (libimagequant, no dither), as a GIF or palette-PNG export does.
 * libvips writes 1, 2, 4 or 8 bits a pixel, so only 2, 4, 16 and 256 colours are exact.
 */
async function palette(photo: Buffer, colours: number): Promise<Buffer> {
  const cut = await sharp(photo).png({ palette: true, colours, dither: 0 }).toBuffer();
  return sharp(cut).removeAlpha().png().toBuffer();
}

/** Each channel's values mapped through `f` (rounded): gains and contrast changes. */
async function mapped(photo: Buffer, f: (v: number) => number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, Math.round(f(data[i]!))));
  return sharp(data, { raw: info }).png().toBuffer();
}

const levels = async (bytes: Buffer): Promise<number> => (await scoreImage(bytes)).breakdown.lumaLevels;

describe('scoreImage luma levels (lumaLevels)', () => {
  let photos: { name: string; bytes: Buffer }[];
  beforeAll(async () => {
    photos = await Promise.all(samplePhotos().map(async ({ name, bytes }) => ({ name, bytes: await atAnalysisSize(bytes) })));
  });

  it('is 1 on every sample, its black-and-white copy, a JPEG re-encode and a thumbnail', async () => {
    for (const { name, bytes } of photos) {
      const seen = {
        name,
        photo: await levels(bytes),
        grey: await levels(await sharp(bytes).greyscale().png().toBuffer()),
        jpeg: await levels(await sharp(bytes).jpeg({ quality: 90 }).toBuffer()),
        thumbnail: await levels(await sharp(bytes).resize(64).png().toBuffer()),
      };
      expect(seen).toEqual({ name, photo: 1, grey: 1, jpeg: 1, thumbnail: 1 });
    }
  }, 120_000);

  it('is 1 for a darker or flatter copy: a short luma range is not missing levels', async () => {
    for (const { name, bytes } of photos.slice(0, 4)) {
      const dark = await levels(await mapped(bytes, (v) => 0.35 * v));
      const flat = await levels(await mapped(bytes, (v) => 128 + 0.3 * (v - 128)));
      expect({ name, dark, flat }).toEqual({ name, dark: 1, flat: 1 });
    }
  }, 60_000);

  it('falls as a palette shrinks (256, 16, 4 colours), in colour and in black and white', async () => {
    for (const { name, bytes } of photos.slice(0, 5)) {
      for (const source of [bytes, await sharp(bytes).greyscale().png().toBuffer()]) {
        const seen = [await levels(source), await levels(await palette(source, 256)), await levels(await palette(source, 16)), await levels(await palette(source, 4))];
        expect({ name, original: seen[0], at16: seen[2]! < 0.6 }).toEqual({ name, original: 1, at16: true });
        expect(seen[1]).toBeGreaterThan(seen[2]!);
        expect(seen[3]).toBeLessThan(seen[2]!);
      }
    }
  }, 120_000);
});
