import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { lags, shiftCorrelations } from '../../src/scoring/channel-shift';
import { atAnalysisSize, samplePhotos } from './fixtures';

/**
 * The photo with one channel's whole plane moved by (dx, dy) px (edges repeated): a plain
 * misregistration, not the eval's KADID colour shift (which blends the moved plane in by an edge
 * map), so the test reads the fault, not one ladder's implementation of it.
 */
async function shifted(photo: Buffer, channel: 0 | 1 | 2, dx: number, dy: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const out = Buffer.from(data);
  // Source columns and rows, clamped once: Math in a per-pixel loop is slow under jest's vm.
  const cols = Int32Array.from({ length: w }, (_, x) => Math.min(w - 1, Math.max(0, x - dx)));
  for (let y = 0; y < h; y++) {
    const from = Math.min(h - 1, Math.max(0, y - dy)) * w;
    for (let x = 0; x < w; x++) out[3 * (y * w + x) + channel] = data[3 * (from + cols[x]!) + channel]!;
  }
  return sharp(out, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

const registration = async (bytes: Buffer): Promise<number> => (await scoreImage(bytes)).breakdown.channelShift;

describe('scoreImage channel registration (channelShift)', () => {
  let photos: { name: string; bytes: Buffer }[];
  beforeAll(async () => {
    photos = await Promise.all(samplePhotos().map(async ({ name, bytes }) => ({ name, bytes: await atAnalysisSize(bytes) })));
  });

  it('is 1 on every sample but fruits.jpg, and on every black-and-white copy and JPEG re-encode of them', async () => {
    for (const { name, bytes } of photos) {
      const seen = {
        name,
        photo: await registration(bytes),
        grey: await registration(await sharp(bytes).greyscale().png().toBuffer()),
        jpeg: await registration(await sharp(bytes).jpeg({ quality: 90 }).toBuffer()),
      };
      // fruits.jpg, an old scan, is the one tuning original over the knee (docs/scorer.md).
      const photo = name === 'fruits.jpg' ? seen.photo > 0.9 && seen.photo < 1 : seen.photo === 1;
      expect({ name, photo, grey: seen.grey, jpeg: seen.jpeg > 0.98 }).toEqual({ name, photo: true, grey: 1, jpeg: true });
    }
  }, 120_000);

  it('falls when one channel is moved, whichever channel and direction, and further the further it moves', async () => {
    for (const { name, bytes } of photos) {
      const seen = {
        name,
        green1: await registration(await shifted(bytes, 1, 1, 0)),
        green4: await registration(await shifted(bytes, 1, 4, 0)),
        green8: await registration(await shifted(bytes, 1, 8, 0)),
        red: await registration(await shifted(bytes, 0, 0, 3)),
        blue: await registration(await shifted(bytes, 2, -2, 2)),
      };
      expect({
        name,
        every: [seen.green1, seen.green4, seen.green8, seen.red, seen.blue].every((s) => s < 0.97),
        // Up to 4 px a shift reads as the quarter scale's first lag (4 px); past it, as far as it goes.
        further: seen.green8 < seen.green4 - 0.03 && seen.green4 <= seen.green1 + 0.02,
      }).toEqual({ name, every: true, further: true });
    }
  }, 120_000);

  it('does not move when the shifted photo is desaturated: the reading is a correlation, not an amount of colour', async () => {
    for (const { name, bytes } of photos) {
      const moved = await shifted(bytes, 1, 6, 0);
      const muted = await sharp(moved).modulate({ saturation: 0.5 }).png().toBuffer();
      expect({ name, drift: Math.abs((await registration(muted)) - (await registration(moved))) < 0.03 }).toEqual({ name, drift: true });
    }
  }, 120_000);

  it('reads a coloured object on grey as aligned, and its green plane moved 2 px right as a shift at lag (1, 0)', () => {
    const w = 96;
    const h = 96;
    const plane = (f: (x: number, y: number) => number): Float32Array => {
      const out = new Float32Array(w * h);
      for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = f(x, y);
      return out;
    };
    // A red square (soft 2 px edges) on grey, as half-scale planes: luma, R-G, (R+G)/2-B.
    const inside = (x: number, y: number): number => {
      const ramp = (t: number): number => Math.min(1, Math.max(0, t / 2));
      return ramp(x - 30) * ramp(66 - x) * ramp(y - 30) * ramp(66 - y);
    };
    const rgb = (x: number, y: number, greenShift: number): [number, number, number] => {
      const v = inside(x, y);
      return [100 + 120 * v, 100 + 20 * inside(x - greenShift, y), 100 + 20 * v];
    };
    const planes = (greenShift: number) => {
      const luma = plane((x, y) => {
        const [r, g, b] = rgb(x, y, greenShift);
        return 0.299 * r + 0.587 * g + 0.114 * b;
      });
      const rg = plane((x, y) => rgb(x, y, greenShift)[0] - rgb(x, y, greenShift)[1]);
      const yb = plane((x, y) => {
        const [r, g, b] = rgb(x, y, greenShift);
        return 0.5 * (r + g) - b;
      });
      return { luma: { data: luma, width: w, height: h }, chroma: { rg, yb, width: w, height: h } };
    };
    const buffers: Float32Array[] = [];
    const buffer = (slot: number, length: number): Float32Array => (buffers[slot] ??= new Float32Array(length));
    const peak = (greenShift: number) => {
      const { luma, chroma } = planes(greenShift);
      const values = shiftCorrelations(luma, chroma, 2, 1, buffer);
      const lagList = lags(2);
      let best = 0;
      for (let i = 1; i < values.length; i++) if (Math.abs(values[i]!) > Math.abs(values[best]!)) best = i;
      return { value: Math.abs(values[best]!), channel: Math.floor(best / lagList.length), lag: lagList[best % lagList.length] };
    };
    expect(peak(0).value).toBeLessThan(0.05);
    const moved = peak(2);
    expect(moved).toMatchObject({ channel: 1, lag: [1, 0] });
    expect(moved.value).toBeGreaterThan(0.15);
  });
});
