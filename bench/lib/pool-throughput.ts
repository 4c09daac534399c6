import type { ImageScorer } from '../../src/scoring/pool/image-scorer';

/**
 * Images per second when `scorer` scores `inputs` with `inFlight` at once (as the local
 * backend's gate lets them through). Each input is copied before the clock starts: the pool
 * takes ownership of what it is given.
 */
export async function scorerThroughput(scorer: ImageScorer, inputs: readonly Buffer[], inFlight: number): Promise<number> {
  const copies = inputs.map((input) => Buffer.from(input));
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < copies.length) await scorer.score(copies[next++]!);
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return copies.length / ((performance.now() - started) / 1000);
}

/** 1, 2, 4, ... up to `cores`, and `cores` itself when it is not a power of two. */
export function threadCounts(cores: number): number[] {
  const counts: number[] = [];
  for (let n = 1; n < cores; n *= 2) counts.push(n);
  counts.push(cores);
  return counts;
}
