import type { Metadata } from 'sharp';

/** Bytes per sample of the depths sharp's metadata names. */
const SAMPLE_BYTES: Readonly<Record<string, number>> = {
  uchar: 1,
  char: 1,
  ushort: 2,
  short: 2,
  uint: 4,
  int: 4,
  float: 4,
  double: 8,
  complex: 8,
  dpcomplex: 16,
};

/**
 * A loader that holds the whole frame holds a little more than it: the frame, the first stage
 * of the resize reading from it, and the loader's own buffers.
 */
const WHOLE_FRAME = 1.25;

/**
 * libheif holds the AV1 decoder's YUV planes and reference buffers, its own RGB output and
 * libvips' copy of that: several frames' worth at once (measured in docs/production.md).
 */
const HEIF_FRAMES = 6.5;

/**
 * A non-interlaced PNG is decoded row by row as the resize asks, so only a band of rows is
 * held, not the frame: a quarter of it bounds what the pipeline was measured to keep.
 */
const STREAMED_FRACTION = 0.25;

/** The largest of 8, 4, 2 that libjpeg may scale by on load and still give `target` pixels. */
function jpegShrink(longSide: number, target: number): number {
  for (const shrink of [8, 4, 2]) if (longSide / shrink >= target) return shrink;
  return 1;
}

/**
 * Estimated peak memory, in bytes, of decoding the first page of an image with the scorer's
 * pipeline (shrink to `targetLongSide`), from its header alone. Conservative where the loader
 * is unknown: the whole frame.
 */
export function estimateDecodeBytes(meta: Metadata, targetLongSide: number): number {
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  const pixels = width * height;
  const frame = pixels * (meta.channels ?? 4) * (SAMPLE_BYTES[meta.depth ?? 'uchar'] ?? 8);
  const longSide = Math.max(width, height);
  switch (meta.format) {
    case 'jpeg': {
      // libjpeg scales the DCT while decoding, row by row.
      const shrink = jpegShrink(longSide, targetLongSide);
      return frame / (shrink * shrink);
    }
    case 'webp':
      // libwebp scales a still image while decoding; an animation is composited at full size,
      // in RGBA, however few channels it reports.
      if ((meta.pages ?? 1) > 1) return pixels * 4 * WHOLE_FRAME;
      return frame / Math.max(1, (longSide / targetLongSide) ** 2);
    case 'png':
      // Adam7 interlacing spreads every row over seven passes: the frame is held whole.
      return meta.isProgressive ? frame * WHOLE_FRAME : frame * STREAMED_FRACTION;
    case 'gif':
      // libnsgif draws the frame into a full-size RGBA canvas, whatever the palette holds.
      return pixels * 4 * WHOLE_FRAME;
    case 'heif':
      return frame * HEIF_FRAMES;
    default:
      // TIFF (one strip may be the whole image), SVG (rendered whole) and anything else.
      return frame * WHOLE_FRAME;
  }
}

/** Bytes of metadata the header reports (EXIF, ICC, IPTC, XMP, Photoshop, text comments). */
export function metadataBytes(meta: Metadata): number {
  const blobs = [meta.exif, meta.icc, meta.iptc, meta.xmp, meta.tifftagPhotoshop];
  const text = (meta.comments ?? []).reduce((sum, c) => sum + c.keyword.length + c.text.length, 0);
  return blobs.reduce((sum, blob) => sum + (blob?.length ?? 0), text);
}
