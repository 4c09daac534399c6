import sharp, { type Metadata, type OutputInfo } from 'sharp';
import { ScoreError, ScoreErrorCode } from '../errors';
import { estimateDecodeBytes, metadataBytes } from './decode-budget';
import { ANALYSIS_LONG_SIDE, type ResolvedScorerOptions } from './options';
import { pngMetadataBytes } from './png-metadata';
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

function tooMuchMetadata(options: ResolvedScorerOptions): ScoreError {
  return unsupported(
    `The image carries more metadata (text, EXIF, XMP, ICC) than the limit of ${options.maxMetadataBytes} bytes.`,
  );
}

function mebibytes(bytes: number): string {
  return (bytes / 2 ** 20).toFixed(0);
}

/**
 * Decodes `input` once, shrinking on load, into an upright 8-bit RGB raster.
 * Refuses, from the header and before decoding a pixel, what is over a limit: pixels, the
 * memory the decode would take (see decode-budget.ts), metadata.
 * @throws ScoreError UNSUPPORTED_IMAGE for empty, non-image, corrupt, truncated or over-limit
 *   input; the message names no path and no library internals.
 */
export async function decodeImage(
  input: Buffer,
  options: ResolvedScorerOptions,
): Promise<DecodedImage> {
  if (input.length === 0) throw unsupported('The object is empty, not an image.');

  // Text and other metadata are copied into every image of the pipeline, the header read too:
  // a PNG's chunks are counted from the bytes before libvips holds any of them.
  const pngMetadata = pngMetadataBytes(input, options.maxMetadataBytes);
  if (pngMetadata !== undefined && pngMetadata > options.maxMetadataBytes) throw tooMuchMetadata(options);

  // failOn 'error' (not sharp's default 'warning'): truncated and corrupt data fail, while the
  // benign warnings many camera JPEGs carry (extraneous bytes, odd markers) do not. Only the
  // first page of a multi-page or animated image is decoded and scored: `pages: 1`.
  const sharpOptions = {
    failOn: 'error',
    limitInputPixels: options.maxInputPixels,
    pages: 1,
    page: 0,
  } as const;

  // The header first, then the decode: what the decode would cost is known only from the
  // header, and it must be refused before a pixel is decoded.
  let meta: Metadata;
  try {
    // Header only, so no pixel limit: the check below names the dimensions for the client.
    meta = await sharp(input, { ...sharpOptions, limitInputPixels: false }).metadata();
  } catch (error) {
    throw unsupported('The object is not a supported image.', error);
  }
  const { width: rawWidth, height: rawHeight, format } = meta;
  if (!rawWidth || !rawHeight || !format) {
    throw unsupported('The object is not a supported image.');
  }
  if (rawWidth * rawHeight > options.maxInputPixels) {
    throw unsupported(
      `The image is too large to score: ${rawWidth}x${rawHeight} pixels exceeds the limit of ${options.maxInputPixels}.`,
    );
  }
  if (metadataBytes(meta) > options.maxMetadataBytes) throw tooMuchMetadata(options);
  const needed = estimateDecodeBytes(meta, ANALYSIS_LONG_SIDE);
  if (needed > options.maxDecodeBytes) {
    throw unsupported(
      `The image is too costly to decode: a ${rawWidth}x${rawHeight} ${format} needs about ${mebibytes(needed)} MiB, over the limit of ${mebibytes(options.maxDecodeBytes)} MiB.`,
    );
  }

  let pixels: { data: Buffer; info: OutputInfo };
  try {
    pixels = await sharp(input, { ...sharpOptions, autoOrient: true })
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
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw unsupported('The image is corrupt or truncated and cannot be decoded.', error);
  }
  // EXIF orientations 5-8 swap the axes.
  const swapped = (meta.orientation ?? 1) >= 5;

  const { data, info } = pixels;
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
