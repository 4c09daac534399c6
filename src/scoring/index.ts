import { bandingScore } from './banding';
import { blockiness, emptyStepProfiles } from './blockiness';
import { chromaBleedRatio, chromaBleedScore, chromaQuarters } from './chroma-bleed';
import { castStrength, colourCastScore } from './colour-cast';
import { colorScore, colourfulness } from './colourfulness';
import { combine } from './combine';
import { copiedPatchScore } from './copied-patches';
import { compositionScore } from './composition';
import { contrastScore } from './contrast';
import { decodeImage } from './decode';
import { edgeRoughness, edgeRoughnessScore } from './edge-roughness';
import { exposureScore } from './exposure';
import { gamutClipScore } from './gamut-clip';
import { haloScore, haloShare, NARROW_HALO, WIDE_HALO } from './halo';
import { impulseScore } from './impulse';
import { levelGapScore, levelGapShare } from './level-gaps';
import { localClippingScore, localClippingShare } from './local-clipping';
import { lumaLevelScore, lumaLevelShare } from './luma-levels';
import { lumaRowShares } from './luma-rows';
import { estimateChromaNoise, estimateNoise, noiseScore } from './noise';
import { resolveScorerOptions } from './options';
import { pastedBlockScore, pastedBlockShare } from './pasted-blocks';
import { duplicateShare, pixelationScore } from './pixelation';
import { halve, type RgbRaster } from './raster';
import { resolutionScore } from './resolution';
import { rgbPass } from './rgb-pass';
import { scratch } from './scratch';
import { sharpnessScales, sharpnessScore } from './sharpness';
import type { ImageQuality, ScoreBreakdown, ScorerOptions } from './types';

export * from './types';
export { DEFAULT_MAX_DECODE_BYTES, DEFAULT_MAX_INPUT_PIXELS, DEFAULT_MAX_METADATA_BYTES } from './options';

/** Luma noise over per-channel noise for independent channel noise: sqrt(.299²+.587²+.114²). */
const LUMA_NOISE_RATIO = 0.668;

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : Number.isFinite(v) ? v : 0;
}

/**
 * Scores one encoded image (JPEG, PNG, WebP, GIF, TIFF, AVIF...) for quality, in [0, 1], with
 * the sub-scores it is built from. Decodes once, shrunk to 768 px on the long side, and reads every
 * feature from those pixels. Does not bound the size of `input` in bytes: callers reject huge
 * objects before reading them (the object store does).
 * @throws ScoreError UNSUPPORTED_IMAGE for empty, non-image, corrupt, truncated or over-limit
 *   (pixels) input; never a score for those.
 * @throws TypeError for invalid options.
 */
export async function scoreImage(input: Buffer, options?: ScorerOptions): Promise<ImageQuality> {
  const resolved = resolveScorerOptions(options);
  const decoded = await decodeImage(input, resolved);
  const breakdown = scoreRaster(decoded.raster, decoded.width, decoded.height);
  return {
    overall: combine(breakdown),
    breakdown,
    width: decoded.width,
    height: decoded.height,
    format: decoded.format,
  };
}

/** The sub-scores of decoded pixels; `width`/`height` are the original's, for resolution. */
function scoreRaster(
  raster: RgbRaster,
  width: number,
  height: number,
): ScoreBreakdown {
  // Scratch buffers, not fresh arrays: see scratch.ts. Safe because this runs synchronously.
  const halfSize = (raster.width >> 1) * (raster.height >> 1);
  const { luma, hist, green, colour: sums, half, chroma, sample } = rgbPass(raster, {
    luma: scratch(0, raster.width * raster.height),
    half: scratch(1, halfSize),
    rg: scratch(3, halfSize),
    yb: scratch(4, halfSize),
  });
  const quarter = halve(half, scratch(2, (half.width >> 1) * (half.height >> 1)));
  const sigma = estimateNoise(luma);
  const steps = emptyStepProfiles(luma.width, luma.height);
  const scales = sharpnessScales([luma, half, quarter], sigma, steps);
  const colour = colourfulness(sums, sigma / LUMA_NOISE_RATIO);
  const rows = lumaRowShares(luma);
  const chromaQuarter = chromaQuarters(chroma, (slot, length) => scratch(5 + slot, length));
  const bleed = chromaBleedRatio(chroma, chromaQuarter, half, quarter, sigma);
  return {
    exposure: clamp01(exposureScore(hist)),
    contrast: clamp01(contrastScore(hist)),
    color: clamp01(colorScore(colour)),
    sharpness: clamp01(sharpnessScore(scales, sigma)),
    noise: clamp01(noiseScore(sigma, blockiness(luma, steps), estimateChromaNoise(chromaQuarter, quarter))),
    composition: clamp01(compositionScore(halve(quarter))),
    resolution: clamp01(resolutionScore(width, height)),
    colorCast: clamp01(colourCastScore(castStrength(sample.cast, sums))),
    banding: clamp01(bandingScore(rows.banding)),
    pixelation: clamp01(pixelationScore(duplicateShare(steps))),
    impulseNoise: clamp01(impulseScore(rows.impulse)),
    levelGaps: clamp01(levelGapScore(levelGapShare(green))),
    gamutClip: clamp01(gamutClipScore(sample.gamut)),
    pastedBlocks: clamp01(pastedBlockScore(pastedBlockShare(luma, raster))),
    copiedPatches: clamp01(copiedPatchScore(rows.copiedPatches)),
    colorBleed: clamp01(chromaBleedScore(bleed)),
    halo: clamp01(haloScore(haloShare(quarter, WIDE_HALO), haloShare(half, NARROW_HALO))),
    lumaLevels: clamp01(lumaLevelScore(lumaLevelShare(hist))),
    edgeRoughness: clamp01(edgeRoughnessScore(edgeRoughness(luma))),
    localClipping: clamp01(localClippingScore(localClippingShare(raster))),
  };
}
