import sharp from 'sharp';
import { ScoreError, ScoreErrorCode } from '../../src/errors';
import { scoreImage } from '../../src/scoring';
import { pngBomb, samplePhoto } from './fixtures';

/** Scores `input`, expecting a quick UNSUPPORTED_IMAGE with a client-safe message. */
async function expectUnsupported(input: Buffer, maxInputPixels?: number): Promise<ScoreError> {
  const started = performance.now();
  const error: unknown = await scoreImage(input, { maxInputPixels }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScoreError);
  const scoreError = error as ScoreError;
  expect(scoreError.code).toBe(ScoreErrorCode.UNSUPPORTED_IMAGE);
  expect(scoreError.message).not.toMatch(/[/\\]/);
  expect(performance.now() - started).toBeLessThan(2000);
  return scoreError;
}

describe('hostile input', () => {
  it('rejects a decompression bomb (30000 x 30000 PNG in a small file) without inflating it', async () => {
    const bomb = await pngBomb(30_000);
    expect(bomb.length).toBeLessThan(1_000_000);
    const rssBefore = process.memoryUsage().rss;
    const error = await expectUnsupported(bomb);
    expect(error.message).toMatch(/too large/);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('rejects an image over a configured pixel limit', async () => {
    const photo = await sharp(samplePhoto('rocket.jpg')).png().toBuffer();
    await expectUnsupported(photo, 100_000);
  });

  it('rejects a truncated JPEG instead of scoring the part that decoded', async () => {
    const jpeg = samplePhoto('building.jpg');
    await expectUnsupported(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
  });

  it('rejects a truncated progressive JPEG', async () => {
    const jpeg = await sharp(samplePhoto('rocket.jpg')).jpeg({ progressive: true }).toBuffer();
    await expectUnsupported(jpeg.subarray(0, Math.floor(jpeg.length * 0.5)));
  });

  it('rejects a truncated PNG', async () => {
    const png = samplePhoto('coffee.png');
    await expectUnsupported(png.subarray(0, Math.floor(png.length * 0.5)));
  });

  it('rejects text bytes, as a text file named .jpg would be', async () => {
    await expectUnsupported(Buffer.from('this is not an image, whatever the file name says\n'.repeat(50)));
  });

  it('rejects a JPEG header followed by garbage', async () => {
    const garbage = Buffer.concat([samplePhoto('fruits.jpg').subarray(0, 600), Buffer.alloc(4000, 0x5a)]);
    await expectUnsupported(garbage);
  });

  it('rejects zero bytes', async () => {
    await expectUnsupported(Buffer.alloc(0));
  });

  it('scores a PNG whatever its name says: the bytes decide', async () => {
    const q = await scoreImage(samplePhoto('coffee.png'));
    expect(q.format).toBe('png');
    expect(q.overall).toBeGreaterThan(0);
  });

  it('refuses an invalid limit, naming the value', async () => {
    await expect(scoreImage(samplePhoto('coffee.png'), { maxInputPixels: 0 })).rejects.toThrow(
      'maxInputPixels must be a positive integer: 0',
    );
  });
});
