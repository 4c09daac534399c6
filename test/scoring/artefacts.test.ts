import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { gamutClipScore } from '../../src/scoring/gamut-clip';
import { posterised, samplePhoto, seeded, smallPhotos } from './fixtures';

/** Salt and pepper on `share` of all channel values, from a seeded source. */
async function withImpulses(photo: Buffer, share: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rand = seeded(777);
  const count = Math.floor(share * data.length);
  for (let k = 0; k < count; k++) data[Math.floor(rand() * data.length)] = k % 2 === 0 ? 255 : 0;
  return sharp(data, { raw: info }).png().toBuffer();
}

/** Shrunk to `factor` with nearest neighbour and enlarged back the same way: pixelation. */
async function pixelated(photo: Buffer, factor: number): Promise<Buffer> {
  const { width = 1, height = 1 } = await sharp(photo).metadata();
  const small = await sharp(photo)
    .resize(Math.floor(width * factor), Math.floor(height * factor), { kernel: 'nearest', fit: 'fill' })
    .png()
    .toBuffer();
  return sharp(small).resize(width, height, { kernel: 'nearest', fit: 'fill' }).png().toBuffer();
}

/** Photos and their copies scored under jest on a shared two-core box: generous, not a speed claim. */
const SLOW = 240_000;

describe('scoreImage artefact detectors', () => {
  let photos: (readonly [string, Buffer])[];
  beforeAll(async () => {
    photos = await smallPhotos();
  }, SLOW);

  it('leaves clean photos at or near 1 on every artefact sub-score', async () => {
    for (const [name, bytes] of photos) {
      const { breakdown: b } = await scoreImage(bytes);
      const seen = { name, impulseNoise: b.impulseNoise, banding: b.banding, pixelation: b.pixelation };
      expect(seen).toEqual({ name, impulseNoise: expect.any(Number), banding: expect.any(Number), pixelation: 1 });
      expect(b.impulseNoise).toBeGreaterThan(0.95);
      expect(b.banding).toBeGreaterThan(0.95);
      expect(b.colorCast).toBeGreaterThan(0.9);
      expect(b.levelGaps).toBeGreaterThan(0.95);
      expect(b.gamutClip).toBeGreaterThan(0.95);
      expect(b.halo).toBeGreaterThan(0.95);
    }
  }, SLOW);

  it('catches salt and pepper, posterisation and pixelation, each below the photo', async () => {
    // Two photos, one JPEG-born and textured, one PNG and smooth: each copy costs a full score.
    for (const [name, bytes] of photos.filter(([n]) => n === 'building.jpg' || n === 'coffee.png')) {
      const original = await scoreImage(bytes);
      const impulses = await scoreImage(await withImpulses(bytes, 0.01));
      const bands = await scoreImage(await posterised(bytes, 8));
      const blocks = await scoreImage(await pixelated(bytes, 0.5));
      const seen = { name, original: original.overall };
      expect({ ...seen, impulses: impulses.breakdown.impulseNoise < 0.8 }).toEqual({ ...seen, impulses: true });
      expect({ ...seen, bands: bands.breakdown.banding < 0.8 }).toEqual({ ...seen, bands: true });
      expect({ ...seen, blocks: blocks.breakdown.pixelation < 0.8 }).toEqual({ ...seen, blocks: true });
      expect({ ...seen, worse: [impulses, bands, blocks].every((q) => q.overall < original.overall) }).toEqual({ ...seen, worse: true });
    }
  }, SLOW);

  it('reads a white-balance error as a cast, and a black-and-white photo as none', async () => {
    const [, bytes] = photos.find(([name]) => name === 'aloeL.jpg')!;
    const original = await scoreImage(bytes);
    const warm = await scoreImage(await sharp(bytes).linear([1.2, 1, 0.8], [0, 0, 0]).png().toBuffer());
    const grey = await scoreImage(await sharp(bytes).greyscale().png().toBuffer());
    expect(warm.breakdown.colorCast).toBeLessThan(original.breakdown.colorCast);
    expect(warm.overall).toBeLessThan(original.overall);
    expect(grey.breakdown.colorCast).toBe(1);
    expect(grey.breakdown.impulseNoise).toBeGreaterThan(0.95);
    expect(grey.breakdown.banding).toBeGreaterThan(0.95);
  }, SLOW);

  it('reads a brightness gain as emptied levels wherever the photo started, and a dark photo as none', async () => {
    for (const [name, bytes] of photos.filter(([n]) => n === 'aloeL.jpg' || n === 'hubble_deep_field.jpg')) {
      const original = await scoreImage(bytes);
      const gained = await scoreImage(await sharp(bytes).linear(1.3, 0).png().toBuffer());
      // A photo darkened and then saved as a camera would (JPEG): dark is not a fault, and the
      // gain's own trace is gone once the codec has smoothed the levels.
      const dark = await scoreImage(await sharp(bytes).linear(0.5, 0).jpeg({ quality: 90 }).toBuffer());
      const grey = await scoreImage(await sharp(bytes).greyscale().png().toBuffer());
      const seen = { name, original: original.breakdown.levelGaps };
      expect({ ...seen, gained: gained.breakdown.levelGaps < 0.5 }).toEqual({ ...seen, gained: true });
      expect({ ...seen, worse: gained.overall < original.overall }).toEqual({ ...seen, worse: true });
      expect(original.breakdown.levelGaps).toBe(1);
      expect(dark.breakdown.levelGaps).toBe(1);
      expect(grey.breakdown.levelGaps).toBe(1);
    }
  }, SLOW);
  it('reads oversaturation as clipped colour, and a black-and-white photo as none', async () => {
    for (const [name, bytes] of photos.filter(([n]) => n === 'aloeL.jpg' || n === 'coffee.png')) {
      const original = await scoreImage(bytes);
      const vivid = await scoreImage(await sharp(bytes).modulate({ saturation: 3 }).png().toBuffer());
      const grey = await scoreImage(await sharp(bytes).greyscale().png().toBuffer());
      const seen = { name, vivid: vivid.breakdown.gamutClip < 0.8, worse: vivid.overall < original.overall, grey: grey.breakdown.gamutClip };
      expect(seen).toEqual({ name, vivid: true, worse: true, grey: 1 });
    }
  }, SLOW);

  it('reads clipping among the strong colours of a photo that has few, unless they are very few', () => {
    // 10% of the sample strong colours, 60% of those clipped: 6% of all pixels, under that knee.
    const muted = gamutClipScore({ clipped: 600, saturated: 1000, count: 10_000 });
    // The same share clipped among 1% of the sample (a grey street with one red light): judged
    // at a fifth of its weight.
    const oneLight = gamutClipScore({ clipped: 60, saturated: 100, count: 10_000 });
    // A colourful photo whose vivid colours a camera clipped (30% of 50%: 15% of all pixels).
    const vivid = gamutClipScore({ clipped: 1500, saturated: 5000, count: 10_000 });
    expect({ muted: muted < 0.8, oneLight: oneLight > 0.95 && oneLight < 1, vivid }).toEqual({ muted: true, oneLight: true, vivid: 1 });
    expect(gamutClipScore({ clipped: 0, saturated: 0, count: 0 })).toBe(1);
  });

  it('reads a wide and a narrow unsharp mask as halos, and a black-and-white photo as none', async () => {
    // At the scorer's own 768 px, as the eval's K24 ladder is built: the halo's width is in pixels.
    // libvips' sharpen on L*, its brightening and darkening left unbounded (y2, y3) as in a plain
    // unsharp mask: sigma 3 is a wide mask (a band of ~8 px), sigma 1 an editor's usual sharpen.
    for (const name of ['aloeL.jpg', 'building.jpg', 'coffee.png']) {
      const bytes = await sharp(samplePhoto(name)).resize({ width: 768, height: 768, fit: 'inside' }).png().toBuffer();
      const mask = (sigma: number, amount: number): Promise<Buffer> =>
        sharp(bytes).sharpen({ sigma, m1: amount, m2: amount, x1: 0, y2: 100, y3: 100 }).png().toBuffer();
      const original = await scoreImage(bytes);
      const wide = await scoreImage(await mask(3, 2));
      const narrow = await scoreImage(await mask(1, 4));
      const grey = await scoreImage(await sharp(bytes).greyscale().png().toBuffer());
      const seen = {
        name,
        original: original.breakdown.halo,
        wide: wide.breakdown.halo < 0.7 && wide.overall < original.overall,
        narrow: narrow.breakdown.halo < 0.7 && narrow.overall < original.overall,
        grey: grey.breakdown.halo,
      };
      expect(seen).toEqual({ name, original: 1, wide: true, narrow: true, grey: 1 });
    }
  }, SLOW);

  it('reads no halo beside a thin line or a shaded edge, and one beside a sharpened step', async () => {
    // Drawn scenes, blurred a little as optics would: bright bars 2 px wide on dark ground (a
    // line overshoots its surround on both sides, but the dark side of each of its edges does
    // not dip), and steps between ramps (shading that keeps rising past the edge).
    const width = 768;
    const height = 512;
    const lines = Buffer.alloc(width * height, 40);
    const ramps = Buffer.alloc(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (x % 24 < 2 || y % 24 < 2) lines[y * width + x] = 220;
        const cell = Math.floor(x / 48) + Math.floor(y / 48);
        ramps[y * width + x] = (cell % 2 === 0 ? 50 : 150) + Math.floor(((x % 48) + (y % 48)) / 2);
      }
    }
    const raw = { raw: { width, height, channels: 1 as const } };
    const drawn = await Promise.all([lines, ramps].map((data) => sharp(data, raw).blur(0.8).png().toBuffer()));
    for (const bytes of drawn) expect((await scoreImage(bytes)).breakdown.halo).toBe(1);
    const sharpened = await sharp(drawn[1]).sharpen({ sigma: 3, m1: 2, m2: 2, x1: 0, y2: 100, y3: 100 }).png().toBuffer();
    expect((await scoreImage(sharpened)).breakdown.halo).toBeLessThan(0.5);
  }, SLOW);

  it('scores every step of a desaturation lower', async () => {
    for (const [name, bytes] of photos) {
      const at = async (saturation: number): Promise<number> =>
        (await scoreImage(await sharp(bytes).modulate({ saturation }).png().toBuffer())).overall;
      const ladder = { name, scores: [(await scoreImage(bytes)).overall, await at(0.6), await at(0.2)] };
      const falling = ladder.scores.every((v, i, all) => i === 0 || v < all[i - 1]!);
      expect({ ...ladder, falling }).toEqual({ ...ladder, falling: true });
    }
  }, SLOW);

  it('keeps a photo with a blurred half free of pixelation, through a quality-95 re-encode too', async () => {
    // A smooth background's columns nearly repeat (their steps are tiny beside the textured
    // half's), and the codec's smoothing pushed more of them under the threshold: a repeat counts
    // only beside a real step (this photo read 0.49 before that rule).
    const [, bytes] = photos.find(([name]) => name === 'aloeL.jpg')!;
    const { width = 1, height = 1 } = await sharp(bytes).metadata();
    const left = await sharp(bytes).extract({ left: 0, top: 0, width: Math.floor(width / 2), height }).blur(30).png().toBuffer();
    const halfBlurred = await sharp(bytes).composite([{ input: left, left: 0, top: 0 }]).png().toBuffer();
    const reencoded = await sharp(halfBlurred).jpeg({ quality: 95 }).toBuffer();
    expect((await scoreImage(halfBlurred)).breakdown.pixelation).toBeGreaterThan(0.9);
    expect((await scoreImage(reencoded)).breakdown.pixelation).toBeGreaterThan(0.9);
  }, SLOW);
});
