import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** Gitignored folder for generated benchmark inputs. */
export const BENCH_CACHE = join(process.cwd(), 'bench', '.cache');

/** The two 12 MP inputs of the scorer benchmark, and what they were made from. */
export interface BenchInputs {
  readonly source: string;
  readonly baseline: Buffer;
  readonly progressive: Buffer;
}

const CAMERA_PHOTO = join(
  process.cwd(),
  '.eval-cache/pkg/lomiri-wallpapers-16.04/usr/share/backgrounds/Dragonfly_by_Bolly.jpg',
);
const SAMPLE_PHOTO = join(process.cwd(), 'data/oss/samples/aloeL.jpg');

/**
 * 4000x3000 (12 MP) baseline and progressive JPEGs at quality 90, made once and cached: from a
 * 13 MP camera photo when `npm run eval` has fetched Debian's lomiri-wallpapers, otherwise from a
 * bundled sample upscaled with sensor-like noise added, so the encoder sees real texture either way.
 */
export async function benchInputs(): Promise<BenchInputs> {
  mkdirSync(BENCH_CACHE, { recursive: true });
  const fromCamera = existsSync(CAMERA_PHOTO);
  const tag = fromCamera ? 'camera' : 'sample';
  const files = {
    baseline: join(BENCH_CACHE, `12mp-${tag}-baseline.jpg`),
    progressive: join(BENCH_CACHE, `12mp-${tag}-progressive.jpg`),
  };
  if (!existsSync(files.baseline) || !existsSync(files.progressive)) {
    let pixels = sharp(readFileSync(fromCamera ? CAMERA_PHOTO : SAMPLE_PHOTO)).resize(4000, 3000, {
      fit: 'cover',
    });
    if (!fromCamera) {
      const grain = await sharp({
        create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 6 } },
      })
        .png()
        .toBuffer();
      pixels = sharp(await pixels.png().toBuffer()).composite([{ input: grain, blend: 'overlay' }]);
    }
    const upright = await pixels.png({ compressionLevel: 1 }).toBuffer();
    writeFileSync(files.baseline, await sharp(upright).jpeg({ quality: 90 }).toBuffer());
    writeFileSync(files.progressive, await sharp(upright).jpeg({ quality: 90, progressive: true }).toBuffer());
  }
  return {
    source: fromCamera ? 'Dragonfly_by_Bolly.jpg (lomiri-wallpapers-16.04), cropped to 4000x3000' : 'samples/aloeL.jpg upscaled to 4000x3000 with grain',
    baseline: readFileSync(files.baseline),
    progressive: readFileSync(files.progressive),
  };
}

/**
 * `count` distinct encoded files, alternately baseline and progressive: each a copy of an input
 * with its own JPEG comment segment after the SOI marker, so no two requests share bytes (as 32
 * users' photos would not) while decoding to the same pixels.
 */
export function distinctCopies(inputs: BenchInputs, count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => {
    const jpeg = i % 2 ? inputs.progressive : inputs.baseline;
    const text = Buffer.from(`bench copy ${i}`, 'ascii');
    const segment = Buffer.alloc(4);
    segment.writeUInt16BE(0xfffe, 0); // COM marker
    segment.writeUInt16BE(text.length + 2, 2);
    return Buffer.concat([jpeg.subarray(0, 2), segment, text, jpeg.subarray(2)]);
  });
}
