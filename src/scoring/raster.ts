/** An 8-bit RGB image, interleaved, row-major: what every colour feature reads. */
export interface RgbRaster {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A single-channel float image, row-major, values in 0..255: what every luma feature reads. */
export interface LumaRaster {
  readonly data: Float32Array;
  readonly width: number;
  readonly height: number;
}

/**
 * Halves a luma raster by 2x2 averaging (odd last row/column dropped). Features read coarser
 * scales so that a strong blur still differs from a stronger one.
 * @param out where to write it ((width >> 1) x (height >> 1) long); a new array when omitted.
 */
export function halve(
  luma: LumaRaster,
  out = new Float32Array((luma.width >> 1) * (luma.height >> 1)),
): LumaRaster {
  const width = luma.width >> 1;
  const height = luma.height >> 1;
  halveLoop(luma.data, luma.width, width, height, out);
  return { data: out, width, height };
}

/**
 * The loop of `halve`, apart from the object it returns: typed arrays and numbers only, for the
 * reason `firstPassLoop` gives (first-pass.ts). `halve` is called on planes of four sizes per
 * image, and with the loop inside it its optimised code was thrown away at the object literal
 * again and again.
 */
function halveLoop(src: Float32Array, sw: number, width: number, height: number, out: Float32Array): void {
  for (let y = 0; y < height; y++) {
    const r0 = 2 * y * sw;
    const r1 = r0 + sw;
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const c = 2 * x;
      out[o + x] = 0.25 * (src[r0 + c]! + src[r0 + c + 1]! + src[r1 + c]! + src[r1 + c + 1]!);
    }
  }
}
