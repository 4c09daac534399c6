import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ScoreError, ScoreErrorCode } from '../../errors';
import { parseSourceUri } from '../source-uri';
import type { LocalObjectStore } from './object-store';
import { isInside } from './object-store';

/** One page of keys to list. */
export interface ListObjectsRequest {
  bucket: string;
  /** Only keys that start with this: OSS's prefix, a string prefix, not a folder. @default '' */
  prefix?: string;
  /** Only keys after this one in listing order: the previous page's `nextCursor`. */
  startAfter?: string;
  /** Most keys in the page; at most the listing's `maxKeys`. */
  limit: number;
  /** Keeps only the keys it accepts (the gallery lists images). @default every key */
  filter?: (key: string) => boolean;
}

/** A page of keys, in listing order. */
export interface ObjectListing {
  keys: string[];
  /** Pass as `startAfter` for the next page; absent on the last page. */
  nextCursor?: string;
}

/** Bounds of {@link LocalObjectListing}: what one call may return and read. */
export interface ObjectListingLimits {
  /** Largest page. @default 1000 (OSS's own max-keys) */
  maxKeys?: number;
  /**
   * Folder entries one call may read (those matching the prefix). A folder with more fails the
   * call instead of being read without end; a narrower prefix lists it. @default 50000
   */
  maxScannedEntries?: number;
}

/** Thrown when a listing would read more folder entries than `maxScannedEntries`. */
export class ListingTooLargeError extends Error {
  override readonly name = 'ListingTooLargeError';
}

interface Entry {
  name: string;
  folder: boolean;
}

/**
 * A read-only, paginated listing of a local OSS-like folder, for the local backend only.
 *
 * It keeps to the object store's root rules (its real root, `isInside`, the sourceUri contract)
 * and is stricter still: it never follows a symlink (a linked folder or file is not listed, and a
 * prefix through a link lists nothing) and lists only regular files, so everything it names lies
 * inside the root by construction. Every key it returns is a valid sourceUri key.
 *
 * Order: depth first, names sorted within each folder (`a/b` before `a-c`); the cursor compares
 * keys segment by segment in that same order.
 */
export class LocalObjectListing {
  private readonly maxKeys: number;
  private readonly maxScannedEntries: number;

  constructor(
    private readonly store: LocalObjectStore,
    limits: ObjectListingLimits = {},
  ) {
    this.maxKeys = positiveInteger('maxKeys', limits.maxKeys ?? 1000);
    this.maxScannedEntries = positiveInteger('maxScannedEntries', limits.maxScannedEntries ?? 50_000);
  }

  /**
   * One page of the keys under `bucket` that start with `prefix`.
   * @throws ScoreError INVALID_SOURCE_URI for a bucket or prefix the sourceUri contract refuses
   * @throws RangeError for a limit outside 1..maxKeys
   * @throws ListingTooLargeError past `maxScannedEntries`
   */
  async list(request: ListObjectsRequest): Promise<ObjectListing> {
    const { bucket, prefix = '', startAfter, limit, filter = () => true } = request;
    if (!Number.isInteger(limit) || limit < 1 || limit > this.maxKeys) {
      throw new RangeError(`limit must be an integer from 1 to ${this.maxKeys}: ${limit}`);
    }
    // The prefix obeys the key rules (no `..`, `.` or empty segment, no NUL, not absolute, at
    // most 1023 bytes): checked by the parser every sourceUri goes through, as the start of a key
    // (one more character, so that `photos/` is a folder's prefix, not a key ending in `/`).
    parseSourceUri(`oss://${bucket}/${prefix}_`);

    const root = await this.store.realRoot();
    const folderKey = prefix.slice(0, prefix.lastIndexOf('/') + 1);
    const start = path.resolve(root, bucket, folderKey);
    const bucketDir = path.resolve(root, bucket);
    if (!isInside(root, start) || (start !== bucketDir && !isInside(bucketDir, start))) {
      throw new ScoreError(ScoreErrorCode.INVALID_SOURCE_URI, 'Invalid prefix: it leaves the bucket.');
    }
    // A folder that is absent, or reached through a symlink anywhere below the root, lists nothing.
    if ((await realPathOrNull(start)) !== start) return { keys: [] };

    const walk = new Walk(limit + 1, this.maxScannedEntries, splitKey(startAfter ?? ''), filter);
    await walk.folder(start, folderKey, prefix.slice(folderKey.length));
    const keys = walk.keys;
    if (keys.length <= limit) return { keys };
    keys.length = limit;
    return { keys, nextCursor: keys[limit - 1] };
  }
}

/** One listing's traversal state: the keys found so far and the entries left to read. */
class Walk {
  readonly keys: string[] = [];
  private budget: number;

  constructor(
    private readonly wanted: number,
    private readonly maxScannedEntries: number,
    /** The cursor key's segments; empty lists from the start. */
    private readonly cursor: string[],
    private readonly accept: (key: string) => boolean,
  ) {
    this.budget = maxScannedEntries;
  }

  async folder(dir: string, keyPrefix: string, namePrefix: string): Promise<void> {
    for (const entry of await this.read(dir, namePrefix)) {
      if (this.keys.length >= this.wanted) return;
      const key = keyPrefix + entry.name;
      const segments = splitKey(key);
      if (entry.folder) {
        // Every key in a folder that sorts before the cursor's folder is already listed.
        if (compareSegments(segments, this.cursor.slice(0, segments.length)) < 0) continue;
        await this.folder(path.join(dir, entry.name), `${key}/`, '');
      } else if (compareSegments(segments, this.cursor) > 0 && isValidKey(key) && this.accept(key)) {
        this.keys.push(key);
      }
    }
  }

  private async read(dir: string, namePrefix: string): Promise<Entry[]> {
    let handle;
    try {
      handle = await fs.opendir(dir);
    } catch {
      return []; // unreadable or gone since: listed as empty, as the store reads it as absent
    }
    const entries: Entry[] = [];
    for await (const dirent of handle) {
      if (!dirent.name.startsWith(namePrefix)) continue;
      this.budget -= 1;
      if (this.budget < 0) {
        await handle.close().catch(() => undefined);
        throw new ListingTooLargeError(
          `More than ${this.maxScannedEntries} entries to read; list a narrower prefix.`,
        );
      }
      const kind = kindOf(dirent);
      if (kind) entries.push({ name: dirent.name, folder: kind === 'folder' });
    }
    return entries.sort((a, b) => compareNames(a.name, b.name));
  }
}

// Dirent types come from lstat: a symlink is neither a folder nor a file here, so it is skipped,
// and so are FIFOs, sockets and devices.
function kindOf(dirent: Dirent): 'folder' | 'file' | undefined {
  if (dirent.isDirectory()) return 'folder';
  if (dirent.isFile()) return 'file';
  return undefined;
}

// A file the sourceUri contract could not name (a key over 1023 bytes) is not listed: the page
// could neither score nor show it.
function isValidKey(key: string): boolean {
  try {
    parseSourceUri(`oss://bucket/${key}`);
    return true;
  } catch {
    return false;
  }
}

async function realPathOrNull(file: string): Promise<string | null> {
  try {
    return await fs.realpath(file);
  } catch {
    return null;
  }
}

function splitKey(key: string): string[] {
  return key === '' ? [] : key.split('/');
}

function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compareSegments(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const order = compareNames(a[i] ?? '', b[i] ?? '');
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer: ${value}`);
  return value;
}
