/** Samples this process's resident set size while a run goes on. */
export interface RssSampler {
  /** Stops sampling; returns the baseline, peak and final RSS in MiB. */
  stop(): { startMiB: number; peakMiB: number; endMiB: number };
}

/** Starts sampling RSS every `intervalMs`. @param intervalMs @default 250 */
export function sampleRss(intervalMs = 250): RssSampler {
  const mib = () => process.memoryUsage().rss / 2 ** 20;
  const startMiB = mib();
  let peakMiB = startMiB;
  const timer = setInterval(() => {
    peakMiB = Math.max(peakMiB, mib());
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      const endMiB = mib();
      return { startMiB, peakMiB: Math.max(peakMiB, endMiB), endMiB };
    },
  };
}
