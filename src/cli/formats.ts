import type { ScoreBreakdown } from '../scoring';
import type { FileResult } from './score-files';

/** The sub-scores in the order every format lists them. */
export const BREAKDOWN_KEYS = [
  'exposure', 'contrast', 'color', 'sharpness', 'noise', 'composition', 'resolution',
  'colorCast', 'banding', 'pixelation', 'impulseNoise', 'levelGaps', 'gamutClip', 'pastedBlocks', 'copiedPatches',
  'colorBleed', 'halo', 'lumaLevels', 'edgeRoughness', 'localClipping',
] as const satisfies readonly (keyof ScoreBreakdown)[];

// Fails to compile when the scorer gains a sub-score that the formats do not list.
const everySubScoreListed: Exclude<keyof ScoreBreakdown, (typeof BREAKDOWN_KEYS)[number]> extends never ? true : never = true;
void everySubScoreListed;

/** One result as the `json` and `ndjson` formats write it: the gateway's field names. */
export function resultObject(result: FileResult): object {
  if ('error' in result) return { path: result.path, error: result.error };
  const breakdown = Object.fromEntries(BREAKDOWN_KEYS.map((key) => [key, result.quality.breakdown[key]]));
  return { path: result.path, overallQualityScore: result.quality.overall, breakdown };
}

/** `json`: one array, in the order the paths were named. */
export function formatJson(results: readonly FileResult[]): string {
  return `${JSON.stringify(results.map(resultObject), null, 2)}\n`;
}

/** `ndjson`: one line for one result, written as it finishes. */
export function ndjsonLine(result: FileResult): string {
  return `${JSON.stringify(resultObject(result))}\n`;
}

/** RFC 4180 quoting, only where a field needs it. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `csv`: a header and a row per file (full-precision numbers; error columns empty on success). */
export function formatCsv(results: readonly FileResult[]): string {
  const header = ['path', 'overallQualityScore', ...BREAKDOWN_KEYS, 'errorCode', 'errorMessage'];
  const rows = results.map((r) =>
    'error' in r
      ? [r.path, '', ...BREAKDOWN_KEYS.map(() => ''), r.error.code, r.error.message]
      : [r.path, String(r.quality.overall), ...BREAKDOWN_KEYS.map((key) => String(r.quality.breakdown[key])), '', ''],
  );
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\n`).join('');
}

/**
 * `table`: aligned columns for reading, three decimals, lowest score first (the photos worth a
 * look come first); failures after, each with its code and message.
 */
export function formatTable(results: readonly FileResult[]): string {
  const scored = results.flatMap((r) => ('error' in r ? [] : [r])).sort((a, b) => a.quality.overall - b.quality.overall);
  const failed = results.flatMap((r) => ('error' in r ? [r] : []));
  const header = ['path', 'score', ...BREAKDOWN_KEYS];
  const rows = scored.map((r) => [
    r.path,
    r.quality.overall.toFixed(3),
    ...BREAKDOWN_KEYS.map((key) => r.quality.breakdown[key].toFixed(3)),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const out = scored.length > 0 ? [line(header), ...rows.map(line)] : [];
  for (const r of failed) out.push(`${r.path}  error ${r.error.code}: ${r.error.message}`);
  if (out.length === 0) out.push('(no images)');
  return `${out.join('\n')}\n`;
}
