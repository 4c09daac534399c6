/**
 * Sub-scores the overall score is built from, each in [0, 1] where 1 is best.
 * `noise` is 1 for a clean image and falls as noise rises.
 */
export interface ScoreBreakdown {
  exposure: number;
  contrast: number;
  color: number;
  sharpness: number;
  noise: number;
  composition: number;
  resolution: number;
  /** 1 when the near-neutral tones are neutral, falling with a colour cast. */
  colorCast: number;
  /** 1 without posterisation bands (flat areas broken by steps). */
  banding: number;
  /** 1 without repeated rows and columns (pixelation, nearest-neighbour enlargement). */
  pixelation: number;
  /** 1 without isolated outlier pixels (salt-and-pepper noise). */
  impulseNoise: number;
  /** 1 without empty 8-bit levels in the tonal range (levels a gain or curve spread apart). */
  levelGaps: number;
  /** 1 without saturated colours clipped at a channel's 0 or 255 (oversaturation past the gamut). */
  gamutClip: number;
  /** 1 without flat rectangles closed on all four sides by crisp steps (pasted blocks of one colour). */
  pastedBlocks: number;
  /** 1 without textured neighbourhoods repeated exactly a few pixels away (patches copied over nearby places). */
  copiedPatches: number;
  /** 1 when colour edges are as crisp as the luma edges beside them; falls as colours bleed across edges. */
  colorBleed: number;
  /** 1 without sharpening halos (a bright and a dark band beside strong edges: over-sharpening). */
  halo: number;
  /** 1 when luma fills every 8-bit level of its range; falls as levels go missing (a palette cut, posterisation). */
  lumaLevels: number;
  /** 1 when strong edges are smooth contours; falls as they turn ragged (pixels displaced at random: jitter). */
  edgeRoughness: number;
  /** 1 without black and white clipped side by side (local contrast pushed past the gamut: heavy over-sharpening). */
  localClipping: number;
}

/** What the local scorer says of one image. */
export interface ImageQuality {
  /** In [0, 1]. */
  overall: number;
  breakdown: ScoreBreakdown;
  /** Dimensions of the original image, after EXIF orientation. */
  width: number;
  height: number;
  /** sharp's name for the input format, e.g. `jpeg`, `png`. */
  format: string;
}

/** Options of the local scorer. */
export interface ScorerOptions {
  /**
   * Largest input in pixels (width x height) that is decoded at all; larger is UNSUPPORTED_IMAGE.
   * Guards against decompression bombs.
   * @default 100_000_000
   */
  maxInputPixels?: number;
  /**
   * Most memory one decode may need, in bytes, as estimated from the header before any pixel is
   * decoded (see decode-budget.ts): loaders that cannot shrink on load hold the whole first
   * page, and some hold several copies of it. Larger is UNSUPPORTED_IMAGE.
   * @default 268_435_456 (256 MiB)
   */
  maxDecodeBytes?: number;
  /**
   * Most metadata (text, EXIF, XMP, ICC, IPTC), in bytes after inflating, that an image may
   * carry; libvips copies it into every stage of the pipeline. Larger is UNSUPPORTED_IMAGE.
   * @default 4_194_304 (4 MiB)
   */
  maxMetadataBytes?: number;
}
