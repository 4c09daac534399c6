import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { smallPhotos } from './fixtures';

/** Salt and pepper on `share` of all channel values, from a seeded source. */
async function withImpulses(photo: Buffer, share: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let seed = 777;
  const rand = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const count = Math.floor(share * data.length);
  for (let k = 0; k < count; k++) data[Math.floor(rand() * data.length)] = k % 2 === 0 ? 255 : 0;
  return sharp(data, { raw: info }).png().toBuffer();
}

/** Each channel cut to `levels` flat levels: posterisation. */
async function posterised(photo: Buffer, levels: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const step = 255 / (levels - 1);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(Math.round(data[i]! / step) * step);
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
