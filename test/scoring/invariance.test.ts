import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { GRAYSCALE_COLOR_SCORE } from '../../src/scoring/colourfulness';
import { smallPhotos } from './fixtures';

/** Score of `transform(photo)` minus score of `photo`, per photo, labelled for failure output. */
async function shifts(
  transform: (photo: Buffer) => Promise<Buffer>,
): Promise<{ name: string; shift: number }[]> {
  const out = [];
  for (const [name, bytes] of await smallPhotos()) {
    const a = await scoreImage(bytes);
    const b = await scoreImage(await transform(bytes));
    out.push({ name, shift: Math.abs(b.overall - a.overall) });
  }
  return out;
}

describe('what is not a distortion', () => {
  it('moves no photo by 0.03 or more when re-encoded at JPEG quality 95', async () => {
    for (const s of await shifts((p) => sharp(p).jpeg({ quality: 95 }).toBuffer())) {
      expect(s.shift).toBeLessThan(0.03);
    }
  });

  it('keeps a smooth dark photo within 0.03 when re-encoded at quality 95, noise sub-score too', async () => {
    // Blurred and darkened: flat dark areas where q95's sub-level rounding steps on the 8 px
    // grid once read as JPEG blockiness.
    for (const [name, bytes] of await smallPhotos()) {
      const smooth = await sharp(bytes).blur(3).linear(0.35, 0).png().toBuffer();
      const a = await scoreImage(smooth);
      const b = await scoreImage(await sharp(smooth).jpeg({ quality: 95 }).toBuffer());
      const seen = { name, overall: Math.abs(b.overall - a.overall), noise: Math.abs(b.breakdown.noise - a.breakdown.noise) };
      expect({ ...seen, within: seen.overall < 0.03 && seen.noise < 0.03 }).toEqual({ ...seen, within: true });
    }
  });

  it('moves no photo by 0.01 or more when its upright view comes from EXIF orientation 6', async () => {
    // Pixels turned a quarter the other way; orientation 6 tells viewers to turn them back.
    const rotate = (p: Buffer): Promise<Buffer> =>
      sharp(p).rotate(270).withMetadata({ orientation: 6 }).png().toBuffer();
    for (const s of await shifts(rotate)) expect(s.shift).toBeLessThan(0.01);
  });

  it('reports the upright dimensions of an EXIF-rotated photo', async () => {
    const [, photo] = (await smallPhotos())[0]!;
    const meta = await sharp(photo).metadata();
    const rotated = await sharp(photo).rotate(270).withMetadata({ orientation: 6 }).png().toBuffer();
    const q = await scoreImage(rotated);
    expect([q.width, q.height]).toEqual([meta.width, meta.height]);
  });

  it('moves no photo by 0.01 or more when an opaque alpha channel is added', async () => {
    for (const s of await shifts((p) => sharp(p).ensureAlpha(1).png().toBuffer())) {
      expect(s.shift).toBeLessThan(0.01);
    }
  });

  it('gives a black-and-white photo a fair score, its colour not near zero', async () => {
    for (const [, bytes] of await smallPhotos()) {
      const colour = await scoreImage(bytes);
      const grey = await scoreImage(await sharp(bytes).grayscale().jpeg({ quality: 95 }).toBuffer());
      expect(grey.breakdown.color).toBe(GRAYSCALE_COLOR_SCORE);
      expect(grey.overall).toBeGreaterThan(0.3);
      expect(grey.overall).toBeGreaterThan(colour.overall - 0.15);
    }
  });
});
