import type { BatchTrace } from './gateway-batch';

/** Where one slow `/healthz` request's time went, in ms. */
export interface SlowRequest {
  /** From the batch's start. */
  atMs: number;
  totalMs: number;
  /** Sent until the gateway's JavaScript saw it: its event loop was busy, or not on a core. */
  beforeServerMs: number;
  /** Seen until the response was finished, on the gateway. */
  serverMs: number;
  /** The rest: the kernel and the probe's own process (waiting for a core, reading the answer). */
  elsewhereMs: number;
  /** Gateway loop stalls (timer gaps) and collections that overlapped it. */
  stallsMs: number[];
  gcsMs: number[];
}

/**
 * Splits each `/healthz` request slower than `thresholdMs` by where its time went, matching
 * the probe's samples to the gateway's by time (one request is in flight at a time).
 */
export function slowRequests(trace: BatchTrace, thresholdMs: number): SlowRequest[] {
  return trace.healthz
    .filter((sample) => sample.ms > thresholdMs)
    .map((sample) => {
      const end = sample.at + sample.ms;
      // Clocks of two processes agree to well under a millisecond (both read CLOCK_REALTIME-based
      // timeOrigin plus a monotonic clock); allow 1 ms either way.
      const served = trace.served.find((s) => s.at >= sample.at - 1 && s.at <= end + 1);
      const beforeServerMs = served ? Math.max(0, served.at - sample.at) : sample.ms;
      const serverMs = served?.ms ?? 0;
      const overlaps = (e: { at: number; ms: number }) => e.at < end && e.at + e.ms > sample.at;
      return {
        atMs: sample.at - trace.batchStart,
        totalMs: sample.ms,
        beforeServerMs,
        serverMs,
        elsewhereMs: Math.max(0, sample.ms - beforeServerMs - serverMs),
        stallsMs: trace.stalls.filter(overlaps).map((s) => s.ms),
        gcsMs: trace.gcs.filter(overlaps).map((g) => g.ms),
      };
    });
}
