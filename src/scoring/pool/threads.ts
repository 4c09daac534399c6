import os from 'node:os';

/**
 * Worker threads when `SCORER_THREADS` is not set: one per CPU the process may use.
 * Every default of the pool's size (gateway, emulator, `image-score`) is this one.
 */
export function defaultScorerThreads(): number {
  return os.availableParallelism();
}
