import sharp from 'sharp';
import { jpeg2000Available, KADID } from '../../scripts/eval/kadid';
import { atAnalysisSize, samplePhoto } from '../scoring/fixtures';

/** Each channel's mean over the whole image, R, G, B. */
async function channelMeans(image: Buffer): Promise<number[]> {
  const { channels } = await sharp(image).stats();
  return channels.slice(0, 3).map((c) => c.mean);
}

describe('eval KADID ladders', () => {
  // .ci/run installs Debian's openjpeg tools; a developer's machine without them skips this.
  const withJpeg2000 = jpeg2000Available() ? it : it.skip;

  withJpeg2000('JPEG2000 keeps the size and every channel in place, and loses more at each rate', async () => {
    const reference = await atAnalysisSize(samplePhoto('coffee.png'));
    const ladder = KADID.find((d) => d.name === 'K09 jpeg2000')!;
    const want = await channelMeans(reference);
    const { width, height } = await sharp(reference).metadata();
    const errors: number[] = [];
    const { data: ref } = await sharp(reference).raw().toBuffer({ resolveWithObject: true });
    for (const level of [1, 3, 5]) {
      const out = await ladder.apply(reference, level);
      expect(await sharp(out).metadata()).toMatchObject({ width, height, channels: 3 });
      // A codec moves a channel's mean by a level or two at most; a rotated channel order by tens.
      (await channelMeans(out)).forEach((mean, c) => expect(Math.abs(mean - want[c]!)).toBeLessThan(5));
      const { data } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
      let sum = 0;
      for (let i = 0; i < data.length; i++) sum += Math.abs(data[i]! - ref[i]!);
      errors.push(sum / data.length);
    }
    expect(errors[0]).toBeGreaterThan(0);
    expect(errors[1]).toBeGreaterThan(errors[0]!);
    expect(errors[2]).toBeGreaterThan(errors[1]!);
  }, 60_000);
});
