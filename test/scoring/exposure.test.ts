import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { shadowClipping } from '../../src/scoring/clipping';
import { smallPhotos } from './fixtures';

/** A copy of `photo` with CIE L* lowered by `delta`, as the eval's darken ladder makes it. */
function darken(photo: Buffer, delta: number): Promise<Buffer> {
  return sharp(photo).modulate({ lightness: -delta }).png().toBuffer();
}

describe('exposure', () => {
  it('counts a pixel as clipped when any one channel sits at black', () => {
    const data = Uint8Array.from([0, 0, 0, 200, 120, 1, 90, 90, 90, 255, 255, 2]);
    expect(shadowClipping({ data, width: 2, height: 2 })).toBe(0.5);
  });

  it('scores a copy darkened by 12 and by 20 L* below the photo', async () => {
    // aloeL is left out: its blacks sit at L* 32, so darkening it restores them and it looks
    // better exposed for it; no shadow clips before L* -30. docs/scorer.md lists the limit.
    const photos = (await smallPhotos()).filter(([name]) => name !== 'aloeL.jpg');
    for (const [name, bytes] of photos) {
      const original = (await scoreImage(bytes)).overall;
      const seen = { name, original };
      for (const delta of [12, 20]) {
        const darker = (await scoreImage(await darken(bytes, delta))).overall;
        expect({ ...seen, delta, lower: darker < original }).toEqual({ ...seen, delta, lower: true });
      }
    }
  });

  it('charges a darkened copy through its exposure sub-score', async () => {
    const [, building] = (await smallPhotos()).find(([name]) => name === 'building.jpg')!;
    const original = await scoreImage(building);
    const darker = await scoreImage(await darken(building, 20));
    expect(darker.breakdown.exposure).toBeLessThan(original.breakdown.exposure - 0.2);
  });
});
