import type Credential from '@alicloud/credentials';
import type { Logger } from 'pino';
import type { ImmObserver } from './imm.observer';
import type { RateGate } from './rate-gate/rate-gate';

/**
 * The imm backend's defaults, declared once: {@link resolveImmOptions} applies them, and the
 * configuration schema (`src/config.ts`) gives them to the `IMM_*` variables.
 */
export const IMM_DEFAULTS = {
  protocol: 'https',
  region: 'cn-hangzhou',
  signatureAlgorithm: 'ACS3-HMAC-SHA256',
  timeoutMs: 5000,
  maxAttempts: 3,
  deadlineMs: 10_000,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 2000,
  qps: 50,
  maxInFlight: 16,
  breakerFailureThreshold: 5,
  breakerCooldownMs: 10_000,
} as const;

/** Options of `ImmScoreSource`. Defaults ({@link IMM_DEFAULTS}) are applied in one place: {@link resolveImmOptions}. */
export interface ImmScoreSourceOptions {
  /** host[:port] of IMM (or the emulator). */
  endpoint: string;
  /** @default 'https' */
  protocol?: 'https' | 'http';
  /** @default 'cn-hangzhou' */
  region?: string;
  /** JSON CredentialConfig sent with every call; server-side only. */
  credentialConfig?: string;
  /** @default `new Credential()`: `@alicloud/credentials`' default chain (env, OIDC, profile, ECS role...) */
  credential?: Credential;
  /** @default 'ACS3-HMAC-SHA256' */
  signatureAlgorithm?: 'ACS3-HMAC-SHA256' | 'v2';
  /** Read and connect timeout of one attempt, in ms. @default 5000 */
  timeoutMs?: number;
  /** Attempts per image, the first included. @default 3 */
  maxAttempts?: number;
  /** Time from an image's first attempt after which no attempt runs. @default 10000 */
  deadlineMs?: number;
  /** Cap of the first retry's jittered delay. @default 100 */
  retryBaseDelayMs?: number;
  /** Largest retry delay. @default 2000 */
  retryMaxDelayMs?: number;
  /** Calls per second per project (IMM's quota is per project, shared by all operations). @default 50 */
  qps?: number;
  /** Calls a project may start at once after a quiet spell. @default qps */
  burst?: number;
  /** IMM calls in flight at once, all projects together. @default 16 */
  maxInFlight?: number;
  /** Consecutive IMM failures that open the circuit. @default 5 */
  breakerFailureThreshold?: number;
  /** How long the circuit stays open before a probe. @default 10000 */
  breakerCooldownMs?: number;
  /** Replaces the in-memory per-project pace (e.g. a Redis one shared by replicas). */
  rateGate?: RateGate;
  observer?: ImmObserver;
  /** Failures and retries are logged here, without credentials. @default silent */
  logger?: Logger;
  /** For jitter. @default Math.random */
  random?: () => number;
}

/** The options with every default applied. */
export type ResolvedImmOptions = Required<
  Omit<ImmScoreSourceOptions, 'credentialConfig' | 'credential' | 'rateGate' | 'observer' | 'logger' | 'burst'>
> &
  Pick<ImmScoreSourceOptions, 'credentialConfig' | 'credential' | 'rateGate' | 'observer' | 'logger' | 'burst'>;

/**
 * Applies the defaults and fails fast on a bad value, naming it
 * (`maxInFlight must be a positive integer: 0`).
 */
export function resolveImmOptions(options: ImmScoreSourceOptions): ResolvedImmOptions {
  const resolved: ResolvedImmOptions = {
    ...options,
    protocol: options.protocol ?? IMM_DEFAULTS.protocol,
    region: options.region ?? IMM_DEFAULTS.region,
    signatureAlgorithm: options.signatureAlgorithm ?? IMM_DEFAULTS.signatureAlgorithm,
    timeoutMs: options.timeoutMs ?? IMM_DEFAULTS.timeoutMs,
    maxAttempts: options.maxAttempts ?? IMM_DEFAULTS.maxAttempts,
    deadlineMs: options.deadlineMs ?? IMM_DEFAULTS.deadlineMs,
    retryBaseDelayMs: options.retryBaseDelayMs ?? IMM_DEFAULTS.retryBaseDelayMs,
    retryMaxDelayMs: options.retryMaxDelayMs ?? IMM_DEFAULTS.retryMaxDelayMs,
    qps: options.qps ?? IMM_DEFAULTS.qps,
    maxInFlight: options.maxInFlight ?? IMM_DEFAULTS.maxInFlight,
    breakerFailureThreshold: options.breakerFailureThreshold ?? IMM_DEFAULTS.breakerFailureThreshold,
    breakerCooldownMs: options.breakerCooldownMs ?? IMM_DEFAULTS.breakerCooldownMs,
    random: options.random ?? Math.random,
  };
  for (const name of ['timeoutMs', 'maxAttempts', 'deadlineMs', 'maxInFlight', 'breakerFailureThreshold'] as const) {
    if (!(Number.isInteger(resolved[name]) && resolved[name] > 0)) {
      throw new TypeError(`${name} must be a positive integer: ${resolved[name]}`);
    }
  }
  for (const name of ['retryBaseDelayMs', 'retryMaxDelayMs', 'breakerCooldownMs'] as const) {
    if (!(Number.isFinite(resolved[name]) && resolved[name] >= 0)) {
      throw new TypeError(`${name} must be a non-negative number: ${resolved[name]}`);
    }
  }
  if (!(resolved.qps > 0)) throw new TypeError(`qps must be a positive number: ${resolved.qps}`);
  if (resolved.endpoint === '') throw new TypeError('endpoint must be host[:port]: ""');
  return resolved;
}
