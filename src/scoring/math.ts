/**
 * Math's functions and Number, bound once for the features' per-pixel loops. Jest runs modules
 * in a vm context, where every lookup of a global (`Math`, `Number`) goes through an interceptor
 * and costs about 80 times a local one: with `Math.abs` in its loops a photo took seconds to
 * score in a test instead of milliseconds. Bound here, the loops read module bindings instead,
 * in tests and in production alike; the values are the same functions.
 */
export const { abs, exp, floor, fround, max, min, sqrt } = Math;

/** `Number(flag)`: 1 or 0. */
export const toNumber: (flag: boolean) => number = Number;
