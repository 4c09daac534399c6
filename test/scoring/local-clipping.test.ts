import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { localClippingShare } from '../../src/scoring/local-clipping';
import { atAnalysisSize, samplePhotos } from './fixtures';

/**
 * An unsharp mask of `amount` with a Gaussian of sigma 6 px on each channel, clipped to 8 bits:
 * sharp's own `sharpen` caps its gains, so the mask is written out here. Per channel rather than
 * the eval's on L*, so the test reads the fault, not one ladder's implementation of it.
 */
async function oversharpened(photo: Buffer, amount: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const blurred = await sharp(photo).removeAlpha().blur(6).raw().toBuffer();
  const out = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(data[i]! + amount * (data[i]! - blurred[i]!))));
  return sharp(out, { raw: info }).png().toBuffer();
}

const clipping = async (bytes: Buffer): Promise<number> => (await scoreImage(bytes)).breakdown.localClipping;

describe('scoreImage local clipping (localClipping)', () => {
  let photos: { name: string; bytes: Buffer }[];
  beforeAll(async () => {
    photos = await Promise.all(samplePhotos().map(async ({ name, bytes }) => ({ name, bytes: await atAnalysisSize(bytes) })));
  });

  it('is 1 on every sample, its black-and-white copy and a stretched copy', async () => {
    for (const { name, bytes } of photos) {
      const seen = {
        name,
        photo: await clipping(bytes),
        grey: await clipping(await sharp(bytes).greyscale().png().toBuffer()),
        // Levels stretched so the darkest and brightest 1% clip: broad clipped regions, each at one end.
        stretched: await clipping(await sharp(bytes).normalise({ lower: 1, upper: 99 }).png().toBuffer()),
      };
      expect(seen).toEqual({ name, photo: 1, grey: 1, stretched: 1 });
    }
  }, 120_000);

  it('reads a gain only where it blows highlights out beside black', async () => {
    const bright = async (name: string, gain: number): Promise<number> =>
      clipping(await sharp(photos.find((p) => p.name === name)!.bytes).linear(gain, 0).png().toBuffer());
    // No white beside black after the gain: nothing read.
    expect([await bright('aloeL.jpg', 1.3), await bright('chelsea.png', 1.3), await bright('fruits.jpg', 1.3)]).toEqual([1, 1, 1]);
    // The butterfly's white wing spots sit on black: a gain of 1.15 blows them out beside it.
    // That is lost detail (exposure reads the blown share too), and this score reads it as well.
    expect(await bright('butterfly.jpg', 1.15)).toBeLessThan(0.8);
  }, 60_000);

  it('falls as an unsharp mask grows (x2, x5, x12), on every sample', async () => {
    for (const { name, bytes } of photos) {
      const seen = [await clipping(await oversharpened(bytes, 2)), await clipping(await oversharpened(bytes, 5)), await clipping(await oversharpened(bytes, 12))];
      expect({ name, x12: seen[2]! < 0.6, falls: seen[2]! < seen[1]! && seen[1]! <= seen[0]! }).toEqual({ name, x12: true, falls: true });
    }
  }, 120_000);

  it('counts black beside white, not either alone', () => {
    const row = (values: number[]): { data: Uint8Array; width: number; height: number } => ({
      data: Uint8Array.from(values.flatMap((v) => [v, v, v])),
      width: values.length,
      height: 1,
    });
    const dark = Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 128));
    const light = Array.from({ length: 40 }, (_, i) => (i < 20 ? 255 : 128));
    // Black 3 px from white: every white value within 8 px of the last black closes a pair.
    const pair = Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : i < 23 ? 128 : 255));
    const far = Array.from({ length: 40 }, (_, i) => (i < 10 ? 0 : i < 30 ? 128 : 255));
    expect([localClippingShare(row(dark)), localClippingShare(row(light)), localClippingShare(row(far))]).toEqual([0, 0, 0]);
    // Values 23-27 lie within 8 px of black at 19; 3 channels each, of 120 values read.
    expect(localClippingShare(row(pair))).toBeCloseTo(15 / 120, 10);
  });
});
