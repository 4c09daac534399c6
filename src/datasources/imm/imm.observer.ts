import type { CircuitState } from './circuit-breaker';

/** How one attempt ended; `circuit_open` is a call refused without reaching IMM. */
export type ImmCallOutcome =
  | 'ok'
  | 'throttled'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'bad_response'
  | 'nonce_used'
  | 'rejected'
  | 'circuit_open';

/** One attempt that reached the wire. */
export interface ImmCallEvent {
  project: string;
  /** 1 for the first attempt of a score. */
  attempt: number;
  outcome: ImmCallOutcome;
  durationMs: number;
}

/** A retry about to wait. */
export interface ImmRetryEvent {
  project: string;
  /** The attempt that failed. */
  attempt: number;
  outcome: ImmCallOutcome;
  delayMs: number;
}

/**
 * Hooks for metrics (calls by outcome, calls in flight, circuit state); every one is optional
 * and must not throw. The gauges are fed by these hooks alone (`gateway_imm_attempts_in_flight`
 * by `onCallStart` and `onCallEnd`, the circuit state by `onCircuitStateChange`).
 */
export interface ImmObserver {
  /** An attempt starts on the wire (it holds an in-flight slot). */
  onCallStart?(project: string): void;
  /** An attempt ended, or was refused by the open circuit (`circuit_open`, duration 0). */
  onCallEnd?(event: ImmCallEvent): void;
  onRetry?(event: ImmRetryEvent): void;
  onCircuitStateChange?(state: CircuitState): void;
}
