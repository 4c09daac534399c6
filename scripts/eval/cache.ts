import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from './photos';

/**
 * The modules that build the ladders. Their compiled text is hashed into the cache's folder
 * name, so a change to any distortion starts a fresh cache instead of reusing stale files.
 */
const LADDER_MODULES = ['distortions', 'kadid', 'kadid-tone', 'tone-curve', 'pixels', 'lab', 'random'];

let version: string | undefined;

/** A short hash of the ladder-building code as compiled (see `LADDER_MODULES`). */
function ladderVersion(): string {
  if (version === undefined) {
    const hash = createHash('sha256');
    for (const name of LADDER_MODULES) hash.update(readFileSync(join(__dirname, `${name}.js`)));
    version = hash.digest('hex').slice(0, 12);
  }
  return version;
}

/**
 * The folder that holds one reference's ladders (`.eval-cache/ladders/<code>/<reference>/`),
 * named by the hash of the ladder code and of the reference's bytes: the same photo at the same
 * size, distorted by the same code, finds its files again.
 */
export function ladderCacheDir(reference: Buffer): string {
  const key = createHash('sha256').update(reference).digest('hex').slice(0, 16);
  return join(CACHE_DIR, 'ladders', ladderVersion(), key);
}

/** Where BRISQUE's score of each ladder file is kept, `score<TAB>path` a line. */
const BRISQUE_FILE = join(CACHE_DIR, 'brisque.tsv');

/**
 * BRISQUE scores already computed, by file path. A path names its content (the folder carries the
 * hashes of the code and of the reference), so a score found here is that file's.
 */
export function cachedBrisque(): Map<string, number> {
  const scores = new Map<string, number>();
  if (!existsSync(BRISQUE_FILE)) return scores;
  for (const line of readFileSync(BRISQUE_FILE, 'utf8').split('\n')) {
    const [score, path] = line.split('\t');
    if (score && path && Number.isFinite(Number(score))) scores.set(path, Number(score));
  }
  return scores;
}

/** Adds scores to the BRISQUE cache (unreadable files, scored NaN, are left out to be retried). */
export function storeBrisque(scores: ReadonlyMap<string, number>): void {
  const lines = [...scores].filter(([, s]) => Number.isFinite(s)).map(([path, s]) => `${s}\t${path}\n`);
  if (lines.length > 0) appendFileSync(BRISQUE_FILE, lines.join(''));
}
