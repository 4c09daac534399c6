import sharp from 'sharp';
import { emptyStepProfiles, stepProfiles } from '../../src/scoring/blockiness';
import { firstPass } from '../../src/scoring/first-pass';
import { halve, type LumaRaster } from '../../src/scoring/raster';
import { sharpnessScales } from '../../src/scoring/sharpness';
import { samplePhoto } from './fixtures';

/** Sample photos, cropped to shapes that reach the loops' edge cases, as luma. */
async function lumaOf(name: string, crop?: { width: number; height: number }): Promise<LumaRaster> {
  let pipeline = sharp(samplePhoto(name)).resize({ width: 320, height: 320, fit: 'inside' });
  if (crop) pipeline = sharp(await pipeline.png().toBuffer()).extract({ left: 0, top: 0, ...crop });
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return firstPass({ data, width: info.width, height: info.height }).luma;
}

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
