import type { ImmError } from './imm-error';
import { immErrors } from './imm-error';

/** IMM refuses requests whose date is off by more than 15 minutes. */
export const DEFAULT_SKEW_MS = 15 * 60 * 1000;

// `x-acs-date` and v2 `Timestamp` are both ISO 8601 in UTC to the second.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

/**
 * Checks a request date against `now`: undefined when it is well formed and within `skewMs`,
 * else the IMM error (`InvalidTimeStamp.Format` / `.Expired`).
 */
export function checkTimestamp(
  value: string | undefined,
  now: number,
  skewMs = DEFAULT_SKEW_MS,
): ImmError | undefined {
  if (value === undefined) return immErrors.missingParameter('Timestamp');
  const match = TIMESTAMP.exec(value);
  if (!match) return immErrors.timestampFormat();
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const at = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 0, h ?? 0, mi ?? 0, s ?? 0);
  if (Number.isNaN(at)) return immErrors.timestampFormat();
  return Math.abs(now - at) > skewMs ? immErrors.timestampExpired() : undefined;
}

/**
 * Remembers nonces per AccessKey for as long as their request could still pass the date check,
 * so each is accepted once. Older entries are dropped: a replay of them fails the date check.
 */
export class NonceStore {
  private readonly seen = new Map<string, number>();

  /** @param ttlMs how long a nonce is remembered. @default twice the 15-minute skew window */
  constructor(private readonly ttlMs = 2 * DEFAULT_SKEW_MS) {}

  /** Records the nonce; undefined the first time, `SignatureNonceUsed` after that. */
  use(accessKeyId: string, nonce: string | undefined, now: number): ImmError | undefined {
    if (nonce === undefined || nonce === '') return immErrors.missingParameter('SignatureNonce');
    this.prune(now);
    const key = `${accessKeyId}\n${nonce}`;
    if (this.seen.has(key)) return immErrors.nonceUsed();
    this.seen.set(key, now + this.ttlMs);
    return undefined;
  }

  private prune(now: number): void {
    // Entries are in insertion order, so expiry times only grow: stop at the first live one.
    for (const [key, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(key);
    }
  }
}
