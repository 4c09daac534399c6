import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { samplePhoto, samplePhotos, smallPhotos } from './fixtures';

/** Seeded white Gaussian noise (Box-Muller over a mulberry32 PRNG), sigma in 0..255 levels. */
async function withNoise(photo: Buffer, sigma: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let seed = 12345;
  const rand = (): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = 0; i < data.length; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + sigma * g)));
  }
  return sharp(data, { raw: info }).png().toBuffer();
}

describe('scoreImage on real photos', () => {
  const photos = samplePhotos();

  it.each(photos.map((p) => [p.name, p.bytes] as const))(
    'scores %s inside (0, 1) with every sub-score in [0, 1]',
    async (_name, bytes) => {
      const q = await scoreImage(bytes);
      expect(q.overall).toBeGreaterThan(0.3);
      expect(q.overall).toBeLessThan(0.95);
      for (const v of Object.values(q.breakdown)) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      expect(q.width).toBeGreaterThan(0);
      expect(q.height).toBeGreaterThan(0);
    },
  );

  it('scores a blurred, a noisy and a quality-7 copy of each photo below the photo', async () => {
    for (const [name, bytes] of await smallPhotos()) {
      const original = await scoreImage(bytes);
      const blurred = await scoreImage(await sharp(bytes).blur(3).png().toBuffer());
      const noisy = await scoreImage(await withNoise(bytes, 15));
      const jpeg7 = await scoreImage(await sharp(bytes).jpeg({ quality: 7 }).toBuffer());
      const seen = { name, original: original.overall };
      expect({ ...seen, blurred: blurred.overall < original.overall }).toEqual({ ...seen, blurred: true });
      expect(blurred.breakdown.sharpness).toBeLessThan(original.breakdown.sharpness);
      expect({ ...seen, noisy: noisy.overall < original.overall }).toEqual({ ...seen, noisy: true });
      expect(noisy.breakdown.noise).toBeLessThan(original.breakdown.noise);
      expect({ ...seen, jpeg7: jpeg7.overall < original.overall }).toEqual({ ...seen, jpeg7: true });
    }
  });

  it('reports the original dimensions and format, not the analysed ones', async () => {
    const q = await scoreImage(samplePhoto('aloeL.jpg'));
    expect(q).toMatchObject({ width: 1282, height: 1110, format: 'jpeg' });
  });
});
