import sharp from 'sharp';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeflate } from 'node:zlib';

/** The bundled sample bucket: real photos, JPEG and PNG. */
export const SAMPLES_DIR = join(__dirname, '..', '..', 'data', 'oss', 'samples');

/** Every sample photo's name and bytes. */
export function samplePhotos(): { name: string; bytes: Buffer }[] {
  return readdirSync(SAMPLES_DIR)
    .filter((f) => /\.(jpe?g|png)$/i.test(f))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(join(SAMPLES_DIR, name)) }));
}

/**
 * A few sample photos (JPEG and PNG, bright, dark, textured, smooth) shrunk to 512 px and
 * stored losslessly: small enough that a distortion ladder per photo takes milliseconds.
 */
export async function smallPhotos(): Promise<(readonly [string, Buffer])[]> {
  const names = ['aloeL.jpg', 'building.jpg', 'coffee.png', 'hubble_deep_field.jpg', 'squirrel_cls.jpg'];
  return Promise.all(
    names.map(async (name) => {
      const png = await sharp(samplePhoto(name))
        .resize({ width: 512, height: 512, fit: 'inside', withoutEnlargement: true })
        .png({ compressionLevel: 1 })
        .toBuffer();
      return [name, png] as const;
    }),
  );
}

/** One sample photo's bytes. */
export function samplePhoto(name: string): Buffer {
  return readFileSync(join(SAMPLES_DIR, name));
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * A real decompression bomb: a valid 1-bit greyscale PNG of `size` x `size` pixels, all black,
 * that compresses to a few hundred kilobytes. Written row by row through a deflate stream, so
 * making it never holds the inflated image.
 */
export async function pngBomb(size: number): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const row = Buffer.alloc(1 + Math.ceil(size / 8)); // filter byte 0, then zero bits
  for (let y = 0; y < size; y++) {
    if (!deflate.write(row)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.concat(parts)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
