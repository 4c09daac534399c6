/**
 * `npm run eval`: the local scorer against distortion ladders built from real photos.
 *
 *   node dist/scripts/eval.js [FOLDER...] [--set tuning|held-out|all] [--size PX]
 *                             [--types NAME,...] [--photos N] [--offline] [--no-brisque]
 *                             [--no-cache] [--verbose] [--baseline DIR]
 *
 * For each photo (bundled samples and Debian photos, see scripts/eval/photos.ts; each FOLDER
 * is added to the held-out set), shrinks it to a reference of at most PX on the long side
 * (default 768), builds the design's 9 distortion types, 5 extra ladders (mean shifts, gains, a
 * colour cast) and KADID-10k's 25 types, x 5 levels each, and scores all of them. Reports per
 * type the mean Spearman correlation between level and score, signed so that 1.0 = the score
 * falls at every level, the share of ladders where the original beats levels 3 and 5, the means
 * over the design's 9 types and over KADID's 25, and the invariance checks. `--types` keeps only
 * the types whose name contains one of the comma-separated words and `--photos N` the first N
 * photos of each set, for quick runs while developing. OpenCV BRISQUE is scored on the same
 * images when available. The ladders and BRISQUE's scores are cached in `.eval-cache/` (keyed by
 * the reference's bytes and the ladder code's hash, see eval/cache.ts), so a rerun after a
 * scorer change only scores; `--no-cache` rebuilds them. `--baseline DIR` also scores every file
 * with another build's scorer (DIR: its compiled `src/scoring` folder, as for `bench:scorer`) and
 * prints that build's figures beside this one's: before and after a change, from one run on the
 * same files. Progress goes to stderr, the tables to stdout.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { scoreImage } from '../src/scoring';
import { brisqueScores } from './eval/brisque';
import { type BaselineScorer, loadBaselineScorer } from './eval/baseline';
import { cachedBrisque, ladderCacheDir, storeBrisque } from './eval/cache';
import { DISTORTIONS, INVARIANCES, type Distortion } from './eval/distortions';
import { jpeg2000Available } from './eval/kadid';
import { collectPhotos, type EvalPhoto } from './eval/photos';
import { average, spearman } from './eval/stats';
import { fmt, markdownTable } from './eval/table';

interface Args {
  folders: string[];
  set: 'tuning' | 'held-out' | 'all';
  size: number;
  offline: boolean;
  brisque: boolean;
  verbose: boolean;
  types: string[];
  photos: number;
  cache: boolean;
  baseline: string | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { folders: [], set: 'all', size: 768, offline: false, brisque: true, verbose: false, types: [], photos: Infinity, cache: true, baseline: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--offline') args.offline = true;
    else if (a === '--no-brisque') args.brisque = false;
    else if (a === '--verbose') args.verbose = true;
    else if (a === '--no-cache') args.cache = false;
    else if (a === '--baseline') {
      const v = argv[++i];
      if (!v) throw new Error('--baseline needs a folder: a build\'s compiled src/scoring');
      args.baseline = v;
    } else if (a === '--types') args.types = String(argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--photos') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) throw new Error(`--photos must be a positive integer: ${String(argv[i])}`);
      args.photos = v;
    } else if (a === '--set') {
      const v = argv[++i];
      if (v !== 'tuning' && v !== 'held-out' && v !== 'all') throw new Error(`--set must be tuning, held-out or all: ${String(v)}`);
      args.set = v;
    } else if (a === '--size') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 64) throw new Error(`--size must be an integer >= 64: ${String(argv[i])}`);
      args.size = v;
    } else if (a.startsWith('--')) throw new Error(`unknown option: ${a}`);
    else args.folders.push(a);
  }
  return args;
}

/**
 * Scores of one photo: [type][level 0..5], our score, the `--baseline` build's (when given) and
 * the file BRISQUE reads; the invariances' shifts likewise.
 */
interface PhotoResult {
  photo: EvalPhoto;
  /** `unchanged`: every level is pixel for pixel the original (see `unchangedLadder`). */
  ladders: { ours: number[]; base: number[]; files: string[]; unchanged: boolean }[];
  invariance: number[];
  baseInvariance: number[];
}

/** The distortion types of this run (all, or those `--types` keeps). */
let TYPES: readonly Distortion[] = DISTORTIONS;

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * Whether a ladder left every level pixel for pixel as the original: a colour ladder on a
 * black-and-white photo (desaturating a grey image changes nothing). Such a ladder has nothing
 * to rank, and Spearman's 0 for its six equal scores would count as a failure of every scorer,
 * so the figures leave it out and say how many they left. Decoded only when all six of our
 * scores are equal, which identical pixels always give (the scorer is deterministic).
 */
async function unchangedLadder(reference: Buffer, scores: readonly number[], files: readonly string[]): Promise<boolean> {
  if (scores.some((s) => s !== scores[0])) return false;
  const pixels = (input: Buffer | string): Promise<Buffer> => sharp(input).removeAlpha().raw().toBuffer();
  const original = await pixels(reference);
  for (const file of files) if (!(await pixels(file)).equals(original)) return false;
  return true;
}

async function evaluatePhoto(photo: EvalPhoto, args: Args, baseline: BaselineScorer | undefined): Promise<PhotoResult> {
  const reference = await sharp(readFileSync(photo.path))
    .autoOrient()
    .resize({ width: args.size, height: args.size, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .png({ compressionLevel: 1 })
    .toBuffer();
  const base = await scoreImage(reference);
  const baseRef = baseline ? (await baseline(reference)).overall : NaN;
  // The ladders are kept per photo and per version of the distortion code, so a rerun (after a
  // change to the scorer) only scores: building them is about two thirds of a photo's time.
  const dir = ladderCacheDir(reference);
  mkdirSync(dir, { recursive: true });
  const refFile = join(dir, 'reference.png');
  if (!existsSync(refFile)) writeFileSync(refFile, reference);
  const ladders = [];
  for (const distortion of TYPES) {
    const ours = [base.overall];
    const before = [baseRef];
    const files = [refFile];
    const slug = distortion.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    for (let level = 1; level <= 5; level++) {
      const stem = join(dir, `${slug}-${level}`);
      const cached = args.cache ? [`${stem}.png`, `${stem}.jpg`].find((f) => existsSync(f)) : undefined;
      let file = cached;
      let bytes: Buffer;
      if (cached) bytes = readFileSync(cached);
      else {
        bytes = await distortion.apply(reference, level);
        file = `${stem}.${bytes[0] === 0xff && bytes[1] === 0xd8 ? 'jpg' : 'png'}`;
        writeFileSync(file, bytes);
      }
      ours.push((await scoreImage(bytes)).overall);
      if (baseline) before.push((await baseline(bytes)).overall);
      files.push(file!);
    }
    ladders.push({ ours, base: before, files, unchanged: await unchangedLadder(reference, ours, files.slice(1)) });
  }
  const invariance = [];
  const baseInvariance = [];
  for (const inv of INVARIANCES) {
    const bytes = await inv.apply(reference);
    invariance.push(Math.abs((await scoreImage(bytes)).overall - base.overall));
    if (baseline) baseInvariance.push(Math.abs((await baseline(bytes)).overall - baseRef));
  }
  return { photo, ladders, invariance, baseInvariance };
}

/** One distortion type's figures over a set of photos. */
interface TypeFigure {
  rho: number;
  beats3: number;
  beats5: number;
  n: number;
}

/** Per-type figures for one set of photos, for a scorer whose score falls (`sign` 1) or rises (-1) with damage. */
function typeFigures(
  results: readonly PhotoResult[],
  score: (r: PhotoResult, t: number) => number[] | undefined,
  sign: 1 | -1,
): TypeFigure[] {
  return TYPES.map((_, t) => {
    const rhos: number[] = [];
    const beats3: number[] = [];
    const beats5: number[] = [];
    for (const r of results) {
      if (r.ladders[t]?.unchanged) continue;
      const s = score(r, t);
      if (!s || s.some((v) => !Number.isFinite(v))) continue;
      rhos.push(-sign * spearman([0, 1, 2, 3, 4, 5], s));
      beats3.push(sign * (s[0]! - s[3]!) > 0 ? 1 : 0);
      beats5.push(sign * (s[0]! - s[5]!) > 0 ? 1 : 0);
    }
    return { rho: average(rhos), beats3: average(beats3), beats5: average(beats5), n: rhos.length };
  });
}

function report(setName: string, results: readonly PhotoResult[], brisque: Map<string, number> | undefined, withBaseline: boolean): void {
  if (results.length === 0) return;
  const ours = typeFigures(results, (r, t) => r.ladders[t]?.ours, 1);
  const before = withBaseline ? typeFigures(results, (r, t) => r.ladders[t]?.base, 1) : undefined;
  const theirs = brisque
    ? typeFigures(results, (r, t) => r.ladders[t]?.files.map((f) => brisque.get(f) ?? NaN), -1)
    : undefined;
  const rows = TYPES.map((d, t) => [
    d.name,
    fmt(ours[t]!.rho),
    `${fmt(100 * ours[t]!.beats3, 0)}%`,
    `${fmt(100 * ours[t]!.beats5, 0)}%`,
    ...(before ? [fmt(before[t]!.rho), `${fmt(100 * before[t]!.beats3, 0)}%`] : []),
    ...(theirs ? [fmt(theirs[t]!.rho), `${fmt(100 * theirs[t]!.beats3, 0)}%`] : []),
  ]);
  // Two means: over the design's nine types and over KADID's 25 (what the targets are stated
  // on); the extra rows are in neither.
  const summaries = (['design', 'kadid'] as const)
    .map((group) => ({
      count: TYPES.filter((d) => d.group === group).length,
      label: `**mean, ${group === 'design' ? "design's" : 'KADID'} ${TYPES.filter((d) => d.group === group).length}**`,
      keep: (t: number) => TYPES[t]!.group === group,
    }))
    .filter((s) => s.count > 0);
  for (const { label, keep } of summaries) {
    const mean = (xs: readonly TypeFigure[], k: 'rho' | 'beats3' | 'beats5'): number =>
      average(xs.filter((_, t) => keep(t)).map((x) => x[k]).filter((v) => Number.isFinite(v)));
    rows.push([
      label,
      fmt(mean(ours, 'rho')),
      `${fmt(100 * mean(ours, 'beats3'), 0)}%`,
      `${fmt(100 * mean(ours, 'beats5'), 0)}%`,
      ...(before ? [fmt(mean(before, 'rho')), `${fmt(100 * mean(before, 'beats3'), 0)}%`] : []),
      ...(theirs ? [fmt(mean(theirs, 'rho')), `${fmt(100 * mean(theirs, 'beats3'), 0)}%`] : []),
    ]);
  }
  const header = [
    'distortion',
    'Spearman',
    'orig > L3',
    'orig > L5',
    ...(before ? ['baseline Spearman', 'baseline orig > L3'] : []),
    ...(theirs ? ['BRISQUE Spearman', 'BRISQUE orig > L3'] : [])];
  process.stdout.write(`\n### ${setName}: ${results.length} photos\n\n${markdownTable(header, rows)}\n\n`);
  const unchanged = TYPES.map((d, t) => ({ name: d.name, photos: results.filter((r) => r.ladders[t]?.unchanged).map((r) => r.photo.label) }))
    .filter((u) => u.photos.length > 0);
  if (unchanged.length > 0) {
    const list = unchanged.map((u) => `${u.name} (${u.photos.join(', ')})`).join('; ');
    process.stdout.write(`Left out, every level pixel for pixel the original (nothing to rank): ${list}.\n\n`);
  }
  const invRows = INVARIANCES.map((inv, i) => {
    const shifts = results.map((r) => r.invariance[i]!);
    const baseMax = withBaseline ? [fmt(Math.max(...results.map((r) => r.baseInvariance[i]!)), 4)] : [];
    return [inv.name, `< ${inv.limit}`, fmt(average(shifts), 4), fmt(Math.max(...shifts), 4), `${fmt(100 * average(shifts.map((s) => (s < inv.limit ? 1 : 0))), 0)}%`, ...baseMax];
  });
  const invHeader = ['invariance', 'limit', 'mean abs shift', 'max abs shift', 'within limit', ...(withBaseline ? ['baseline max abs shift'] : [])];
  process.stdout.write(`${markdownTable(invHeader, invRows)}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const samples = join(process.cwd(), 'data', 'oss', 'samples');
  const all = collectPhotos(samples, args.folders, args.offline, log).filter((p) => args.set === 'all' || p.set === args.set);
  const photos = [
    ...all.filter((p) => p.set === 'tuning').slice(0, args.photos),
    ...all.filter((p) => p.set === 'held-out').slice(0, args.photos),
  ];
  TYPES = DISTORTIONS.filter((d) => args.types.length === 0 || args.types.some((w) => d.name.includes(w)));
  if (!jpeg2000Available()) {
    log('opj_compress not found (Debian libopenjp2-tools): the JPEG2000 row is skipped');
    TYPES = TYPES.filter((d) => !d.name.includes('jpeg2000'));
  }
  const baseline = args.baseline === undefined ? undefined : loadBaselineScorer(args.baseline);
  const results: PhotoResult[] = [];
  const started = performance.now();
  for (const [i, photo] of photos.entries()) {
    log(`[${i + 1}/${photos.length}] ${photo.set} ${photo.label}`);
    const r = await evaluatePhoto(photo, args, baseline);
    results.push(r);
    if (args.verbose) {
      const rhos = r.ladders.map((l) => fmt(-spearman([0, 1, 2, 3, 4, 5], l.ours)));
      log(`    rho ${rhos.join(' ')}  inv ${r.invariance.map((v) => fmt(v, 3)).join(' ')}`);
      for (const [t, l] of r.ladders.entries()) {
        if (-spearman([0, 1, 2, 3, 4, 5], l.ours) < 0.9) log(`    ${TYPES[t]!.name}: ${l.ours.map((v) => fmt(v, 3)).join(' ')}`);
      }
    }
  }
  log(`scored ${results.length * (1 + 5 * TYPES.length + INVARIANCES.length)} images in ${fmt((performance.now() - started) / 1000, 0)} s`);

  let brisque: Map<string, number> | undefined;
  if (args.brisque) {
    log('running OpenCV BRISQUE on the same ladders');
    const files = [...new Set(results.flatMap((r) => r.ladders.flatMap((l) => l.files)))];
    const known = args.cache ? cachedBrisque() : new Map<string, number>();
    const missing = files.filter((f) => !known.has(f));
    log(`BRISQUE: ${files.length - missing.length} files cached, ${missing.length} to score`);
    const outcome = missing.length > 0 ? brisqueScores(missing) : { scores: new Map<string, number>() };
    if ('unavailable' in outcome) log(`BRISQUE unavailable: ${outcome.unavailable}`);
    else {
      storeBrisque(outcome.scores);
      brisque = new Map([...known, ...outcome.scores]);
    }
  }

  process.stdout.write(`Reference long side ${args.size} px; Spearman signed so that 1.0 = score falls at every level.\n`);
  if (args.brisque && !brisque) process.stdout.write('BRISQUE unavailable (install python3-opencv and opencv-data).\n');
  const withBaseline = args.baseline !== undefined;
  report('tuning', results.filter((r) => r.photo.set === 'tuning'), brisque, withBaseline);
  report('held-out', results.filter((r) => r.photo.set === 'held-out'), brisque, withBaseline);
  const levels = TYPES.map((d) => [d.name, ...d.levels]);
  process.stdout.write(`\n${markdownTable(['distortion', 'L1', 'L2', 'L3', 'L4', 'L5'], levels)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`eval failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
