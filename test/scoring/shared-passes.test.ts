import sharp from 'sharp';
import { bandingFraction } from '../../src/scoring/banding';
import { emptyStepProfiles, stepProfiles } from '../../src/scoring/blockiness';
import { chromaHalves } from '../../src/scoring/chroma-bleed';
import { colourSample } from '../../src/scoring/colour-sample';
import { copiedPatchShare } from '../../src/scoring/copied-patches';
import { firstPass } from '../../src/scoring/first-pass';
import { impulseFraction } from '../../src/scoring/impulse';
import { lumaRowShares } from '../../src/scoring/luma-rows';
import { halve, type LumaRaster, type RgbRaster } from '../../src/scoring/raster';
import { rgbPass } from '../../src/scoring/rgb-pass';
import { sharpnessScales } from '../../src/scoring/sharpness';
import { posterised, samplePhoto } from './fixtures';

/** Sample photos, cropped to shapes that reach the loops' edge cases, as RGB. */
async function rgbOf(name: string, crop?: { width: number; height: number }): Promise<RgbRaster> {
  let pipeline = sharp(samplePhoto(name)).resize({ width: 320, height: 320, fit: 'inside' });
  if (crop) pipeline = sharp(await pipeline.png().toBuffer()).extract({ left: 0, top: 0, ...crop });
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** The same, as luma. */
async function lumaOf(name: string, crop?: { width: number; height: number }): Promise<LumaRaster> {
  return firstPass(await rgbOf(name, crop)).luma;
}

/** Sample photos with even and odd sides, and the one-row and one-column ends. */
const SHAPES = [
  ['wide', 'building.jpg', undefined],
  ['tall, both sides odd', 'aloeL.jpg', { width: 37, height: 211 }],
  ['odd width', 'astronaut.png', { width: 101, height: 64 }],
  ['odd height', 'chelsea.png', { width: 64, height: 99 }],
  ['one column', 'coffee.png', { width: 1, height: 50 }],
  ['one row', 'coffee.png', { width: 50, height: 1 }],
  ['one pixel', 'coffee.png', { width: 1, height: 1 }],
] as const;

// The scorer reads the RGB pixels once (rgbPass) for what four passes read; each result must
// stay theirs to the last bit.
describe('the one read of the RGB pixels', () => {
  it.each(SHAPES)('equals firstPass, halve, chromaHalves and colourSample bit for bit (%s)', async (_, name, crop) => {
    const rgb = await rgbOf(name, crop);
    const halfSize = (rgb.width >> 1) * (rgb.height >> 1);
    const fused = rgbPass(rgb, {
      luma: new Float32Array(rgb.width * rgb.height),
      half: new Float32Array(halfSize),
      rg: new Float32Array(halfSize),
      yb: new Float32Array(halfSize),
    });
    const first = firstPass(rgb);
    expect(Array.from(fused.luma.data)).toEqual(Array.from(first.luma.data));
    expect([fused.luma.width, fused.luma.height]).toEqual([rgb.width, rgb.height]);
    expect(Array.from(fused.hist.bins)).toEqual(Array.from(first.hist.bins));
    expect(Array.from(fused.green.bins)).toEqual(Array.from(first.green.bins));
    expect([fused.hist.total, fused.green.total]).toEqual([first.hist.total, first.green.total]);
    expect(fused.colour).toEqual(first.colour);
    const half = halve(first.luma);
    expect(Array.from(fused.half.data)).toEqual(Array.from(half.data));
    expect([fused.half.width, fused.half.height]).toEqual([half.width, half.height]);
    const chroma = chromaHalves(rgb, new Float32Array(halfSize), new Float32Array(halfSize));
    expect(Array.from(fused.chroma.rg)).toEqual(Array.from(chroma.rg));
    expect(Array.from(fused.chroma.yb)).toEqual(Array.from(chroma.yb));
    expect([fused.chroma.width, fused.chroma.height]).toEqual([chroma.width, chroma.height]);
    expect(fused.sample).toEqual(colourSample(rgb));
    // Not vacuous: the photo has colour, and the sample counted pixels.
    expect(first.colour.qRg).toBeGreaterThan(0);
    expect(fused.sample.cast.count).toBe(Math.ceil(rgb.width / 2) * Math.ceil(rgb.height / 2));
  });
});

/** Luma of `rgb` with a patch copied 7 px right and 5 down, and a few impulses: every share is non-zero. */
function withArtefacts(rgb: RgbRaster): LumaRaster {
  const luma = firstPass(rgb).luma;
  const { data: d, width: w, height: h } = luma;
  const side = Math.min(40, w >> 2, h >> 2);
  for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) d[(y + 5 + (h >> 2)) * w + x + 7 + (w >> 2)] = d[(y + (h >> 2)) * w + x + (w >> 2)]!;
  for (let k = 1; k < 8; k++) d[(2 * k * 3 + 1) * w + 5 * k] = 255;
  return luma;
}

// Copied patches, banding and impulses read full-scale luma in one pass (lumaRowShares); each
// share must stay its own function's to the last bit.
describe('the one read of the luma rows', () => {
  it.each([
    ...SHAPES,
    ['small', 'coffee.png', { width: 8, height: 9 }],
    ['under the fused pass', 'coffee.png', { width: 7, height: 30 }],
  ] as const)('equals copiedPatchShare, bandingFraction and impulseFraction bit for bit (%s)', async (_, name, crop) => {
    const rgb = await rgbOf(name, crop);
    for (const luma of [firstPass(rgb).luma, withArtefacts(rgb)]) {
      expect(lumaRowShares(luma)).toEqual({
        copiedPatches: copiedPatchShare(luma),
        banding: bandingFraction(luma),
        impulse: impulseFraction(luma),
      });
    }
  });

  // Band edges every third pixel, in a phase that moves from row to row (so some rows end on
  // one), and impulses in the first and last columns the impulse test reads: the fused pass's
  // row ends are where it differs from the plain loops.
  it.each([
    [8, 8],
    [9, 11],
    [37, 21],
    [64, 50],
  ])('equals them on bands and impulses at the row ends (%i x %i)', (w, h) => {
    const d = new Float32Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d[y * w + x] = 60 + 5 * (Math.floor((x + y) / 3) % 20);
    for (let y = 1; y < h - 1; y += 2) for (const x of [1, w >> 1, w - 2]) d[y * w + x]! += 80;
    const luma = { data: d, width: w, height: h };
    const shares = lumaRowShares(luma);
    expect(shares).toEqual({ copiedPatches: copiedPatchShare(luma), banding: bandingFraction(luma), impulse: impulseFraction(luma) });
    expect(shares.banding).toBeGreaterThan(0);
    expect(shares.impulse).toBeGreaterThan(0);
  });

  it('is not vacuous: a posterised photo with a copied patch and impulses has all three', async () => {
    const photo = await posterised(await sharp(samplePhoto('building.jpg')).resize(320).png().toBuffer(), 8);
    const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const luma = withArtefacts({ data, width: info.width, height: info.height });
    const shares = lumaRowShares(luma);
    expect(shares.banding).toBeGreaterThan(0);
    expect(shares.impulse).toBeGreaterThan(0);
    const plain = withArtefacts(await rgbOf('building.jpg'));
    expect(lumaRowShares(plain).copiedPatches).toBeGreaterThan(0);
    expect(lumaRowShares(plain).copiedPatches).toBe(copiedPatchShare(plain));
  });
});

// The re-blur fills the step sums that blockiness and pixelation read, in place of a pass of
// their own; these are the sums stepProfiles makes, and must stay so to the last bit.
describe('step sums from the sharpness pass', () => {
  it.each([
    ['wide', 'building.jpg', undefined],
    ['tall', 'aloeL.jpg', { width: 37, height: 211 }],
    ['one column', 'coffee.png', { width: 1, height: 50 }],
    ['one row', 'coffee.png', { width: 50, height: 1 }],
  ] as const)('equal stepProfiles bit for bit (%s)', async (_, name, crop) => {
    const luma = await lumaOf(name, crop);
    const half = halve(luma);
    const filled = emptyStepProfiles(luma.width, luma.height);
    sharpnessScales([luma, half, halve(half)], 1.5, filled);
    const reference = stepProfiles(luma);
    expect(Array.from(filled.columns)).toEqual(Array.from(reference.columns));
    expect(Array.from(filled.rows)).toEqual(Array.from(reference.rows));
    expect(reference.columns.length + reference.rows.length).toBe(Math.max(0, luma.width - 1) + Math.max(0, luma.height - 1));
  });

  it('leave the sharpness shares as they are without them', async () => {
    const luma = await lumaOf('building.jpg');
    const pyramid = [luma, halve(luma), halve(halve(luma))];
    expect(sharpnessScales(pyramid, 1.5, emptyStepProfiles(luma.width, luma.height))).toEqual(sharpnessScales(pyramid, 1.5));
  });
});
