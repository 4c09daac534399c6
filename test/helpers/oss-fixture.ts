import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { DEFAULT_LOCAL_OSS_ROOT } from '../../src/config';

/** The repo's sample bucket folder (`oss://samples/...`). */
export const SAMPLES_DIR = path.join(DEFAULT_LOCAL_OSS_ROOT, 'samples');

/** A throwaway OSS root for one test file, removed by `cleanup`. */
export interface OssFixture {
  root: string;
  /** Writes `bytes` as `oss://<bucket>/<key>` and returns that URI. */
  put(bucket: string, key: string, bytes: Buffer | string): Promise<string>;
  /** Links `oss://<bucket>/<key>` to `target` and returns that URI. */
  symlink(bucket: string, key: string, target: string): Promise<string>;
  cleanup(): Promise<void>;
}

/** Makes an empty OSS root in the OS temp folder. */
export async function createOssFixture(): Promise<OssFixture> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'oss-fixture-'));
  const place = async (bucket: string, key: string) => {
    const file = path.join(root, bucket, key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    return file;
  };
  return {
    root,
    async put(bucket, key, bytes) {
      await fs.writeFile(await place(bucket, key), bytes);
      return `oss://${bucket}/${key}`;
    },
    async symlink(bucket, key, target) {
      await fs.symlink(target, await place(bucket, key));
      return `oss://${bucket}/${key}`;
    },
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}

/** A bundled sample photo's bytes. */
export function readSample(file: string): Promise<Buffer> {
  return fs.readFile(path.join(SAMPLES_DIR, file));
}

/** Writes one sample photo under each of `keys` in `bucket` and returns their URIs, in order. */
export async function putCopies(
  fixture: OssFixture,
  bucket: string,
  keys: readonly string[],
  sample = 'coffee.png',
): Promise<string[]> {
  const bytes = await readSample(sample);
  const uris: string[] = [];
  for (const key of keys) uris.push(await fixture.put(bucket, key, bytes));
  return uris;
}

/** A gaussian-blurred JPEG copy of a sample photo, written by sharp. */
export async function blurredCopy(file: string, sigma = 4): Promise<Buffer> {
  return sharp(await readSample(file)).blur(sigma).jpeg({ quality: 95 }).toBuffer();
}

/** The first `fraction` of a sample JPEG's bytes: a truncated file. */
export async function truncatedCopy(file: string, fraction = 0.5): Promise<Buffer> {
  const bytes = await readSample(file);
  return bytes.subarray(0, Math.floor(bytes.length * fraction));
}
