import sharp, { type Kernel, type Sharp } from 'sharp';
import { KADID } from './kadid';
import { gaussian, seededRandom } from './random';

/** A distortion type: five levels of rising strength applied to a reference photo. */
export interface Distortion {
  readonly name: string;
  /**
   * `design`: one of the design's nine types (what its targets are stated on); `extra`: a ladder
   * kept from earlier runs or added beside them, reported but in no mean; `kadid`: one of
   * KADID-10k's 25 types (scripts/eval/kadid.ts).
   */
  readonly group: 'design' | 'extra' | 'kadid';
  /** Human-readable parameter of each level 1..5. */
  readonly levels: readonly string[];
  /** Encoded image (PNG unless the distortion is a codec) at level 1..5. */
  apply(reference: Buffer, level: number): Promise<Buffer>;
}

const png = (s: Sharp): Promise<Buffer> => s.png({ compressionLevel: 1 }).toBuffer();

function at<T>(values: readonly T[], level: number): T {
  const v = values[level - 1];
  if (v === undefined) throw new RangeError(`level must be 1..${values.length}: ${level}`);
  return v;
}

/** A horizontal line kernel of `length` taps (camera shake along one axis). */
function lineKernel(length: number): Kernel {
  const kernel = new Array<number>(length * 3).fill(0);
  for (let x = 0; x < length; x++) kernel[length + x] = 1;
  return { width: length, height: 3, kernel };
}

async function addNoise(reference: Buffer, sigma: number, seed: number): Promise<Buffer> {
  const { data, info } = await sharp(reference).raw().toBuffer({ resolveWithObject: true });
  const random = seededRandom(seed);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + sigma * gaussian(random))));
  }
  return png(sharp(data, { raw: info }));
}

const BLUR = [0.7, 1.2, 2, 3, 5];
const MOTION = [3, 5, 9, 15, 25];
const NOISE = [4, 8, 14, 22, 35];
const QUALITY = [70, 43, 36, 24, 7];
const LIGHTNESS = [6, 12, 20, 30, 45];
const CONTRAST = [0.8, 0.65, 0.5, 0.38, 0.25];
const SATURATION = [0.8, 0.6, 0.4, 0.2, 0];
const RESIZE = [2, 3, 4, 8, 16];
const GAIN_UP = [1.1, 1.25, 1.45, 1.7, 2];
const GAIN_DOWN = [0.9, 0.75, 0.6, 0.45, 0.3];
const BRIGHTEN = [1.15, 1.3, 1.5, 1.8, 2.2];
const DARKEN = [0.8, 0.65, 0.5, 0.35, 0.2];
const CAST = [0.05, 0.1, 0.15, 0.2, 0.3];

/**
 * The design's nine ladders (after KADID-10k / TID2013) and two extra ones. Brighten and darken
 * are KADID's tone curves (#16, #17: black and white stay, mid-tones move; see kadid-tone.ts);
 * contrast scales around mid-grey; desaturate scales chroma to 0. The extras, "mean shift up" and
 * "mean shift down", move CIE lightness by a constant (sharp's modulate), which is KADID's mean
 * shift (#18, TID2013's intensity shift), not its brighten/darken: the eval used them under the
 * names brighten and darken until the tone curves replaced them, and keeps them so that nothing
 * it measured before is hidden. "gain up" and "gain down" multiply the 8-bit sRGB values
 * (clipped at 255), as PIL's ImageEnhance.Brightness and most "brightness" sliders do: an
 * exposure fault rather than an edit. They are here because the design's BRISQUE reference for
 * brighten and darken (-0.29, 0.85) is much nearer BRISQUE on gain (about 0.0, 0.8) than on the
 * tone curves (about 0.2, 0.2), so the design's ladders may have been gains.
 */
export const DISTORTIONS: readonly Distortion[] = [
  {
    name: 'gaussian blur',
    group: 'design',
    levels: BLUR.map((s) => `sigma ${s}`),
    apply: (ref, l) => png(sharp(ref).blur(at(BLUR, l))),
  },
  {
    name: 'motion blur',
    group: 'design',
    levels: MOTION.map((n) => `${n} px line`),
    apply: (ref, l) => png(sharp(ref).convolve(lineKernel(at(MOTION, l)))),
  },
  {
    name: 'white noise',
    group: 'design',
    levels: NOISE.map((s) => `sigma ${s}`),
    apply: (ref, l) => addNoise(ref, at(NOISE, l), 1000 + l),
  },
  {
    name: 'jpeg',
    group: 'design',
    levels: QUALITY.map((q) => `q${q}`),
    apply: (ref, l) => sharp(ref).jpeg({ quality: at(QUALITY, l) }).toBuffer(),
  },
  {
    name: 'brighten',
    group: 'design',
    levels: BRIGHTEN.map((k) => `x${k}`),
    apply: (ref, l) => png(sharp(ref).linear(at(BRIGHTEN, l), 0)),
  },
  {
    name: 'darken',
    group: 'design',
    levels: DARKEN.map((k) => `x${k}`),
    apply: (ref, l) => png(sharp(ref).linear(at(DARKEN, l), 0)),
  },
  {
    name: 'contrast',
    group: 'design',
    levels: CONTRAST.map((a) => `x${a}`),
    apply: (ref, l) => {
      const a = at(CONTRAST, l);
      return png(sharp(ref).linear(a, 128 * (1 - a)));
    },
  },
  {
    name: 'desaturate',
    group: 'design',
    levels: SATURATION.map((s) => `sat ${s}`),
    apply: (ref, l) => png(sharp(ref).modulate({ saturation: at(SATURATION, l) })),
  },
  {
    name: 'resize',
    group: 'design',
    levels: RESIZE.map((f) => `1/${f} and back`),
    apply: async (ref, l) => {
      const f = at(RESIZE, l);
      const { width = 1, height = 1 } = await sharp(ref).metadata();
      const small = await sharp(ref)
        .resize(Math.max(1, Math.round(width / f)), Math.max(1, Math.round(height / f)))
        .png({ compressionLevel: 1 })
        .toBuffer();
      return png(sharp(small).resize(width, height, { fit: 'fill' }));
    },
  },
  {
    name: 'mean shift up',
    group: 'extra',
    levels: LIGHTNESS.map((d) => `L* +${d}`),
    apply: (ref, l) => png(sharp(ref).modulate({ lightness: at(LIGHTNESS, l) })),
  },
  {
    name: 'mean shift down',
    group: 'extra',
    levels: LIGHTNESS.map((d) => `L* -${d}`),
    apply: (ref, l) => png(sharp(ref).modulate({ lightness: -at(LIGHTNESS, l) })),
  },
  {
    name: 'gain up',
    group: 'extra',
    levels: GAIN_UP.map((k) => `x${k}`),
    apply: (ref, l) => png(sharp(ref).linear(at(GAIN_UP, l), 0)),
  },
  {
    name: 'gain down',
    group: 'extra',
    levels: GAIN_DOWN.map((k) => `x${k}`),
    apply: (ref, l) => png(sharp(ref).linear(at(GAIN_DOWN, l), 0)),
  },
  {
    // A white-balance error: red gained and blue cut by the same factor (a warm cast).
    name: 'colour cast',
    group: 'extra',
    levels: CAST.map((k) => `R x${1 + k}, B x${1 - k}`),
    apply: (ref, l) => {
      const k = at(CAST, l);
      return png(sharp(ref).linear([1 + k, 1, 1 - k], [0, 0, 0]));
    },
  },
  ...KADID,
];

/** The invariances: changes a viewer does not see, which must not move the score. */
export const INVARIANCES = [
  { name: 'q95 re-encode', limit: 0.03, apply: (ref: Buffer) => sharp(ref).jpeg({ quality: 95 }).toBuffer() },
  {
    name: 'EXIF rotation',
    limit: 0.01,
    apply: (ref: Buffer) => png(sharp(ref).rotate(270).withMetadata({ orientation: 6 })),
  },
  { name: 'alpha channel', limit: 0.01, apply: (ref: Buffer) => png(sharp(ref).ensureAlpha(1)) },
] as const;
