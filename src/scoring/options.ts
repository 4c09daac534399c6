import type { ScorerOptions } from './types';

/** ScorerOptions with every default applied. */
export type ResolvedScorerOptions = Required<ScorerOptions>;

/** 100 MP: larger than any camera photo a gallery holds, far below what a bomb claims. */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

/**
 * Long side, in pixels, that features are computed at (768, not 1024: at 1024 the features cost
 * about as much as the decode itself). Big enough that a sigma-0.7 blur or a
 * quality-70 JPEG still shows; small enough that the features cost less than the decode.
 */
export const ANALYSIS_LONG_SIDE = 768;

/**
 * Applies the defaults in one place and fails fast, naming the value, on an invalid option.
 * @throws TypeError when `maxInputPixels` is not a positive integer.
 */
export function resolveScorerOptions(options: ScorerOptions = {}): ResolvedScorerOptions {
  const maxInputPixels = options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
  if (!Number.isSafeInteger(maxInputPixels) || maxInputPixels <= 0) {
    throw new TypeError(`maxInputPixels must be a positive integer: ${String(maxInputPixels)}`);
  }
  return { maxInputPixels };
}
