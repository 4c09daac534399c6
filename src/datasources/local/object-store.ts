import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ScoreError, ScoreErrorCode } from '../../errors';
import type { OssLocation } from '../source-uri';

/**
 * Reads objects from a folder laid out like OSS: `oss://bucket/key` is `<root>/bucket/key`.
 * Nothing outside the root is ever read, whatever the key holds: keys are never decoded, the
 * resolved path and its real path (after symlinks) must both stay inside the root's real path.
 */
export class LocalObjectStore {
  private rootRealPath?: Promise<string>;

  /**
   * @param root folder whose subfolders are buckets
   * @param maxObjectBytes larger objects are refused before they are read
   */
  constructor(
    readonly root: string,
    private readonly maxObjectBytes: number,
  ) {}

  /** Resolves when the root folder exists and can be listed. */
  async checkReadable(): Promise<void> {
    await fs.access(await this.realRoot(), fsConstants.R_OK | fsConstants.X_OK);
  }

  /**
   * The object's bytes.
   * @throws ScoreError OBJECT_NOT_FOUND when there is no such file inside the root,
   *   UNSUPPORTED_IMAGE when it is larger than `maxObjectBytes`
   */
  async read(location: OssLocation): Promise<Buffer> {
    const root = await this.realRoot();
    const notFound = (cause?: unknown) =>
      new ScoreError(
        ScoreErrorCode.OBJECT_NOT_FOUND,
        `The object ${location.key} is not found in bucket ${location.bucket}.`,
        { cause },
      );

    const candidate = path.resolve(root, location.bucket, location.key);
    if (!isInside(root, candidate)) throw notFound();

    let real: string;
    try {
      real = await fs.realpath(candidate);
    } catch (error) {
      throw notFound(error);
    }
    // A symlink that leads out of the root reads as absent rather than telling what is there.
    if (!isInside(root, real)) throw notFound();

    let handle: fs.FileHandle;
    try {
      // O_NOFOLLOW: the last component cannot be swapped for a symlink after realpath.
      handle = await fs.open(real, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW);
    } catch (error) {
      throw notFound(error);
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw notFound();
      if (stat.size > this.maxObjectBytes) {
        throw new ScoreError(
          ScoreErrorCode.UNSUPPORTED_IMAGE,
          `The object is ${stat.size} bytes; the limit is ${this.maxObjectBytes}.`,
        );
      }
      return await handle.readFile();
    } finally {
      await handle.close();
    }
  }

  /**
   * The root's real path (symlinks resolved), computed once: every path rule is checked against
   * it, here and by the read-only listing (object-listing.ts).
   */
  realRoot(): Promise<string> {
    this.rootRealPath ??= fs.realpath(this.root);
    return this.rootRealPath;
  }
}

/** Whether `candidate` lies strictly below `root` (both absolute, `root` a real path). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
