import type { Breakdown, TileState } from './score-batches';

/** The sub-scores, in the schema's order, with the labels the page shows. */
export const SUB_SCORES: ReadonlyArray<readonly [keyof Breakdown, string]> = [
  ['exposure', 'Exposure'],
  ['contrast', 'Contrast'],
  ['color', 'Color'],
  ['sharpness', 'Sharpness'],
  ['noise', 'Noise'],
  ['composition', 'Composition'],
  ['resolution', 'Resolution'],
  ['colorCast', 'Colour cast'],
  ['banding', 'Banding'],
  ['pixelation', 'Pixelation'],
  ['impulseNoise', 'Impulse noise'],
  ['levelGaps', 'Level gaps'],
  ['gamutClip', 'Gamut clipping'],
  ['pastedBlocks', 'Pasted blocks'],
  ['copiedPatches', 'Copied patches'],
  ['colorBleed', 'Colour bleeding'],
  ['halo', 'Sharpening halo'],
  ['lumaLevels', 'Luma levels'],
  ['edgeRoughness', 'Edge roughness'],
  ['localClipping', 'Local clipping'],
];

/** What the grid can be sorted by: the overall score, a sub-score, or the image's name. */
export type SortKey = 'overall' | keyof Breakdown | 'name';

/** Every sort key with its label, for the page's select. */
export const SORT_KEYS: ReadonlyArray<readonly [SortKey, string]> = [['overall', 'Overall'], ...SUB_SCORES, ['name', 'Name']];

/** Whether `text` is a SortKey (from the URL). */
export function isSortKey(text: string | null): text is SortKey {
  return SORT_KEYS.some(([key]) => key === text);
}

function scoreOf(tile: TileState, key: Exclude<SortKey, 'name'>): number | undefined {
  if (tile.status !== 'scored') return undefined;
  return key === 'overall' ? tile.overall : tile.breakdown?.[key];
}

/**
 * `items` sorted by `key` (stable: ties keep their order). Images without that score (still
 * scoring, failed, or no breakdown) come last whatever the direction, so the best or worst are
 * always at the top.
 */
export function sortTiles<T extends { tile: TileState }>(items: readonly T[], key: SortKey, descending: boolean): T[] {
  const sign = descending ? -1 : 1;
  if (key === 'name') {
    return [...items].sort((a, b) => sign * a.tile.sourceUri.localeCompare(b.tile.sourceUri));
  }
  return [...items].sort((a, b) => {
    const x = scoreOf(a.tile, key);
    const y = scoreOf(b.tile, key);
    if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0);
    return sign * (x - y);
  });
}
