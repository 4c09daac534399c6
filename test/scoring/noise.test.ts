import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { decodeImage } from '../../src/scoring/decode';
import { firstPass } from '../../src/scoring/first-pass';
import { estimateNoise } from '../../src/scoring/noise';
import { resolveScorerOptions } from '../../src/scoring/options';
import { samplePhoto, samplePhotos } from './fixtures';

/**
 * Speckle: each channel value v becomes v + v * sqrt(variance) * g, g seeded standard normal
 * (KADID-10k's multiplicative noise), so the noise grows with the signal. Added at the
 * scorer's 768 px, as the eval adds it, so that the shrink does not average it away.
 */
async function withSpeckle(photo: Buffer, variance: number): Promise<Buffer> {
  const { data, info } = await sharp(photo)
    .resize({
      width: 768,
      height: 768,
      fit: 'inside',
      withoutEnlargement: true,
    })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let seed = 4242;
  const rand = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed + 0.5) / 4294967296;
  };
  const s = Math.sqrt(variance);
  for (let i = 0; i < data.length; i++) {
    const g = Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
    data[i] = Math.max(0, Math.min(255, Math.round(data[i]! * (1 + s * g))));
  }
  return sharp(data, { raw: info }).png().toBuffer();
}

/** The luma the scorer reads from `bytes` (decoded and shrunk as scoreImage does). */
async function lumaOf(bytes: Buffer): Promise<ReturnType<typeof firstPass>['luma']> {
  const decoded = await decodeImage(bytes, resolveScorerOptions());
  return firstPass(decoded.raster).luma;
}

/** Photos decoded and speckled under jest on a shared two-core box: generous, not a speed claim. */
const SLOW = 120_000;

describe('noise sub-score on signal-dependent noise', () => {
  // Once speckled, both photos' flattest tenth of blocks are dark ones (mean luma under 30), where
  // speckle is weakest: the whole-image estimate barely moves with it.
  it.each(['fruits.jpg', 'astronaut.png'])(
    'reads speckle that the flattest (dark) blocks hide in %s',
    async (name) => {
      const photo = samplePhoto(name);
      const speckled = await withSpeckle(photo, 0.01);
      const luma = await lumaOf(speckled);
      const wholeImage = estimateNoise(luma, Infinity);
      const banded = estimateNoise(luma);
      expect(banded).toBeGreaterThan(2 * wholeImage);
      const original = await scoreImage(photo);
      const noisy = await scoreImage(speckled);
      expect(noisy.breakdown.noise).toBeLessThan(0.75);
      expect(noisy.breakdown.noise).toBeLessThan(original.breakdown.noise - 0.2);
      expect(noisy.overall).toBeLessThan(original.overall);
    },
    SLOW,
  );

  it(
    'scores each step of a speckle ladder lower on noise',
    async () => {
      const photo = samplePhoto('fruits.jpg');
      let last = (await scoreImage(photo)).breakdown.noise;
      for (const variance of [0.005, 0.01, 0.02, 0.05]) {
        const noise = (await scoreImage(await withSpeckle(photo, variance))).breakdown.noise;
        expect({ variance, lower: noise < last }).toEqual({
          variance,
          lower: true,
        });
        last = noise;
      }
    },
    SLOW,
  );

  it(
    "leaves every sample photo's noise estimate where the whole-image one puts it",
    async () => {
      for (const { name, bytes } of samplePhotos()) {
        const luma = await lumaOf(bytes);
        const seen = { name, banded: estimateNoise(luma) };
        expect({
          ...seen,
          lift: seen.banded - estimateNoise(luma, Infinity) < 0.05,
        }).toEqual({ ...seen, lift: true });
      }
    },
    SLOW,
  );

  it(
    'reads a black-and-white photo as its colour original, and speckle on it too',
    async () => {
      const photo = samplePhoto('building.jpg');
      const grey = await sharp(photo).greyscale().toColourspace('srgb').png().toBuffer();
      const colourScore = await scoreImage(photo);
      const greyScore = await scoreImage(grey);
      expect(greyScore.breakdown.noise).toBeGreaterThan(0.97);
      expect(Math.abs(greyScore.breakdown.noise - colourScore.breakdown.noise)).toBeLessThan(0.03);
      const speckled = await scoreImage(await withSpeckle(grey, 0.02));
      expect(speckled.breakdown.noise).toBeLessThan(greyScore.breakdown.noise - 0.2);
    },
    SLOW,
  );
});
