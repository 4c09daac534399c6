import sharp, { type Metadata } from 'sharp';
import { ScoreError, ScoreErrorCode } from '../errors';
import { ANALYSIS_LONG_SIDE, type ResolvedScorerOptions } from './options';
import type { RgbRaster } from './raster';
import './sharp-settings';

/** The one decode the scorer makes: pixels for the features, facts of the original. */
export interface DecodedImage {
  /** Upright, alpha flattened, sRGB, at most ANALYSIS_LONG_SIDE on the long side. */
  readonly raster: RgbRaster;
  /** Dimensions of the original after EXIF orientation. */
  readonly width: number;
  readonly height: number;
  readonly format: string;
}

function unsupported(message: string, cause?: unknown): ScoreError {
  return new ScoreError(ScoreErrorCode.UNSUPPORTED_IMAGE, message, { cause });
}

/**
 * Decodes `input` once, shrinking on load, into an upright 8-bit RGB raster.
 * @throws ScoreError UNSUPPORTED_IMAGE for empty, non-image, corrupt, truncated or over-limit
 *   input; the message names no path and no library internals.
 */
export async function decodeImage(
  input: Buffer,
  options: ResolvedScorerOptions,
): Promise<DecodedImage> {
  if (input.length === 0) throw unsupported('The object is empty, not an image.');

  // failOn 'error' (not sharp's default 'warning'): truncated and corrupt data fail, while the
  // benign warnings many camera JPEGs carry (extraneous bytes, odd markers) do not.
  const sharpOptions = {
    failOn: 'error',
    limitInputPixels: options.maxInputPixels,
  } as const;

  // The header read and the decode start together: reading the header first cost its whole
  // round trip through libuv's pool (~0.6 ms of a 12 MP JPEG's ~30 ms) before any decoding
  // began. The decode cannot run away meanwhile: limitInputPixels refuses an over-limit image
  // from its header, before a pixel is decoded; the header read is what names the dimensions.
  const [header, pixels] = await Promise.allSettled([
    // Header only, so no pixel limit: the check below names the dimensions for the client.
    sharp(input, { ...sharpOptions, limitInputPixels: false }).metadata(),
    sharp(input, { ...sharpOptions, autoOrient: true })
      .resize({
        width: ANALYSIS_LONG_SIDE,
        height: ANALYSIS_LONG_SIDE,
        fit: 'inside',
        withoutEnlargement: true,
      })
      // An alpha channel is not a distortion: composite over white, as a viewer would show it.
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true }),
  ]);
  if (header.status === 'rejected') {
    throw unsupported('The object is not a supported image.', header.reason);
  }
  const meta: Metadata = header.value;
  const { width: rawWidth, height: rawHeight, format } = meta;
  if (!rawWidth || !rawHeight || !format) {
    throw unsupported('The object is not a supported image.');
  }
  if (rawWidth * rawHeight > options.maxInputPixels) {
    throw unsupported(
      `The image is too large to score: ${rawWidth}x${rawHeight} pixels exceeds the limit of ${options.maxInputPixels}.`,
    );
  }
  if (pixels.status === 'rejected') {
    throw unsupported('The image is corrupt or truncated and cannot be decoded.', pixels.reason);
  }
  // EXIF orientations 5-8 swap the axes.
  const swapped = (meta.orientation ?? 1) >= 5;

  const { data, info } = pixels.value;
  if (info.channels !== 3) {
    throw unsupported(
      'The image is corrupt or truncated and cannot be decoded.',
      new Error(`unexpected channel count ${info.channels}`),
    );
  }
  return {
    raster: {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
    },
    width: swapped ? rawHeight : rawWidth,
    height: swapped ? rawWidth : rawHeight,
    format,
  };
}
