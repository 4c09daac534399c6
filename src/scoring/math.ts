/**
 * Math's functions and Number, bound once for the features' per-pixel loops. Jest runs modules
 * in a vm context, where every lookup of a global (`Math`, `Number`) goes through an interceptor
 * and costs about 80 times a local one: with `Math.abs` in its loops a photo took seconds to
 * score in a test instead of milliseconds. Bound here, the loops read module bindings instead,
 * in tests and in production alike; the values are the same functions.
 *
 * Each hot module copies them into its own constants once (`import * as math`, then
 * `const { abs } = math`) rather than importing them by name: a named import compiles to a
 * property read of this module's exports at every call (`(0, math_1.abs)(x)`), whose value
 * the optimiser cannot treat as constant, and the features' loops ran ~13% slower that way
 * (docs/scorer.md, "Speed work").
 */
export const { abs, exp, floor, fround, imul, log, log2, max, min, sqrt } = Math;

/** `Number(flag)`: 1 or 0. */
export const toNumber: (flag: boolean) => number = Number;
