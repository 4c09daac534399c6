import sharp from 'sharp';
import { scoreImage } from '../../src/scoring';
import { edgeRoughness } from '../../src/scoring/edge-roughness';
import { atAnalysisSize, samplePhotos, seeded } from './fixtures';

/**
 * Each pixel takes the colour of a pixel up to `reach` px away, picked at random (nearest, no
 * interpolation): a scatter, not the eval's bilinear jitter, so the test reads the fault, not
 * one ladder's implementation of it.
 */
async function scattered(photo: Buffer, reach: number, seed: number): Promise<Buffer> {
  const { data, info } = await sharp(photo).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const { width: w, height: h } = info;
  const out = Buffer.alloc(data.length);
  const random = seeded(seed);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = Math.min(w - 1, Math.max(0, x + Math.round((2 * random() - 1) * reach)));
      const sy = Math.min(h - 1, Math.max(0, y + Math.round((2 * random() - 1) * reach)));
      data.copy(out, 3 * (y * w + x), 3 * (sy * w + sx), 3 * (sy * w + sx) + 3);
    }
  }
  return sharp(out, { raw: { width: w, height: h, channels: 3 } }).png().toBuffer();
}

const roughness = async (bytes: Buffer): Promise<number> => (await scoreImage(bytes)).breakdown.edgeRoughness;

describe('scoreImage edge roughness (edgeRoughness)', () => {
  let photos: { name: string; bytes: Buffer }[];
  beforeAll(async () => {
    photos = await Promise.all(samplePhotos().map(async ({ name, bytes }) => ({ name, bytes: await atAnalysisSize(bytes) })));
  });

  it('is 1 on every sample, its black-and-white copy, a JPEG re-encode, a rotation and a blur', async () => {
    for (const { name, bytes } of photos) {
      const seen = {
        name,
        photo: await roughness(bytes),
        grey: await roughness(await sharp(bytes).greyscale().png().toBuffer()),
        jpeg: await roughness(await sharp(bytes).jpeg({ quality: 90 }).toBuffer()),
        rotated: await roughness(await sharp(bytes).rotate(90).png().toBuffer()),
        blurred: await roughness(await sharp(bytes).blur(1.5).png().toBuffer()),
      };
      expect(seen).toEqual({ name, photo: 1, grey: 1, jpeg: 1, rotated: 1, blurred: 1 });
    }
  }, 120_000);

  it('falls as the pixels are scattered further, on every sample with contours', async () => {
    // The Hubble deep field is stars on black: its strong edges are a few pixels long, and a
    // scatter of a star is a star (0.32 at 1 px, under the knee), so it is left out.
    for (const { name, bytes } of photos.filter((p) => p.name !== 'hubble_deep_field.jpg')) {
      const seen = { name, near: await roughness(await scattered(bytes, 1, 7)), far: await roughness(await scattered(bytes, 2, 7)) };
      expect({ name, near: seen.near < 0.5, far: seen.far < seen.near }).toEqual({ name, near: true, far: true });
    }
  }, 120_000);

  it('is not judged (0 curvature, score 1) without strong edges: flat, tiny and smooth images', async () => {
    const flat = { data: new Float32Array(64 * 64).fill(128), width: 64, height: 64 };
    const ramp = { data: Float32Array.from({ length: 64 * 64 }, (_, i) => (i % 64) * 2), width: 64, height: 64 };
    expect([edgeRoughness(flat), edgeRoughness(ramp), edgeRoughness({ data: new Float32Array(4), width: 2, height: 2 })]).toEqual([0, 0, 0]);
    const black = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#000' } }).png().toBuffer();
    expect(await roughness(black)).toBe(1);
  });

  it('reads a straight edge of any orientation as smooth, a jagged one as rough', () => {
    const w = 128;
    const edge = (angle: number, jag: number): number => {
      const data = new Float32Array(w * w);
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      const random = seeded(3);
      for (let y = 0; y < w; y++) {
        for (let x = 0; x < w; x++) {
          // A 4 px ramp (an edge as a photo at 768 px has it) between 40 and 200 across the line through the centre, each pixel
          // moved across it by its own random amount when `jag` > 0.
          const t = (x - w / 2) * c + (y - w / 2) * s + jag * (random() - 0.5);
          data[y * w + x] = 40 + 160 * Math.min(1, Math.max(0, 0.5 + t / 4));
        }
      }
      return edgeRoughness({ data, width: w, height: w });
    };
    for (const angle of [0, 0.3, Math.PI / 4, 1.2, Math.PI / 2]) {
      expect({ angle, smooth: edge(angle, 0) < 0.05, jagged: edge(angle, 3) > 0.33 }).toEqual({ angle, smooth: true, jagged: true });
    }
  });
});
