/**
 * sRGB <-> CIE L*a*b* (D65), the conversion KADID-10k's brighten goes through (as the public
 * reimplementations use it: sRGB transfer curve, the sRGB/D65 matrix, D65 white). Values are
 * floats, RGB in [0, 1]; L* in [0, 100].
 */

const WHITE = [0.95047, 1, 1.08883] as const;
const EPSILON = 216 / 24389;
const KAPPA = 24389 / 27;

/** sRGB-encoded channel value -> linear light. */
export function srgbToLinear(v: number): number {
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

function linearToSrgb(v: number): number {
  return v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055;
}

const f = (t: number): number => (t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116);
const fInverse = (t: number): number => (t ** 3 > EPSILON ? t ** 3 : (116 * t - 16) / KAPPA);

/** Linear RGB (each in [0, 1]) -> [L*, a*, b*]. Takes linear values so callers can use a LUT. */
export function linearRgbToLab(r: number, g: number, b: number): [number, number, number] {
  const x = (0.412453 * r + 0.35758 * g + 0.180423 * b) / WHITE[0];
  const y = (0.212671 * r + 0.71516 * g + 0.072169 * b) / WHITE[1];
  const z = (0.019334 * r + 0.119193 * g + 0.950227 * b) / WHITE[2];
  const fy = f(y);
  return [116 * fy - 16, 500 * (f(x) - fy), 200 * (fy - f(z))];
}

/**
 * [L*, a*, b*] -> sRGB-encoded RGB, each clamped to [0, 1] (colours outside the gamut, which a
 * lifted L* with unchanged a*, b* can reach, are clipped per channel, as the reference does).
 */
export function labToSrgb(l: number, a: number, b: number): [number, number, number] {
  const fy = (l + 16) / 116;
  const x = WHITE[0] * fInverse(fy + a / 500);
  const y = WHITE[1] * fInverse(fy);
  const z = WHITE[2] * fInverse(fy - b / 200);
  const r = 3.240479 * x - 1.53715 * y - 0.498535 * z;
  const g = -0.969256 * x + 1.875991 * y + 0.041556 * z;
  const bl = 0.055648 * x - 0.204043 * y + 1.057311 * z;
  const enc = (v: number): number => linearToSrgb(v < 0 ? 0 : v > 1 ? 1 : v);
  return [enc(r), enc(g), enc(bl)];
}
