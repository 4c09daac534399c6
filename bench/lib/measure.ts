/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Times `a` and `b` alternately, `runs` times each after `warmup` untimed rounds, so that both
 * see the same machine state (other load, CPU frequency); returns their medians in ms and the
 * median of the per-pair ratios b/a. The paired ratio is the steadier figure on a shared
 * machine: other work that comes and goes slows both halves of a pair alike, while the ratio of
 * two medians also carries how differently that load fell on the two lists.
 */
export async function sideBySide(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  runs: number,
  warmup = 3,
): Promise<{ a: number; b: number; ratio: number }> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    await a();
    ta.push(performance.now() - t);
    t = performance.now();
    await b();
    tb.push(performance.now() - t);
  }
  return { a: median(ta), b: median(tb), ratio: median(tb.map((b, i) => b / ta[i]!)) };
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
