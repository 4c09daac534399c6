import sharp from 'sharp';
import { linearRgbToLab, srgbToLinear } from './lab';

/** 8-bit interleaved RGB pixels of an image, for distortions that sharp has no operation for. */
export interface Rgb {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Decodes an encoded image to 8-bit RGB (alpha dropped, grey expanded to three channels). */
export async function readRgb(image: Buffer): Promise<Rgb> {
  const { data, info } = await sharp(image)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/** Lossless PNG of RGB pixels, so that no codec adds artefacts of its own. */
export function encodePng(rgb: Rgb): Promise<Buffer> {
  return sharp(Buffer.from(rgb.data.buffer, rgb.data.byteOffset, rgb.data.length), {
    raw: { width: rgb.width, height: rgb.height, channels: 3 },
  })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/** An 8-bit value from a float, rounded and clamped. */
export function to8(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** The normalised 1-D Gaussian of `sigma`, taps -radius..radius (fspecial's, separably). */
export function gaussianTaps(sigma: number, radius: number): Float64Array {
  const taps = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    const v = Math.exp(-(k * k) / (2 * sigma * sigma));
    taps[k + radius] = v;
    sum += v;
  }
  for (let k = 0; k < taps.length; k++) taps[k]! /= sum;
  return taps;
}

/** A float plane blurred separably by `taps` (odd length), edges replicated. */
export function blurPlane(plane: Float32Array, width: number, height: number, taps: Float64Array): Float32Array {
  const r = taps.length >> 1;
  const tmp = new Float32Array(plane.length);
  const out = new Float32Array(plane.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) {
        const xx = x + k < 0 ? 0 : x + k >= width ? width - 1 : x + k;
        s += taps[k + r]! * plane[row + xx]!;
      }
      tmp[row + x] = s;
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) {
        const yy = y + k < 0 ? 0 : y + k >= height ? height - 1 : y + k;
        s += taps[k + r]! * tmp[yy * width + x]!;
      }
      out[y * width + x] = s;
    }
  }
  return out;
}

/** One running-mean pass of radius r along rows (dx 1) or columns, edges replicated. */
function boxPass(src: Float32Array, width: number, height: number, r: number, horizontal: boolean): Float32Array {
  const out = new Float32Array(src.length);
  const lines = horizontal ? height : width;
  const len = horizontal ? width : height;
  const stride = horizontal ? 1 : width;
  for (let line = 0; line < lines; line++) {
    const base = horizontal ? line * width : line;
    const get = (k: number): number => src[base + (k < 0 ? 0 : k >= len ? len - 1 : k) * stride]!;
    let s = 0;
    for (let k = -r; k <= r; k++) s += get(k);
    for (let k = 0; k < len; k++) {
      out[base + k * stride] = s / (2 * r + 1);
      s += get(k + r + 1) - get(k - r);
    }
  }
  return out;
}

/**
 * A float plane blurred by three box passes each way, whose variance matches a Gaussian of
 * `sigma` (the central limit: three boxes of width w have variance (w^2 - 1) / 4): the same
 * blur to the eye, at a cost that does not grow with sigma.
 */
export function boxGaussPlane(plane: Float32Array, width: number, height: number, sigma: number): Float32Array {
  const r = Math.max(1, Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2));
  let out = plane;
  for (let pass = 0; pass < 3; pass++) {
    out = boxPass(out, width, height, r, true);
    out = boxPass(out, width, height, r, false);
  }
  return out;
}

/** CIE L*a*b* planes of RGB pixels. */
export interface LabPlanes {
  readonly l: Float32Array;
  readonly a: Float32Array;
  readonly b: Float32Array;
}

const LINEAR = Array.from({ length: 256 }, (_, v) => srgbToLinear(v / 255));
/** Linear light (0..1 in 2^16 steps) -> 8-bit sRGB: within 0.05 of a level of the exact curve. */
const ENCODE = Uint8Array.from({ length: 65536 }, (_, i) => {
  const v = i / 65535;
  return to8(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
});

/** RGB -> L*a*b* (D65), per pixel. */
export function toLab(rgb: Rgb): LabPlanes {
  const n = rgb.width * rgb.height;
  const l = new Float32Array(n);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const [L, A, B] = linearRgbToLab(LINEAR[rgb.data[j]!]!, LINEAR[rgb.data[j + 1]!]!, LINEAR[rgb.data[j + 2]!]!);
    l[i] = L;
    a[i] = A;
    b[i] = B;
  }
  return { l, a, b };
}

/** L*a*b* planes -> RGB pixels (out-of-gamut colours clipped per channel), as lab.ts's labToSrgb. */
export function fromLab(lab: LabPlanes, width: number, height: number): Rgb {
  const n = width * height;
  const data = new Uint8Array(3 * n);
  const fInv = (t: number): number => (t * t * t > 216 / 24389 ? t * t * t : (116 * t - 16) / (24389 / 27));
  const enc = (v: number): number => ENCODE[Math.round(65535 * (v < 0 ? 0 : v > 1 ? 1 : v))]!;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const fy = (lab.l[i]! + 16) / 116;
    const x = 0.95047 * fInv(fy + lab.a[i]! / 500);
    const y = fInv(fy);
    const z = 1.08883 * fInv(fy - lab.b[i]! / 200);
    data[j] = enc(3.240479 * x - 1.53715 * y - 0.498535 * z);
    data[j + 1] = enc(-0.969256 * x + 1.875991 * y + 0.041556 * z);
    data[j + 2] = enc(0.055648 * x - 0.204043 * y + 1.057311 * z);
  }
  return { data, width, height };
}

/** Rec. 601 grey of RGB pixels, 0..1. */
export function grey(rgb: Rgb): Float32Array {
  const n = rgb.width * rgb.height;
  const out = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    out[i] = (0.299 * rgb.data[j]! + 0.587 * rgb.data[j + 1]! + 0.114 * rgb.data[j + 2]!) / 255;
  }
  return out;
}

/**
 * A natural cubic spline through (xs[i], ys[i]) (xs increasing), for tone curves with more than
 * three control points.
 */
export function naturalSpline(xs: readonly number[], ys: readonly number[]): (x: number) => number {
  const n = xs.length;
  const h = xs.slice(1).map((x, i) => x - xs[i]!);
  // Second derivatives M by the tridiagonal system, M0 = M(n-1) = 0 (Thomas algorithm).
  const m = new Array<number>(n).fill(0);
  const c = new Array<number>(n).fill(0);
  const d = new Array<number>(n).fill(0);
  for (let i = 1; i < n - 1; i++) {
    const a = h[i - 1]!;
    const b = 2 * (h[i - 1]! + h[i]!);
    const cc = h[i]!;
    const r = 6 * ((ys[i + 1]! - ys[i]!) / h[i]! - (ys[i]! - ys[i - 1]!) / h[i - 1]!);
    const denom = b - a * c[i - 1]!;
    c[i] = cc / denom;
    d[i] = (r - a * d[i - 1]!) / denom;
  }
  for (let i = n - 2; i >= 1; i--) m[i] = d[i]! - c[i]! * m[i + 1]!;
  return (x: number): number => {
    let i = 0;
    while (i < n - 2 && x > xs[i + 1]!) i++;
    const hi = h[i]!;
    const t0 = xs[i + 1]! - x;
    const t1 = x - xs[i]!;
    return (
      (m[i]! * t0 ** 3 + m[i + 1]! * t1 ** 3) / (6 * hi) +
      (ys[i]! / hi - (m[i]! * hi) / 6) * t0 +
      (ys[i + 1]! / hi - (m[i + 1]! * hi) / 6) * t1
    );
  };
}
