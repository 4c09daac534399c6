/**
 * Paces calls per IMM project: `acquire` resolves when one call for the project may start.
 * IMM's `ProjectQueriesPerSecond` (default 100; older docs say 10) is shared by every operation
 * of a project, so the gateway spends only its share. Two implementations, side by side in this
 * folder: {@link MemoryRateGate} (one replica) and {@link RedisRateGate} (every replica, through
 * Redis, with a memory gate as its fallback); {@link sharedRateGate} wires the second for IMM.
 */
export interface RateGate {
  /** @throws RateGateRefusedError when a gate with a bound on the wait would exceed it */
  acquire(project: string): Promise<void>;
}

/** Calls a project may start at once after a quiet spell, unless told: one second's worth. */
export function defaultBurst(ratePerSecond: number): number {
  return Math.max(1, ratePerSecond);
}

/** The wait for a slot would exceed the gate's bound: the caller should answer THROTTLED. */
export class RateGateRefusedError extends Error {
  override readonly name = 'RateGateRefusedError';
}
