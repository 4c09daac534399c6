import type { ScorerOptions } from './types';

/** ScorerOptions with every default applied. */
export type ResolvedScorerOptions = Required<ScorerOptions>;

/** 100 MP: larger than any camera photo a gallery holds, far below what a bomb claims. */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

/**
 * 256 MiB: room for a 12 MP AVIF (the costliest per pixel of the loaders) and a 64 MP PNG;
 * a GIF of 100 MP and an AVIF of 16 MP are over it. docs/production.md has the measurements.
 */
export const DEFAULT_MAX_DECODE_BYTES = 256 * 1024 * 1024;

/** 4 MiB: an XMP packet with a long edit history fits; a text chunk of tens of MB does not. */
export const DEFAULT_MAX_METADATA_BYTES = 4 * 1024 * 1024;

/**
 * Long side, in pixels, that features are computed at (768, not 1024: at 1024 the features cost
 * about as much as the decode itself). Big enough that a sigma-0.7 blur or a
 * quality-70 JPEG still shows; small enough that the features cost less than the decode.
 */
export const ANALYSIS_LONG_SIDE = 768;

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer: ${String(value)}`);
  }
  return value;
}

/**
 * Applies the defaults in one place and fails fast, naming the value, on an invalid option.
 * @throws TypeError when a limit is not a positive integer.
 */
export function resolveScorerOptions(options: ScorerOptions = {}): ResolvedScorerOptions {
  return {
    maxInputPixels: positiveInteger('maxInputPixels', options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS),
    maxDecodeBytes: positiveInteger('maxDecodeBytes', options.maxDecodeBytes ?? DEFAULT_MAX_DECODE_BYTES),
    maxMetadataBytes: positiveInteger('maxMetadataBytes', options.maxMetadataBytes ?? DEFAULT_MAX_METADATA_BYTES),
  };
}
