/**
 * KADID-10k's `curves(x, c)`: the tone curve its brighten (#16) and darken (#17) distortions
 * apply, an interpolating spline through (0, 0), (0.5, c), (1, 1) with the output clamped to
 * [0, 1]. Black stays black and white stays white; the mid-tones move up (c > 0.5) or down.
 *
 * The spline is the natural cubic (second derivative 0 at both ends), as public reimplementations
 * of the MATLAB code use, not a monotone cubic. Why: with three equally spaced points the natural
 * spline's slope at 0 is 3c - 0.5 (and at 1 it is 2.5 - 3c), so it leaves [0, 1] only for
 * c < 1/6 (darken's strongest level, c = 0.1) and c > 5/6 (brighten's two strongest, c = 0.85
 * and 1.05). There it overshoots past the end value and comes back; the clamp turns that into a
 * short run of crushed blacks (or clipped whites), which is monotone and is what KADID's images
 * show at those levels. A monotone cubic would remove that crushing and so change the distortion.
 */
export function toneCurve(c: number): (x: number) => number {
  // Uniform knots h = 0.5; natural ends M0 = M2 = 0, so M1 = 6 (y0 - 2 y1 + y2) / (4 h^2).
  const m1 = 6 * (1 - 2 * c);
  return (x: number): number => {
    // On [0, 0.5]: S = M1 x^3 / 3 + (2c - M1 / 12) x. On [0.5, 1], with t = 1 - x:
    // S = 1 + M1 t^3 / 3 + (2c - 2 - M1 / 12) t (the standard segment formula, simplified).
    const t = x <= 0.5 ? x : 1 - x;
    const y = x <= 0.5 ? (m1 * t ** 3) / 3 + (2 * c - m1 / 12) * t : 1 + (m1 * t ** 3) / 3 + (2 * c - 2 - m1 / 12) * t;
    return y < 0 ? 0 : y > 1 ? 1 : y;
  };
}

/** The curve sampled at the 256 8-bit levels, rounded back to 8 bits: a per-channel lookup table. */
export function toneLut(c: number): Uint8Array {
  const curve = toneCurve(c);
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.round(255 * curve(v / 255));
  return lut;
}
