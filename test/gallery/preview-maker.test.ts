import zlib from 'node:zlib';
import sharp from 'sharp';
import { LocalObjectStore } from '../../src/datasources/local/object-store';
import { ScoreErrorCode } from '../../src/errors';
import { PreviewMaker } from '../../src/gallery/preview-maker';
import type { OssFixture } from '../helpers/oss-fixture';
import { createOssFixture, readSample, truncatedCopy } from '../helpers/oss-fixture';

const SAMPLES = ['rocket.jpg', 'coffee.png', 'astronaut.png', 'chelsea.png', 'fruits.jpg', 'hubble_deep_field.jpg'];

describe('PreviewMaker', () => {
  let fixture: OssFixture;
  let store: LocalObjectStore;

  beforeAll(async () => {
    fixture = await createOssFixture();
    for (const sample of SAMPLES) await fixture.put('photos', sample, await readSample(sample));
    await fixture.put('photos', 'truncated.jpg', await truncatedCopy('rocket.jpg'));
    await fixture.put('photos', 'notes.jpg', 'not an image\n');
    // 2000 x 1000 = 2 MP: over the 1 MP limit set below, small on disk.
    await fixture.put('photos', 'wide.png', await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#888' } }).png().toBuffer());
    await fixture.put('photos', 'bomb.png', await pngClaiming(60_000, 60_000));
    store = new LocalObjectStore({ root: fixture.root, maxObjectBytes: 5 * 1024 * 1024 });
  });

  afterAll(async () => {
    await fixture.cleanup();
  });

  const at = (key: string) => ({ bucket: 'photos', key });

  it('makes a WebP no larger than longSide, keeping the aspect ratio', async () => {
    const previews = new PreviewMaker(store, { longSide: 200 });

    const preview = await previews.preview(at('rocket.jpg'));

    const meta = await sharp(preview.bytes).metadata();
    const original = await sharp(await readSample('rocket.jpg')).metadata();
    expect(preview.contentType).toBe('image/webp');
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width, meta.height)).toBe(200);
    expect(meta.width / meta.height).toBeCloseTo(original.width / original.height, 1);
    expect(preview.etag).toMatch(/^"[\w-]+-200"$/);
  });

  it('keeps its cache within cacheBytes, however many images it previews', async () => {
    const cacheBytes = 40 * 1024;
    const previews = new PreviewMaker(store, { longSide: 256, cacheBytes });

    const sizes: number[] = [];
    for (const sample of SAMPLES) {
      sizes.push((await previews.preview(at(sample))).bytes.length);
      expect(previews.cachedBytes).toBeLessThanOrEqual(cacheBytes);
    }
    // The bound was met by evicting, not because the previews were tiny.
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeGreaterThan(cacheBytes);
    expect(previews.cachedBytes).toBeGreaterThan(0);
  });

  it('renders the same bytes once when asked for them at once', async () => {
    const previews = new PreviewMaker(store, { cacheBytes: 1024 * 1024 });

    const [first, second] = await Promise.all([previews.preview(at('coffee.png')), previews.preview(at('coffee.png'))]);

    expect(first.bytes).toBe(second.bytes);
  });

  it('holds at most twice `concurrency` objects in memory at once, however many are asked for', async () => {
    const counting = new CountingStore({ root: fixture.root, maxObjectBytes: 5 * 1024 * 1024 });
    const previews = new PreviewMaker(counting, { concurrency: 1, cacheBytes: 1024 });

    await Promise.all([...SAMPLES, ...SAMPLES].map((sample) => previews.preview(at(sample))));

    expect(counting.reads).toBe(2 * SAMPLES.length);
    expect(counting.maxInFlight).toBe(2);
  });

  it('refuses an image over the pixel limit from its header', async () => {
    const previews = new PreviewMaker(store, { maxInputPixels: 1_000_000 });

    await expect(previews.preview(at('wide.png'))).rejects.toMatchObject({
      code: ScoreErrorCode.UNSUPPORTED_IMAGE,
      message: 'The image is larger than the limit of 1000000 pixels.',
    });
  });

  it('refuses a decompression bomb (a 3.6 GP header) with the default limit', async () => {
    await expect(new PreviewMaker(store).preview(at('bomb.png'))).rejects.toMatchObject({
      code: ScoreErrorCode.UNSUPPORTED_IMAGE,
      message: 'The image is larger than the limit of 100000000 pixels.',
    });
  });

  it.each(['truncated.jpg', 'notes.jpg'])('refuses %s as UNSUPPORTED_IMAGE', async (key) => {
    await expect(new PreviewMaker(store).preview(at(key))).rejects.toMatchObject({ code: ScoreErrorCode.UNSUPPORTED_IMAGE });
  });

  it('refuses what the object store refuses, before decoding', async () => {
    const previews = new PreviewMaker(new LocalObjectStore({ root: fixture.root, maxObjectBytes: 100 * 1024 }));

    await expect(previews.preview(at('no-such.jpg'))).rejects.toMatchObject({ code: ScoreErrorCode.OBJECT_NOT_FOUND });
    await expect(previews.preview(at('astronaut.png'))).rejects.toMatchObject({
      code: ScoreErrorCode.UNSUPPORTED_IMAGE,
      message: expect.stringMatching(/the limit is 102400/),
    });
  });

  it('fails fast on an invalid option, naming the value', () => {
    expect(() => new PreviewMaker(store, { longSide: 0 })).toThrow('longSide must be a positive integer: 0');
  });
});

/** The real store, counting the reads in flight. */
class CountingStore extends LocalObjectStore {
  reads = 0;
  maxInFlight = 0;
  private inFlight = 0;

  override async read(location: { bucket: string; key: string }): Promise<Buffer> {
    this.reads += 1;
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      return await super.read(location);
    } finally {
      this.inFlight -= 1;
    }
  }
}

/** A tiny PNG whose header claims `width` x `height`: what a decompression bomb looks like to a decoder. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
  // IHDR is the first chunk: length (4) + type (4) at offset 8, then width and height, then CRC.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)), 29);
  return png;
}
