import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Kernel } from 'sharp';
import type { Distortion } from './distortions';
import { BRIGHTEN_AMOUNTS, DARKEN_AMOUNTS, kadidBrighten, kadidDarken } from './kadid-tone';
import { blurPlane, boxGaussPlane, encodePng, fromLab, gaussianTaps, grey, naturalSpline, readRgb, to8, toLab, type Rgb } from './pixels';
import { gaussian, seededRandom } from './random';

/**
 * The 25 distortion types of KADID-10k (Lin, Hosu & Saupe 2019), five levels each, with the
 * parameters of the dataset's generation code as the public Python port (ARNIQA's
 * `utils/distortions.py` and `utils_data.py`) gives them, unless a comment says otherwise.
 * Random choices (positions, angles, noise) come from a seeded source, so every run builds the
 * same images. All are lossless PNG except JPEG and JPEG2000, which are decoded by their codec.
 */

function at<T>(values: readonly T[], level: number): T {
  const v = values[level - 1];
  if (v === undefined) throw new RangeError(`level must be 1..${values.length}: ${level}`);
  return v;
}

/** Seed for one type and level, so each ladder's random draws are fixed. */
const seed = (type: number, level: number): number => 7919 * type + 104729 * level;

const png = (rgb: Rgb): Promise<Buffer> => encodePng(rgb);

/** fspecial('disk', r): each cell's share of a disk of radius r (8x8 supersampled). */
function diskKernel(radius: number): Kernel {
  const size = 2 * Math.ceil(radius) + 1;
  const c = (size - 1) / 2;
  const kernel: number[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let inside = 0;
      for (let sy = 0; sy < 8; sy++) {
        for (let sx = 0; sx < 8; sx++) {
          const dx = x - c - 0.5 + (sx + 0.5) / 8;
          const dy = y - c - 0.5 + (sy + 0.5) / 8;
          inside += Number(dx * dx + dy * dy <= radius * radius);
        }
      }
      kernel.push(inside / 64);
    }
  }
  return { width: size, height: size, kernel };
}

/** fspecial('motion', length, angle): an anti-aliased line of `length` px at `angle` degrees. */
function motionKernel(length: number, angle: number): Kernel {
  const size = 2 * Math.ceil(length / 2) + 1;
  const c = (size - 1) / 2;
  const grid = new Array<number>(size * size).fill(0);
  const phi = (angle * Math.PI) / 180;
  const steps = 64 * Math.max(1, length);
  for (let s = 0; s <= steps; s++) {
    const t = (s / steps - 0.5) * (length - 1);
    const x = c + t * Math.cos(phi);
    const y = c - t * Math.sin(phi);
    const x0 = Math.floor(x);
    const y0 = Math.floor(y);
    const fx = x - x0;
    const fy = y - y0;
    const splat = (xx: number, yy: number, w: number): void => {
      if (xx >= 0 && yy >= 0 && xx < size && yy < size) grid[yy * size + xx]! += w;
    };
    splat(x0, y0, (1 - fx) * (1 - fy));
    splat(x0 + 1, y0, fx * (1 - fy));
    splat(x0, y0 + 1, (1 - fx) * fy);
    splat(x0 + 1, y0 + 1, fx * fy);
  }
  return { width: size, height: size, kernel: grid };
}

/** Gaussian noise of `sigma` (8-bit units) on every channel value. */
function addNoise(rgb: Rgb, sigma: number, random: () => number): Rgb {
  const data = new Uint8Array(rgb.data.length);
  for (let i = 0; i < data.length; i++) data[i] = to8(rgb.data[i]! + sigma * gaussian(random));
  return { ...rgb, data };
}

/** JPEG2000 (#9) at `ratio`:1 through Debian's openjpeg tools (libvips here cannot write it). */
async function jpeg2000(reference: Buffer, ratio: number): Promise<Buffer> {
  const rgb = await readRgb(reference);
  const dir = mkdtempSync(join(tmpdir(), 'eval-jp2-'));
  try {
    const header = Buffer.from(`P6\n${rgb.width} ${rgb.height}\n255\n`);
    writeFileSync(join(dir, 'in.ppm'), Buffer.concat([header, Buffer.from(rgb.data)]));
    // Rate `ratio`:1, 8 resolutions (7 wavelet levels), LRCP, as the reference code asks PIL for.
    const opts = ['-r', String(ratio), '-n', '8', '-p', 'LRCP'];
    execFileSync('opj_compress', ['-i', join(dir, 'in.ppm'), '-o', join(dir, 'out.jp2'), ...opts], { stdio: 'ignore' });
    // Decoded to PNG, which sharp reads like any other ladder file: opj_decompress writes a
    // comment line into a PPM header, and a header parsed by hand that misses it starts the
    // pixels a few bytes late, rotating every channel.
    execFileSync('opj_decompress', ['-i', join(dir, 'out.jp2'), '-o', join(dir, 'out.png')], { stdio: 'ignore' });
    return await sharp(join(dir, 'out.png')).removeAlpha().png({ compressionLevel: 1 }).toBuffer();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** True when opj_compress (Debian's libopenjp2-tools) runs: sharp's libvips has no JPEG2000. */
export function jpeg2000Available(): boolean {
  // `-h` exits 1 after printing its help: only a failure to start says it is missing.
  return spawnSync('opj_compress', ['-h'], { stdio: 'ignore' }).error === undefined;
}

/** Colour shift (#5): the green channel displaced by `amount` px, blended in where edges are. */
async function colourShift(reference: Buffer, amount: number, random: () => number): Promise<Buffer> {
  const rgb = await readRgb(reference);
  const { width: w, height: h } = rgb;
  const g = grey(rgb);
  const e = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const gx = 0.5 * (g[y * w + Math.min(w - 1, x + 1)]! - g[y * w + Math.max(0, x - 1)]!);
      const gy = 0.5 * (g[Math.min(h - 1, y + 1) * w + x]! - g[Math.max(0, y - 1) * w + x]!);
      e[i] = Math.sqrt(gx * gx + gy * gy);
    }
  }
  const blurred = blurPlane(e, w, h, gaussianTaps(4, 8));
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of blurred) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const norm = Float32Array.from(blurred, (v) => (hi > lo ? (v - lo) / (hi - lo) : v));
  const sorted = Float32Array.from(norm).sort();
  const cap = sorted[Math.max(0, Math.round(0.99 * sorted.length) - 1)]!;
  const floor = sorted[Math.max(0, Math.round(0.01 * sorted.length) - 1)]!;
  const a0 = random();
  const a1 = random();
  const len = Math.hypot(a0, a1) || 1;
  const sx = Math.round((a0 / len) * amount);
  const sy = Math.round((a1 / len) * amount);
  const data = Uint8Array.from(rgb.data);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const wgt = Math.min(cap, Math.max(floor, norm[i]!));
      const src = Math.min(h - 1, Math.max(0, y - sy)) * w + Math.min(w - 1, Math.max(0, x - sx));
      data[3 * i + 1] = to8(rgb.data[3 * src + 1]! * wgt + rgb.data[3 * i + 1]! * (1 - wgt));
    }
  }
  return png({ ...rgb, data });
}

/** Jitter (#19): `iterations` rounds of a per-pixel random displacement of sigma `amount`, bilinear. */
async function jitter(reference: Buffer, amount: number, random: () => number): Promise<Buffer> {
  const rgb = await readRgb(reference);
  const { width: w, height: h } = rgb;
  let src = Float32Array.from(rgb.data);
  for (let it = 0; it < 5; it++) {
    const out = new Float32Array(src.length);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        // Both Box-Muller outputs of one draw: the two displacements.
        const rad = amount * Math.sqrt(-2 * Math.log(1 - random()));
        const ang = 2 * Math.PI * random();
        const fx = Math.min(w - 1, Math.max(0, x - rad * Math.cos(ang)));
        const fy = Math.min(h - 1, Math.max(0, y - rad * Math.sin(ang)));
        const x0 = Math.floor(fx);
        const y0 = Math.floor(fy);
        const x1 = Math.min(w - 1, x0 + 1);
        const y1 = Math.min(h - 1, y0 + 1);
        const ax = fx - x0;
        const ay = fy - y0;
        for (let c = 0; c < 3; c++) {
          const v =
            (1 - ay) * ((1 - ax) * src[3 * (y0 * w + x0) + c]! + ax * src[3 * (y0 * w + x1) + c]!) +
            ay * ((1 - ax) * src[3 * (y1 * w + x0) + c]! + ax * src[3 * (y1 * w + x1) + c]!);
          out[3 * (y * w + x) + c] = v;
        }
      }
    }
    src = out;
  }
  return png({ ...rgb, data: Uint8Array.from(src, to8) });
}

/** Copies a size x size block of `from` to (tx, ty) in `to` (both RGB of width w). */
function copyBlock(from: Uint8Array, to: Uint8Array, w: number, sx: number, sy: number, tx: number, ty: number, size: number): void {
  for (let y = 0; y < size; y++) {
    const s = 3 * ((sy + y) * w + sx);
    to.set(from.subarray(s, s + 3 * size), 3 * ((ty + y) * w + tx));
  }
}

/** Non-eccentricity patch (#20): `count` 16x16 patches copied to a position up to 8 px away. */
async function nonEccentricityPatch(reference: Buffer, count: number, random: () => number): Promise<Buffer> {
  const rgb = await readRgb(reference);
  const { width: w, height: h } = rgb;
  const data = Uint8Array.from(rgb.data);
  const size = 16;
  const radius = 16;
  for (let i = 0; i < count; i++) {
    const x = Math.round(random() * (w - size - 2 * radius)) + radius;
    const y = Math.round(random() * (h - size - 2 * radius)) + radius;
    const tx = Math.round((random() - 0.5) * radius + x);
    const ty = Math.round((random() - 0.5) * radius + y);
    const patch = Uint8Array.from(data);
    copyBlock(patch, data, w, x, y, tx, ty, size);
  }
  return png({ ...rgb, data });
}

/** Colour block (#23): `count` 32x32 squares of a random flat colour. */
async function colourBlock(reference: Buffer, count: number, random: () => number): Promise<Buffer> {
  const rgb = await readRgb(reference);
  const { width: w, height: h } = rgb;
  const data = Uint8Array.from(rgb.data);
  for (let i = 0; i < count; i++) {
    const colour = [random(), random(), random()].map((v) => Math.round(255 * v));
    const px = Math.floor(random() * (w - 32));
    const py = Math.floor(random() * (h - 32));
    for (let y = py; y < py + 32; y++) {
      for (let x = px; x < px + 32; x++) for (let c = 0; c < 3; c++) data[3 * (y * w + x) + c] = colour[c]!;
    }
  }
  return png({ ...rgb, data });
}

/**
 * Median-cut colour quantisation to `colours` colours (Heckbert 1982) over a 5-bit-per-channel
 * histogram: the box with the most pixels times its widest range is split at its median along
 * that channel until there are `colours` boxes; each pixel takes the mean colour of the nearest
 * box mean (nearest by squared RGB distance, from its 15-bit bin).
 */
function medianCut(rgb: Rgb, colours: number): Rgb {
  const hist = new Float64Array(32768);
  const sums = new Float64Array(3 * 32768);
  const bin = (i: number): number => ((rgb.data[i]! >> 3) << 10) | ((rgb.data[i + 1]! >> 3) << 5) | (rgb.data[i + 2]! >> 3);
  for (let i = 0; i < rgb.data.length; i += 3) {
    const b = bin(i);
    hist[b]!++;
    for (let c = 0; c < 3; c++) sums[3 * b + c]! += rgb.data[i + c]!;
  }
  const used = [...hist.keys()].filter((b) => hist[b]! > 0);
  const chan = (b: number, c: number): number => (b >> (10 - 5 * c)) & 31;
  let boxes: number[][] = [used];
  while (boxes.length < colours) {
    let best = -1;
    let bestScore = 0;
    let bestChannel = 0;
    for (const [k, box] of boxes.entries()) {
      if (box.length < 2) continue;
      let count = 0;
      for (const b of box) count += hist[b]!;
      for (let c = 0; c < 3; c++) {
        const vs = box.map((b) => chan(b, c));
        const range = Math.max(...vs) - Math.min(...vs);
        if (count * range > bestScore) {
          bestScore = count * range;
          best = k;
          bestChannel = c;
        }
      }
    }
    if (best < 0) break;
    const box = boxes[best]!.sort((a, b) => chan(a, bestChannel) - chan(b, bestChannel));
    let total = 0;
    for (const b of box) total += hist[b]!;
    let acc = 0;
    let cut = 1;
    for (let i = 0; i < box.length - 1; i++) {
      acc += hist[box[i]!]!;
      cut = i + 1;
      if (acc >= total / 2) break;
    }
    boxes = [...boxes.slice(0, best), box.slice(0, cut), box.slice(cut), ...boxes.slice(best + 1)];
  }
  const palette = boxes.map((box) => {
    let n = 0;
    const m = [0, 0, 0];
    for (const b of box) {
      n += hist[b]!;
      for (let c = 0; c < 3; c++) m[c]! += sums[3 * b + c]!;
    }
    return m.map((v) => Math.round(v / Math.max(1, n)));
  });
  const nearest = new Map<number, number[]>();
  const data = new Uint8Array(rgb.data.length);
  for (let i = 0; i < data.length; i += 3) {
    const b = bin(i);
    let colour = nearest.get(b);
    if (!colour) {
      const r = 8 * chan(b, 0) + 4;
      const g = 8 * chan(b, 1) + 4;
      const bl = 8 * chan(b, 2) + 4;
      let bestD = Infinity;
      for (const p of palette) {
        const dist = (p[0]! - r) ** 2 + (p[1]! - g) ** 2 + (p[2]! - bl) ** 2;
        if (dist < bestD) {
          bestD = dist;
          colour = p;
        }
      }
      nearest.set(b, colour!);
    }
    data[i] = colour![0]!;
    data[i + 1] = colour![1]!;
    data[i + 2] = colour![2]!;
  }
  return { ...rgb, data };
}

const GAUSSIAN_BLUR = [0.1, 0.5, 1, 2, 5];
const LENS_BLUR = [1, 2, 4, 6, 8];
const MOTION_BLUR = [1, 2, 4, 6, 10];
const COLOUR_DIFFUSION = [1, 3, 6, 8, 12];
const COLOUR_SHIFT = [1, 3, 6, 8, 12];
const COLOUR_QUANTISATION = [64, 48, 32, 16, 8];
const SATURATION_1 = [0.4, 0.2, 0.1, 0, -0.4];
const SATURATION_2 = [1, 2, 3, 6, 9];
const JPEG2000 = [16, 32, 45, 120, 170];
const JPEG = [43, 36, 24, 7, 4];
const WHITE_NOISE = [0.001, 0.002, 0.003, 0.005, 0.01];
const WHITE_NOISE_CC = [0.0001, 0.0005, 0.001, 0.002, 0.003];
const IMPULSE = [0.001, 0.005, 0.01, 0.02, 0.03];
const MULTIPLICATIVE = [0.001, 0.005, 0.01, 0.02, 0.05];
const DENOISE = [0.001, 0.002, 0.003, 0.005, 0.01];
const MEAN_SHIFT = [0.03, 0.06, 0.09, 0.12, 0.15];
const JITTER = [0.05, 0.1, 0.2, 0.5, 1];
const PATCHES = [20, 40, 60, 80, 100];
const PIXELATE = [0.01, 0.05, 0.1, 0.2, 0.5];
const QUANTISATION = [20, 16, 13, 10, 7];
const BLOCKS = [2, 4, 6, 8, 10];
const SHARPEN = [1, 2, 3, 6, 12];
const CONTRAST_CHANGE = [-0.3, -0.4, -0.5, -0.6, -0.7];

/** Per-channel map of RGB pixels through `f` (0..255 in, float out, rounded and clamped). */
async function mapChannels(reference: Buffer, f: (v: number) => number): Promise<Buffer> {
  const rgb = await readRgb(reference);
  const lut = Array.from({ length: 256 }, (_, v) => to8(f(v)));
  return png({ ...rgb, data: Uint8Array.from(rgb.data, (v) => lut[v]!) });
}

const kadid = (
  n: number,
  name: string,
  levels: readonly string[],
  apply: (ref: Buffer, level: number, random: () => number) => Promise<Buffer>,
): Distortion => ({
  name: `K${String(n).padStart(2, '0')} ${name}`,
  group: 'kadid',
  levels,
  apply: (ref, level) => apply(ref, level, seededRandom(seed(n, level))),
});

/** KADID-10k's 25 types, in its order (#1-#25). */
export const KADID: readonly Distortion[] = [
  // sigma 0.1 is kept although it is visually the identity: it is KADID's level 1.
  kadid(1, 'gaussian blur', GAUSSIAN_BLUR.map((s) => `sigma ${s}`), (ref, l) => {
    const sigma = at(GAUSSIAN_BLUR, l);
    if (sigma >= 0.3) return sharp(ref).blur(sigma).png({ compressionLevel: 1 }).toBuffer();
    const taps = gaussianTaps(sigma, 1);
    const kernel = Array.from({ length: 9 }, (_, i) => taps[Math.floor(i / 3)]! * taps[i % 3]!);
    return sharp(ref).convolve({ width: 3, height: 3, kernel }).png({ compressionLevel: 1 }).toBuffer();
  }),
  kadid(2, 'lens blur', LENS_BLUR.map((r) => `disk r${r}`), (ref, l) =>
    sharp(ref).convolve(diskKernel(at(LENS_BLUR, l))).png({ compressionLevel: 1 }).toBuffer(),
  ),
  kadid(3, 'motion blur', MOTION_BLUR.map((r) => `${r} px line`), (ref, l, random) =>
    sharp(ref).convolve(motionKernel(at(MOTION_BLUR, l), Math.floor(random() * 180))).png({ compressionLevel: 1 }).toBuffer(),
  ),
  // Chroma (a*, b*) blurred with sigma 1.5 x amount + 2. The Python port then multiplies a*, b*
  // by the amount too (x12 at level 5), which turns the bleed into extreme saturation; KADID's
  // images show colour bleeding, so that multiplication is left out here.
  kadid(4, 'color diffusion', COLOUR_DIFFUSION.map((a) => `chroma sigma ${1.5 * a + 2}`), async (ref, l) => {
    const rgb = await readRgb(ref);
    const lab = toLab(rgb);
    const sigma = 1.5 * at(COLOUR_DIFFUSION, l) + 2;
    const out = {
      l: lab.l,
      a: boxGaussPlane(lab.a, rgb.width, rgb.height, sigma),
      b: boxGaussPlane(lab.b, rgb.width, rgb.height, sigma),
    };
    return png(fromLab(out, rgb.width, rgb.height));
  }),
  kadid(5, 'color shift', COLOUR_SHIFT.map((a) => `green ${a} px`), (ref, l, random) => colourShift(ref, at(COLOUR_SHIFT, l), random)),
  // KADID's rgb2ind (minimum-variance quantisation) to 64..8 colours; here median cut (sharp's
  // palette output rounds the colour count up to a power of two), no dither, so smooth areas
  // become flat bands, as posterisation makes them.
  kadid(6, 'color quantization', COLOUR_QUANTISATION.map((c) => `${c} colours`), async (ref, l) =>
    png(medianCut(await readRgb(ref), at(COLOUR_QUANTISATION, l))),
  ),
  // HSV saturation times the factor: each channel c -> v - f (v - c), v = max(r, g, b).
  kadid(7, 'color saturation 1', SATURATION_1.map((f) => `HSV S x${f}`), async (ref, l) => {
    const rgb = await readRgb(ref);
    const f = at(SATURATION_1, l);
    const data = new Uint8Array(rgb.data.length);
    for (let i = 0; i < data.length; i += 3) {
      const v = Math.max(rgb.data[i]!, rgb.data[i + 1]!, rgb.data[i + 2]!);
      for (let c = 0; c < 3; c++) data[i + c] = to8(v - f * (v - rgb.data[i + c]!));
    }
    return png({ ...rgb, data });
  }),
  kadid(8, 'color saturation 2', SATURATION_2.map((f) => `a*b* x${f}`), async (ref, l) => {
    const rgb = await readRgb(ref);
    const lab = toLab(rgb);
    const f = at(SATURATION_2, l);
    return png(fromLab({ l: lab.l, a: lab.a.map((v) => v * f), b: lab.b.map((v) => v * f) }, rgb.width, rgb.height));
  }),
  kadid(9, 'jpeg2000', JPEG2000.map((r) => `${r}:1`), (ref, l) => jpeg2000(ref, at(JPEG2000, l))),
  kadid(10, 'jpeg', JPEG.map((q) => `q${q}`), (ref, l) => sharp(ref).jpeg({ quality: at(JPEG, l) }).toBuffer()),
  kadid(11, 'white noise', WHITE_NOISE.map((v) => `var ${v}`), async (ref, l, random) =>
    png(addNoise(await readRgb(ref), 255 * Math.sqrt(at(WHITE_NOISE, l)), random)),
  ),
  // Noise of the variance on each of Y, Cb and Cr (0..1 scale), as the port adds it.
  kadid(12, 'white noise in color', WHITE_NOISE_CC.map((v) => `YCbCr var ${v}`), async (ref, l, random) => {
    const rgb = await readRgb(ref);
    const s = Math.sqrt(at(WHITE_NOISE_CC, l));
    const data = new Uint8Array(rgb.data.length);
    for (let i = 0; i < data.length; i += 3) {
      const r = rgb.data[i]! / 255;
      const g = rgb.data[i + 1]! / 255;
      const b = rgb.data[i + 2]! / 255;
      const y = 0.299 * r + 0.587 * g + 0.114 * b + s * gaussian(random);
      const cb = (b - (0.299 * r + 0.587 * g + 0.114 * b)) * 0.564 + s * gaussian(random);
      const cr = (r - (0.299 * r + 0.587 * g + 0.114 * b)) * 0.713 + s * gaussian(random);
      data[i] = to8(255 * (y + 1.403 * cr));
      data[i + 1] = to8(255 * (y - 0.714 * cr - 0.344 * cb));
      data[i + 2] = to8(255 * (y + 1.773 * cb));
    }
    return png({ ...rgb, data });
  }),
  // Salt and pepper on `d` of all channel values, half each.
  kadid(13, 'impulse noise', IMPULSE.map((d) => `d ${d}`), async (ref, l, random) => {
    const rgb = await readRgb(ref);
    const data = Uint8Array.from(rgb.data);
    const count = Math.floor(at(IMPULSE, l) * data.length);
    for (let k = 0; k < count; k++) data[Math.floor(random() * data.length)] = k < count / 2 ? 255 : 0;
    return png({ ...rgb, data });
  }),
  kadid(14, 'multiplicative noise', MULTIPLICATIVE.map((v) => `var ${v}`), async (ref, l, random) => {
    const rgb = await readRgb(ref);
    const s = Math.sqrt(at(MULTIPLICATIVE, l));
    return png({ ...rgb, data: Uint8Array.from(rgb.data, (v) => to8(v + v * s * gaussian(random))) });
  }),
  // KADID denoises white noise with a CNN (DnCNN), which is not available here; the equivalent
  // is the same white noise, then a 3x3 median and a light Gaussian: texture smeared into flat
  // patches with blotchy residue, what an over-smoothing denoiser leaves.
  kadid(15, 'denoise', DENOISE.map((v) => `var ${v}, median 3`), async (ref, l, random) => {
    const noisy = await png(addNoise(await readRgb(ref), 255 * Math.sqrt(at(DENOISE, l)), random));
    return sharp(noisy).median(3).blur(0.4 + 0.15 * l).png({ compressionLevel: 1 }).toBuffer();
  }),
  kadid(16, 'brighten', BRIGHTEN_AMOUNTS.map((a) => `curve mid ${Number((0.5 + a / 2).toFixed(3))}`), (ref, l) =>
    kadidBrighten(ref, at(BRIGHTEN_AMOUNTS, l)),
  ),
  kadid(17, 'darken', DARKEN_AMOUNTS.map((a) => `curve mid ${Number((0.5 - a / 2).toFixed(3))}`), (ref, l) =>
    kadidDarken(ref, at(DARKEN_AMOUNTS, l)),
  ),
  // KADID's own levels (0, +0.08, -0.08, +0.15, -0.15) mix signs, which no ladder can rank; this
  // row is the downward half, by magnitude (the extra rows hold L* shifts both ways).
  kadid(18, 'mean shift', MEAN_SHIFT.map((a) => `RGB -${a}`), (ref, l) => mapChannels(ref, (v) => v - 255 * at(MEAN_SHIFT, l))),
  kadid(19, 'jitter', JITTER.map((a) => `sigma ${a} px x5`), (ref, l, random) => jitter(ref, at(JITTER, l), random)),
  kadid(20, 'non-eccentricity patch', PATCHES.map((n) => `${n} patches`), (ref, l, random) =>
    nonEccentricityPatch(ref, at(PATCHES, l), random),
  ),
  kadid(21, 'pixelate', PIXELATE.map((s) => `x${(0.95 - s ** 0.6).toFixed(2)} nearest`), async (ref, l) => {
    const { width = 1, height = 1 } = await sharp(ref).metadata();
    const z = 0.95 - at(PIXELATE, l) ** 0.6;
    const small = await sharp(ref)
      .resize(Math.max(1, Math.floor(width * z)), Math.max(1, Math.floor(height * z)), { fit: 'fill', kernel: 'nearest' })
      .png({ compressionLevel: 1 })
      .toBuffer();
    return sharp(small).resize(width, height, { fit: 'fill', kernel: 'nearest' }).png({ compressionLevel: 1 }).toBuffer();
  }),
  // Each channel cut into `levels` equal-width bins (the port's thresholds), then stretched to
  // 0..255 over the image's own range of bin indices.
  kadid(22, 'quantization', QUANTISATION.map((q) => `${q} levels`), async (ref, l) => {
    const rgb = await readRgb(ref);
    const levels = at(QUANTISATION, l);
    const bin = (v: number): number => {
      let k = 0;
      for (let i = 1; i < levels; i++) k += Number(v > (255 * i) / levels);
      return k + Number(v > 0);
    };
    const lut = Array.from({ length: 256 }, (_, v) => bin(v));
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of rgb.data) {
      lo = Math.min(lo, lut[v]!);
      hi = Math.max(hi, lut[v]!);
    }
    const data = Uint8Array.from(rgb.data, (v) => (hi > lo ? to8((255 * (lut[v]! - lo)) / (hi - lo)) : v));
    return png({ ...rgb, data });
  }),
  kadid(23, 'color block', BLOCKS.map((n) => `${n} blocks`), (ref, l, random) => colourBlock(ref, at(BLOCKS, l), random)),
  // Unsharp mask on L*: L + amount (L - G * L), G a 13x13 Gaussian of sigma 6.
  kadid(24, 'high sharpen', SHARPEN.map((a) => `USM x${a}`), async (ref, l) => {
    const rgb = await readRgb(ref);
    const lab = toLab(rgb);
    const blurred = blurPlane(lab.l, rgb.width, rgb.height, gaussianTaps(6, 6));
    const amount = at(SHARPEN, l);
    const sharpened = lab.l.map((v, i) => v + amount * (v - blurred[i]!));
    return png(fromLab({ l: sharpened, a: lab.a, b: lab.b }, rgb.width, rgb.height));
  }),
  // KADID's curve through (0.3, 0.25 - a/4), (0.5, 0.5), (0.7, 0.75 + a/4); its levels (0, 0.15,
  // -0.4, 0.3, -0.6) mix more and less contrast, so this row is the reduction, by magnitude
  // (a = -0.2 is the identity), natural cubic spline.
  kadid(25, 'contrast change', CONTRAST_CHANGE.map((a) => `curve a ${a}`), (ref, l) => {
    const a = at(CONTRAST_CHANGE, l);
    const curve = naturalSpline([0, 0.3, 0.5, 0.7, 1], [0, 0.25 - a / 4, 0.5, 0.75 + a / 4, 1]);
    return mapChannels(ref, (v) => 255 * Math.min(1, Math.max(0, curve(v / 255))));
  }),
];
