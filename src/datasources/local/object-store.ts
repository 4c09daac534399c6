import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ScoreError, ScoreErrorCode } from '../../errors';
import type { OssLocation } from '../source-uri';

/** Objects larger than this are refused unread (`LOCAL_MAX_OBJECT_BYTES`, the CLI's `--max-bytes`): 50 MiB. */
export const DEFAULT_MAX_OBJECT_BYTES = 50 * 1024 * 1024;

/** Longest one object read may take, in ms (`LOCAL_READ_TIMEOUT_MS`). */
export const DEFAULT_READ_TIMEOUT_MS = 15_000;

/** Options of {@link LocalObjectStore}. */
export interface LocalObjectStoreOptions {
  /** Folder whose subfolders are buckets. */
  root: string;
  /** Larger objects are refused before they are read. Required: see {@link DEFAULT_MAX_OBJECT_BYTES}. */
  maxObjectBytes: number;
  /**
   * Longest one read may take, from the first look at the path to the last byte; past it the
   * read fails with UPSTREAM_UNAVAILABLE. The clock includes the wait for a libuv thread, which
   * sharp shares: a CPU-starved process waits there for seconds. @default {@link DEFAULT_READ_TIMEOUT_MS}
   */
  readTimeoutMs?: number;
}

/** The one `open()` flag set: see {@link LocalObjectStore.read}. */
const OPEN_FLAGS =
  fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK | fsConstants.O_NOCTTY;

/** One read syscall's most: a cancelled read stops at the next chunk. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Reads objects from a folder laid out like OSS: `oss://bucket/key` is `<root>/bucket/key`.
 * Nothing outside the root is ever read, whatever the key holds: keys are never decoded, the
 * resolved path and its real path (after symlinks) must both stay inside the root's real path.
 * Only regular files are objects: a FIFO, a device, a socket or a directory reads as absent.
 */
export class LocalObjectStore {
  readonly root: string;
  private readonly maxObjectBytes: number;
  private readonly readTimeoutMs: number;
  private rootRealPath?: Promise<string>;

  constructor(options: LocalObjectStoreOptions) {
    this.root = options.root;
    this.maxObjectBytes = options.maxObjectBytes;
    this.readTimeoutMs = options.readTimeoutMs ?? DEFAULT_READ_TIMEOUT_MS;
    if (!Number.isSafeInteger(this.readTimeoutMs) || this.readTimeoutMs <= 0) {
      throw new TypeError(`readTimeoutMs must be a positive integer: ${String(options.readTimeoutMs)}`);
    }
  }

  /** Resolves when the root folder exists and can be listed. */
  async checkReadable(): Promise<void> {
    await fs.access(await this.realRoot(), fsConstants.R_OK | fsConstants.X_OK);
  }

  /**
   * The object's bytes, within `readTimeoutMs`.
   *
   * A read past its deadline is abandoned, not cancelled: Node cannot interrupt a syscall that
   * the filesystem never answers (a hung network mount), so that call keeps its libuv thread
   * until the kernel returns; then the abandoned read stops, closes its file and drops its bytes.
   * @throws ScoreError OBJECT_NOT_FOUND when there is no regular file at that key inside the
   *   root, UNSUPPORTED_IMAGE when it is larger than `maxObjectBytes`, UPSTREAM_UNAVAILABLE when
   *   the read takes longer than `readTimeoutMs`
   */
  async read(location: OssLocation): Promise<Buffer> {
    const abandoned = new AbortController();
    const reading = this.readObject(location, abandoned.signal);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandoned.abort();
        reject(
          new ScoreError(
            ScoreErrorCode.UPSTREAM_UNAVAILABLE,
            `Reading the object took longer than ${this.readTimeoutMs} ms.`,
          ),
        );
      }, this.readTimeoutMs);
    });
    // Once abandoned, the read may still fail later, with no one left to hear it.
    reading.catch(() => undefined);
    try {
      return await Promise.race([reading, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async readObject(location: OssLocation, abandoned: AbortSignal): Promise<Buffer> {
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
      // A symlink that leads out of the root reads as absent rather than telling what is there.
      if (!isInside(root, real)) throw notFound();
      // Refuse what is not a regular file before opening it: opening a FIFO waits for a writer,
      // and opening a device may act on it.
      if (!(await fs.stat(real)).isFile()) throw notFound();
    } catch (error) {
      throw error instanceof ScoreError ? error : notFound(error);
    }
    if (abandoned.aborted) throw notFound();

    let handle: fs.FileHandle;
    try {
      // O_NOFOLLOW: the last component cannot be swapped for a symlink after realpath.
      // O_NONBLOCK: nor, if it is swapped for a FIFO, can open() then wait for a writer; on a
      // regular file the flag changes nothing. O_NOCTTY: a terminal never becomes ours.
      handle = await fs.open(real, OPEN_FLAGS);
    } catch (error) {
      throw notFound(error);
    }
    try {
      // Checked again on the handle: this is the file that will be read, whatever was swapped.
      const stat = await handle.stat();
      if (!stat.isFile()) throw notFound();
      if (stat.size > this.maxObjectBytes) {
        throw new ScoreError(
          ScoreErrorCode.UNSUPPORTED_IMAGE,
          `The object is ${stat.size} bytes; the limit is ${this.maxObjectBytes}.`,
        );
      }
      return await readAll(handle, stat.size, abandoned);
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

/**
 * The first `size` bytes of `handle` (fewer if it shrank; never more, if it grew), chunk by
 * chunk so that an abandoned read stops at the next chunk.
 */
async function readAll(handle: fs.FileHandle, size: number, abandoned: AbortSignal): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    if (abandoned.aborted) throw new Error('read abandoned after its deadline');
    const { bytesRead } = await handle.read(buffer, filled, Math.min(CHUNK_BYTES, size - filled), filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** Whether `candidate` lies strictly below `root` (both absolute, `root` a real path). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
