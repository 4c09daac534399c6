import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { decodeImage } from '../../src/scoring/decode';
import { firstPass } from '../../src/scoring/first-pass';
import { chromaHalves, chromaQuarters } from '../../src/scoring/chroma-bleed';
import { estimateChromaNoise, estimateNoise, MOTTLE_KNEE } from '../../src/scoring/noise';
import { resolveScorerOptions } from '../../src/scoring/options';
import { halve } from '../../src/scoring/raster';
import { atAnalysisSize, samplePhoto, samplePhotos, seeded } from './fixtures';

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

/** The colour mottling the scorer reads from `bytes`: `estimateChromaNoise` of its quarter-scale chroma. */
async function mottleOf(bytes: Buffer): Promise<number> {
  const { raster } = await decodeImage(bytes, resolveScorerOptions());
  const halfSize = (raster.width >> 1) * (raster.height >> 1);
  const chroma = chromaHalves(raster, new Float32Array(halfSize), new Float32Array(halfSize));
  return estimateChromaNoise(chromaQuarters(chroma), halve(halve(firstPass(raster).luma)));
}

/**
 * Seeded Gaussian noise of `sigma` at the scorer's 768 px, then what a plain denoiser does: a
 * 3x3 median and a light blur. `perChannel` false adds the same draw to R, G and B (grey noise).
 */
async function denoised(photo: Buffer, sigma: number, perChannel = true): Promise<Buffer> {
  const { data, info } = await sharp(await atAnalysisSize(photo)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rand = seeded(97);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  for (let i = 0; i < data.length; i += 3) {
    const shared = sigma * gauss();
    for (let c = 0; c < 3; c++) data[i + c] = Math.max(0, Math.min(255, Math.round(data[i + c]! + (perChannel ? sigma * gauss() : shared))));
  }
  return sharp(data, { raw: info }).median(3).blur(0.9).png().toBuffer();
}

/**
 * A smooth random field in [0, 1] (768 x 512, blobs a few pixels wide, seeded), mapped to RGB
 * by `colour`: what a texture or a gradient of two colours is made of.
 */
async function fieldImage(colour: (t: number) => readonly [number, number, number]): Promise<Buffer> {
  const width = 768;
  const height = 512;
  const rand = seeded(5);
  const grey = Buffer.from(Array.from({ length: width * height }, () => Math.floor(256 * rand())));
  const smooth = await sharp(grey, { raw: { width, height, channels: 1 } }).blur(3).normalise().extractChannel(0).raw().toBuffer();
  const rgb = Buffer.alloc(width * height * 3);
  for (let i = 0; i < smooth.length; i++) rgb.set(colour(smooth[i]! / 255).map((v) => Math.round(v)), 3 * i);
  return sharp(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

describe('noise sub-score on colour mottling (what a denoiser leaves)', () => {
  it(
    'reads no sample photo as mottled',
    async () => {
      for (const { name, bytes } of samplePhotos()) {
        const seen = { name, mottle: await mottleOf(bytes) };
        expect({ ...seen, under: seen.mottle < MOTTLE_KNEE }).toEqual({ ...seen, under: true });
      }
    },
    SLOW,
  );

  it(
    'scores each step of a noise-then-median ladder lower, where the fine-scale estimate has lost the noise',
    async () => {
      const photo = samplePhoto('chelsea.png');
      const original = await scoreImage(photo);
      let last = { mottle: await mottleOf(photo), noise: original.breakdown.noise };
      for (const sigma of [10, 18, 26]) {
        const bytes = await denoised(photo, sigma);
        const seen = { sigma, mottle: await mottleOf(bytes), noise: (await scoreImage(bytes)).breakdown.noise };
        // The median and blur took the noise out of the full scale: that estimate alone would
        // call these frames clean.
        expect(estimateNoise(await lumaOf(bytes))).toBeLessThan(1.5 * estimateNoise(await lumaOf(photo)) + 1);
        expect({ ...seen, rising: seen.mottle > last.mottle, falling: seen.noise < last.noise }).toEqual({ ...seen, rising: true, falling: true });
        last = seen;
      }
      expect(last.noise).toBeLessThan(original.breakdown.noise - 0.3);
    },
    SLOW,
  );

  it(
    'does not read grey noise, smoothed the same way, or a black-and-white photo as colour mottling',
    async () => {
      const photo = samplePhoto('chelsea.png');
      expect(await mottleOf(await denoised(photo, 26, false))).toBeLessThan(MOTTLE_KNEE);
      const grey = await sharp(photo).greyscale().toColourspace('srgb').png().toBuffer();
      expect(await mottleOf(grey)).toBe(0);
    },
    SLOW,
  );
  it(
    'does not read a texture of two colours, or a colour gradient over flat luma, as mottling',
    async () => {
      // Red on dark blue: chroma swings four times as far as luma, but in step with it.
      const texture = await fieldImage((t) => [20 + 180 * t, 20 + 10 * t, 60 - 30 * t]);
      expect(await mottleOf(texture)).toBeLessThan(0.2);
      // Green to magenta at one luma (0.587 G = 0.299 R + 0.114 B): chroma with nothing in luma.
      const gradient = await fieldImage((t) => [100 + 80 * t, 140 - 56.3 * t, 100 + 80 * t]);
      expect(await mottleOf(gradient)).toBeLessThan(0.2);
    },
    SLOW,
  );
});

describe('noise sub-score on JPEG blocking', () => {
  it(
    'scores a small quality-75 JPEG above its own copy blurred by sigma 0.7, on every sample',
    async () => {
      // At 512 px the scorer reads the encoder's 8 px grid as it was written. A mild blur smears
      // the faint blocking of quality 75 under what blockiness counts, and loses real detail: a
      // block term that charged the faint blocking as much as the lost detail ranked the blurred
      // copy above its source on most samples.
      for (const { name, bytes } of samplePhotos()) {
        const small = await sharp(bytes).resize(512, 512, { fit: 'inside' }).png().toBuffer();
        const jpeg = await sharp(small).jpeg({ quality: 75 }).toBuffer();
        const blurred = await sharp(jpeg).blur(0.7).png().toBuffer();
        const seen = { name, jpeg: (await scoreImage(jpeg)).overall, blurred: (await scoreImage(blurred)).overall };
        expect({ ...seen, above: seen.jpeg > seen.blurred }).toEqual({ ...seen, above: true });
      }
    },
    SLOW,
  );

  it(
    'still charges heavy blocking: a quality-7 JPEG scores under half its source, at 512 and 768 px',
    async () => {
      for (const name of ['coffee.png', 'fruits.jpg']) {
        for (const size of [512, 768]) {
          const small = await sharp(samplePhoto(name)).resize(size, size, { fit: 'inside' }).png().toBuffer();
          const worst = await sharp(small).jpeg({ quality: 7 }).toBuffer();
          const seen = { name, size, source: (await scoreImage(small)).overall, worst: (await scoreImage(worst)).overall };
          expect({ ...seen, under: seen.worst < seen.source / 2 }).toEqual({ ...seen, under: true });
        }
      }
    },
    SLOW,
  );
});
