import { constants as fsConstants, type Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ScoreError, ScoreErrorCode } from '../errors';
import { IMAGE_EXTENSIONS, looksLikeImage, SNIFF_BYTES } from './sniff';

/** One file to score, or a named path that cannot be (with why). */
export interface Target {
  /** As the user named it, or joined under the folder they named. */
  readonly path: string;
  readonly problem?: ScoreError;
}

/** The ScoreError of a failed file system call on `file`; codes as the local backend's. */
function fileError(error: unknown): ScoreError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ScoreError(ScoreErrorCode.OBJECT_NOT_FOUND, 'No such file or folder.', { cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new ScoreError(ScoreErrorCode.FORBIDDEN, 'Permission denied.', { cause: error });
  }
  return new ScoreError(ScoreErrorCode.INTERNAL, `The file cannot be read (${code ?? 'unknown error'}).`, { cause: error });
}

const notRegular = () => new ScoreError(ScoreErrorCode.UNSUPPORTED_IMAGE, 'Not a regular file.');

async function sniff(file: string): Promise<boolean> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const head = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
    return looksLikeImage(head.subarray(0, bytesRead));
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/** A listed entry's folder: `parentPath` from Node 20.12, `path` before. */
function parentOf(entry: Dirent): string {
  return (entry as { parentPath?: string }).parentPath ?? (entry as { path?: string }).path ?? '';
}

/** Image files under `folder`, sorted: by name ending, else by their first bytes. */
async function imagesUnder(folder: string): Promise<Target[]> {
  // Recursive readdir lists symlinks without following them, so a link cycle cannot loop.
  const entries = await fs.readdir(folder, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(parentOf(entry), entry.name))
    .sort();
  const found: Target[] = [];
  for (const file of files) {
    if (IMAGE_EXTENSIONS.has(path.extname(file).toLowerCase()) || (await sniff(file))) found.push({ path: file });
  }
  return found;
}

/**
 * The files that `paths` name: a file as given (whatever it holds: the decode decides), a
 * folder's image files recursively; a missing or unreadable path, or one that is neither, as a
 * target with its problem. Each file once, in the order named.
 */
export async function collectTargets(paths: readonly string[]): Promise<Target[]> {
  const targets: Target[] = [];
  const seen = new Set<string>();
  const add = (target: Target) => {
    const key = target.problem ? `?${target.path}` : path.resolve(target.path);
    if (seen.has(key)) return;
    seen.add(key);
    targets.push(target);
  };
  for (const named of paths) {
    let stat;
    try {
      stat = await fs.stat(named);
    } catch (error) {
      add({ path: named, problem: fileError(error) });
      continue;
    }
    if (stat.isDirectory()) {
      try {
        (await imagesUnder(named)).forEach(add);
      } catch (error) {
        add({ path: named, problem: fileError(error) });
      }
    } else {
      add(stat.isFile() ? { path: named } : { path: named, problem: notRegular() });
    }
  }
  return targets;
}

/**
 * A regular file's bytes, refused unread when larger than `maxBytes`.
 * @throws ScoreError OBJECT_NOT_FOUND, FORBIDDEN, UNSUPPORTED_IMAGE (too large, not a regular file)
 */
export async function readImageFile(file: string, maxBytes: number): Promise<Buffer> {
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: a FIFO put in the file's place since it was listed cannot hang the open.
    handle = await fs.open(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
  } catch (error) {
    throw fileError(error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw notRegular();
    if (stat.size > maxBytes) {
      throw new ScoreError(ScoreErrorCode.UNSUPPORTED_IMAGE, `The file is ${stat.size} bytes; the limit is ${maxBytes}.`);
    }
    return await handle.readFile();
  } catch (error) {
    throw error instanceof ScoreError ? error : fileError(error);
  } finally {
    await handle.close();
  }
}
