/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * What a timing reads: `wall` is elapsed time; `cpu` is the CPU time the whole process spent
 * (user + system, every thread, so a decode on libvips' threads counts), which other work on a
 * shared machine inflates far less than elapsed time, since waiting for a core is not counted.
 */
export type Clock = 'wall' | 'cpu';

async function timed(f: () => Promise<unknown>, clock: Clock): Promise<number> {
  if (clock === 'cpu') {
    const start = process.cpuUsage();
    await f();
    const spent = process.cpuUsage(start);
    return (spent.user + spent.system) / 1000;
  }
  const start = performance.now();
  await f();
  return performance.now() - start;
}

/**
 * Times each of `fns` in turn, round after round (`runs` rounds after `warmup` untimed ones),
 * so that all see the same machine state (other load, CPU frequency); returns each one's median
 * in ms and the median of its per-round ratio to the first. The paired ratio is the steadier
 * figure on a shared machine: other work that comes and goes slows a whole round alike, while
 * the ratio of two medians also carries how differently that load fell on the two lists.
 */
export async function alternate(
  fns: readonly (() => Promise<unknown>)[],
  runs: number,
  { warmup = 3, clock = 'wall' }: { warmup?: number; clock?: Clock } = {},
): Promise<{ medians: number[]; ratios: number[] }> {
  for (let i = 0; i < warmup; i++) for (const f of fns) await f();
  const times = fns.map((): number[] => []);
  for (let i = 0; i < runs; i++) for (let k = 0; k < fns.length; k++) times[k]!.push(await timed(fns[k]!, clock));
  const first = times[0]!;
  return { medians: times.map(median), ratios: times.map((t) => median(t.map((v, i) => v / first[i]!))) };
}

/** Runs `total` tasks with at most `inFlight` at once; returns completed tasks per second. */
export async function throughput(task: () => Promise<unknown>, total: number, inFlight: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      next++;
      await task();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return total / ((performance.now() - started) / 1000);
}

/**
 * Peak resident set size (bytes) while `run` executes, sampled every 2 ms (and at the end), with
 * the RSS just before it started.
 */
export async function peakRss(run: () => Promise<unknown>): Promise<{ before: number; peak: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 2);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return { before, peak: Math.max(peak, process.memoryUsage.rss()) };
}

/** The `p`th percentile (0 to 100) of a non-empty list, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
