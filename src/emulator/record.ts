import { performance } from 'node:perf_hooks';

/** How a call ended: `ok`, the IMM error code answered, or what the client saw instead. */
export type CallOutcome = 'ok' | 'hang' | 'malformed' | 'aborted' | (string & {});

/** One call as the emulator saw it. */
export interface CallRecord {
  /** `Action` of the call (`DetectImageScore`), or empty when it could not be read. */
  action: string;
  project?: string;
  uri?: string;
  accessKeyId?: string;
  outcome: CallOutcome;
  /** HTTP status sent; undefined for a hang. */
  status?: number;
  /** `performance.now()` when the request arrived and when it ended (answered or dropped). */
  startedAt: number;
  endedAt: number;
}

/** An open call: fill in what is learned, then `end` it once. */
export interface OpenCall {
  readonly record: Partial<CallRecord>;
  end(outcome: CallOutcome, status?: number): void;
}

/**
 * The emulator's call log, readable by tests: every call with its times and outcome, and the
 * most calls in flight at once (the gateway's in-flight bound is checked against it).
 */
export class CallRecorder {
  private readonly ended: CallRecord[] = [];
  private open = 0;
  private max = 0;

  /** Calls that ended, in the order they ended. */
  get calls(): readonly CallRecord[] {
    return this.ended;
  }

  /** Calls being served now. */
  get inFlight(): number {
    return this.open;
  }

  /** The most calls in flight at once since the last reset. */
  get maxInFlight(): number {
    return this.max;
  }

  /** Ended calls of one action (by default DetectImageScore). */
  callsOf(action = 'DetectImageScore'): CallRecord[] {
    return this.ended.filter((call) => call.action === action);
  }

  /** Forgets ended calls and the maximum; calls still open keep counting. */
  reset(): void {
    this.ended.length = 0;
    this.max = this.open;
  }

  /** Starts a call now. */
  start(): OpenCall {
    const startedAt = performance.now();
    this.open += 1;
    this.max = Math.max(this.max, this.open);
    let done = false;
    const record: Partial<CallRecord> = {};
    return {
      record,
      end: (outcome, status) => {
        if (done) return;
        done = true;
        this.open -= 1;
        this.ended.push({
          action: record.action ?? '',
          project: record.project,
          uri: record.uri,
          accessKeyId: record.accessKeyId,
          outcome,
          status,
          startedAt,
          endedAt: performance.now(),
        });
      },
    };
  }
}
