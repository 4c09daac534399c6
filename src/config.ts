import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ScoreBackendName } from './datasources/create-source';
import { IMM_DEFAULTS } from './datasources/imm/imm.options';
import { DEFAULT_MAX_OBJECT_BYTES, DEFAULT_READ_TIMEOUT_MS } from './datasources/local/object-store';
import { DEFAULT_SCORE_TTL_SECONDS } from './datasources/score-cache';
import { DEFAULT_MAX_BATCH_SIZE } from './datasources/score-loader';
import { DEFAULT_REDIS_COMMAND_TIMEOUT_MS, DEFAULT_REDIS_CONNECT_TIMEOUT_MS } from './redis/redis-connection';
import { DEFAULT_MAX_DECODE_BYTES, DEFAULT_MAX_METADATA_BYTES } from './scoring/options';
import { defaultScorerThreads } from './scoring/pool/threads';
import { parseTrustProxy, type TrustProxy } from './util/trust-proxy';
import { isJsonObject } from './util/json';

/** The repo root: the nearest folder above this file with a package.json (src/ or dist/src/). */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}

/** The repo root, whether this runs from src/ (tests) or dist/src/. */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

/** The repo's own sample bucket folder: a fresh clone serves `oss://samples/...` from here. */
export const DEFAULT_LOCAL_OSS_ROOT = path.join(PACKAGE_ROOT, 'data', 'oss');

/** How clients prove who they are. */
export type AuthMode = 'none' | 'api-key';

/**
 * The gateway's whole configuration, parsed once at start (see {@link loadConfig}) and passed
 * down; nothing below `main.ts` reads `process.env`.
 */
export interface GatewayConfig {
  /** @default 4000 */
  port: number;
  /**
   * When set, `/metrics` is served on this port instead of the public one, so the scraper can
   * reach it while the load balancer routes only `port`. @default undefined (the public port)
   */
  metricsPort?: number;
  /** `production` masks unexpected errors and turns introspection off. @default 'development' */
  nodeEnv: string;
  /** @default 'local' */
  scoreBackend: ScoreBackendName;
  local: {
    /** Folder whose subfolders are buckets. @default the repo's data/oss */
    ossRoot: string;
    /** Project names the local backend accepts. @default ['demo'] */
    projects: string[];
    /** Objects larger than this are UNSUPPORTED_IMAGE without being read. @default 50 MiB */
    maxObjectBytes: number;
    /**
     * Longest one object read may take, from the path lookup to the last byte; past it the
     * image is UPSTREAM_UNAVAILABLE and holds nothing (`LOCAL_READ_TIMEOUT_MS`). The clock
     * includes the wait for a libuv thread, which sharp's decodes share, so it must leave room
     * for a CPU-starved process. @default 15000
     */
    readTimeoutMs: number;
    /**
     * Most memory one decode may need, estimated per format from the header before any pixel
     * is decoded; more is UNSUPPORTED_IMAGE (`LOCAL_MAX_DECODE_BYTES`). @default 256 MiB
     */
    maxDecodeBytes: number;
    /**
     * Most metadata (text, EXIF, XMP, ICC), inflated, one image may carry; more is
     * UNSUPPORTED_IMAGE (`LOCAL_MAX_METADATA_BYTES`). @default 4 MiB
     */
    maxMetadataBytes: number;
    /** Worker threads of the local scorer (`SCORER_THREADS`). @default defaultScorerThreads() */
    scorerThreads: number;
  };
  imm: {
    /** @default 'cn-hangzhou' */
    region: string;
    /** host[:port]. @default `imm.<region>.aliyuncs.com` */
    endpoint: string;
    /** @default 'https' */
    protocol: 'https' | 'http';
    /** JSON CredentialConfig sent with every call; server-side only. */
    credentialConfig?: string;
    /** Read and connect timeout of one IMM attempt, ms (`IMM_TIMEOUT_MS`). @default 5000 */
    timeoutMs: number;
    /** Attempts per image, the first included (`IMM_MAX_ATTEMPTS`). @default 3 */
    maxAttempts: number;
    /** No attempt runs later than this after an image's first one (`IMM_DEADLINE_MS`). @default 10000 */
    deadlineMs: number;
    /** Cap of the first retry's jittered delay, ms (`IMM_RETRY_BASE_MS`). @default 100 */
    retryBaseDelayMs: number;
    /** Largest retry delay, ms (`IMM_RETRY_MAX_MS`). @default 2000 */
    retryMaxDelayMs: number;
    /** Calls per second per project; IMM's quota is per project (`IMM_QPS`). @default 50 */
    qps: number;
    /**
     * Calls a project may start at once after a quiet spell (`IMM_BURST`); shared by replicas
     * with `REDIS_URL`. @default qps (one second's worth)
     */
    burst?: number;
    /** IMM calls in flight at once (`IMM_MAX_IN_FLIGHT`). @default 16 */
    maxInFlight: number;
    /** Consecutive IMM failures that open the circuit (`IMM_BREAKER_THRESHOLD`). @default 5 */
    breakerFailureThreshold: number;
    /** How long the circuit stays open before a probe, ms (`IMM_BREAKER_COOLDOWN_MS`). @default 10000 */
    breakerCooldownMs: number;
  };
  /** Largest `sourceUris` list of one `imageScores` query. @default 100 */
  maxBatchSize: number;
  cache: {
    /** How long a score is reused across requests. @default 86400 */
    ttlSeconds: number;
    /** Upper bound of the in-memory score cache, in entries. @default 100000 */
    maxEntries: number;
    /** When set, the cross-request cache lives in Redis. */
    redisUrl?: string;
  };
  redis: {
    /** A Redis command slower than this counts as failed: the cache reads a miss. @default 150 */
    commandTimeoutMs: number;
    /** @default 1000 */
    connectTimeoutMs: number;
    /**
     * When true, `/readyz` fails while Redis is unreachable. Off by default: every replica shares
     * one Redis, so tying readiness to it would turn a cache outage into a full outage.
     * @default false
     */
    requiredForReadiness: boolean;
  };
  limits: {
    /** Deepest selection set accepted. @default 8 */
    maxQueryDepth: number;
    /** Largest operation cost; each list item counts (`sourceUris` length multiplies). @default 5000 */
    maxQueryComplexity: number;
    /** Requests per minute per API key (per client IP when auth is off); 0 turns it off. @default 600 */
    rateLimitPerMinute: number;
    /**
     * Images one operation may ask for, all `imageScore`, `imageScores` and `_entities` fields
     * together (aliases and fragments included). @default maxBatchSize
     */
    maxImagesPerOperation: number;
    /**
     * Requests with a missing or wrong API key per minute per client IP; past it the IP gets 429
     * without its key being checked, so keys cannot be guessed at request speed. 0 turns it off.
     * Counted per replica. @default 30
     */
    authFailuresPerMinute: number;
  };
  /** Automatic persisted queries: their own store, apart from the score cache. */
  apq: {
    /** Largest query that may be registered, in UTF-8 bytes (`APQ_MAX_QUERY_BYTES`). @default 16384 */
    maxQueryBytes: number;
    /** Bound of the in-memory persisted-query store, in bytes (`APQ_CACHE_MAX_BYTES`). @default 8 MiB */
    maxCacheBytes: number;
    /** How long a registered query is kept (in memory and in Redis) (`APQ_TTL_SECONDS`). @default 3600 */
    ttlSeconds: number;
  };
  /**
   * Whether `{ _service { sdl } }` answers: a Federation router composing the supergraph needs
   * it; anyone else learns the whole schema from it. @default the value of `introspection`
   */
  federationSdl: boolean;
  /** Whether the schema can be introspected. @default false when NODE_ENV=production, else true */
  introspection: boolean;
  /** Whether `GET /gallery` serves the gallery page (`GALLERY`). @default false when NODE_ENV=production, else true */
  gallery: boolean;
  /**
   * Whether `GET /graphql` from a browser serves the offline GraphQL IDE (`EXPLORER`); its docs
   * and completion need `introspection` too. @default false when NODE_ENV=production, else true
   */
  explorer: boolean;
  /**
   * Which proxies in front may name the client in X-Forwarded-For (Fastify's `trustProxy`, read
   * by proxy-addr): false trusts none, a number the last that many hops, a list those addresses,
   * ranges and the names loopback, linklocal, uniquelocal. Decides the IP of per-IP rate limits.
   * @default false
   */
  trustProxy: TrustProxy;
  http: {
    /**
     * Origins a browser page may call the API from (`CORS_ORIGINS`); empty means same origin
     * only. `['*']` is any origin, refused at start when auth is on. @default []
     */
    corsOrigins: string[];
    /**
     * Largest `max-age` of a response holding only scores (`HTTP_CACHE_MAX_AGE_SECONDS`); it is
     * also bounded by the scores' remaining cache TTL. 0 makes every response `no-store`.
     * @default 3600
     */
    cacheMaxAgeSeconds: number;
    /**
     * Bound of the full-response cache, in bytes of stored JSON (`RESPONSE_CACHE_MAX_BYTES`): a
     * query whose whole answer may be cached (only scores, no error) is answered from it until
     * its max-age runs out, per caller's project scope. 0 turns it off. @default 16 MiB
     */
    responseCacheMaxBytes: number;
    /** Largest request body in bytes (`HTTP_BODY_LIMIT_BYTES`); more is 413. @default 1048576 */
    bodyLimitBytes: number;
    /**
     * Time a client has to send the request head (`HTTP_HEADERS_TIMEOUT_MS`): a socket that
     * trickles its headers (slowloris) is closed after it. @default 10000
     */
    headersTimeoutMs: number;
    /**
     * Time a client has to send the whole request, head and body (`HTTP_REQUEST_TIMEOUT_MS`).
     * @default 30000
     */
    requestTimeoutMs: number;
    /**
     * A socket with no traffic either way for this long during a request is closed
     * (`HTTP_IDLE_TIMEOUT_MS`, Fastify's `connectionTimeout`): it ends a client that stops
     * reading its response. It must outlast the slowest legitimate answer. @default 60000
     */
    idleTimeoutMs: number;
    /** How long an idle keep-alive connection is kept (`HTTP_KEEP_ALIVE_TIMEOUT_MS`). @default 72000 */
    keepAliveTimeoutMs: number;
  };
  auth: {
    /** @default 'none' with the local backend, 'api-key' with imm */
    mode: AuthMode;
    /** `;`-separated `<sha256 hex>=<project>,<project>` entries. */
    apiKeys?: string;
    /** Path of a JSON file: `[{"sha256": "...", "projects": ["..."]}]`. */
    apiKeysFile?: string;
  };
}

/** Thrown at start when the environment holds a bad value; the message names each one. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const emptyToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalString = z.preprocess(emptyToUndefined, z.string().optional());

const positiveInt = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(fallback));

const nonNegativeInt = (fallback: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).default(fallback));

const flag = z.preprocess(
  (value) => (typeof value === 'string' ? emptyToUndefined(value.trim().toLowerCase()) : value),
  z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
);

const csv = (fallback: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default(fallback)
      .transform((value) =>
        value
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string()).min(1, 'must name at least one project')),
  );

const trustProxy = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .default('false')
    .transform((text, ctx): TrustProxy => {
      const parsed = parseTrustProxy(text);
      if ('value' in parsed) return parsed.value;
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }),
);

/** One browser origin, `scheme://host[:port]` as a browser sends it in `Origin`, or `*`. */
function originProblem(origin: string): string | undefined {
  if (origin === '*') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return `${JSON.stringify(origin)} is not an origin such as https://app.example.com`;
  }
  if (!['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin) {
    return `${JSON.stringify(origin)} is not an origin: scheme://host[:port] in lower case, without a path or a trailing slash`;
  }
  return undefined;
}

const corsOrigins = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .default('')
    .transform((text, ctx) => {
      const origins = text
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean);
      for (const origin of origins) {
        const problem = originProblem(origin);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
      if (origins.includes('*') && origins.length > 1) {
        ctx.addIssue({ code: 'custom', message: '`*` already allows every origin: give it alone' });
      }
      return origins;
    }),
);

const envSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(4000)),
  METRICS_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  NODE_ENV: z.preprocess(emptyToUndefined, z.string().default('development')),
  SCORE_BACKEND: z.preprocess(emptyToUndefined, z.enum(['local', 'imm']).default('local')),
  LOCAL_OSS_ROOT: optionalString,
  LOCAL_PROJECTS: csv('demo'),
  LOCAL_MAX_OBJECT_BYTES: positiveInt(DEFAULT_MAX_OBJECT_BYTES),
  LOCAL_READ_TIMEOUT_MS: positiveInt(DEFAULT_READ_TIMEOUT_MS),
  LOCAL_MAX_DECODE_BYTES: positiveInt(DEFAULT_MAX_DECODE_BYTES),
  LOCAL_MAX_METADATA_BYTES: positiveInt(DEFAULT_MAX_METADATA_BYTES),
  SCORER_THREADS: positiveInt(defaultScorerThreads()),
  IMM_REGION: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[a-z0-9-]+$/, 'must be a region id such as cn-hangzhou')
      .default(IMM_DEFAULTS.region),
  ),
  IMM_ENDPOINT: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be host[:port], without a scheme or path')
      .optional(),
  ),
  IMM_PROTOCOL: z.preprocess(
    (value) => (typeof value === 'string' ? emptyToUndefined(value.toLowerCase()) : value),
    z.enum(['https', 'http']).default(IMM_DEFAULTS.protocol),
  ),
  IMM_CREDENTIAL_CONFIG: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine(isJsonObject, 'must be a JSON object (IMM CredentialConfig)')
      .optional(),
  ),
  IMM_TIMEOUT_MS: positiveInt(IMM_DEFAULTS.timeoutMs),
  IMM_MAX_ATTEMPTS: positiveInt(IMM_DEFAULTS.maxAttempts),
  IMM_DEADLINE_MS: positiveInt(IMM_DEFAULTS.deadlineMs),
  IMM_RETRY_BASE_MS: nonNegativeInt(IMM_DEFAULTS.retryBaseDelayMs),
  IMM_RETRY_MAX_MS: nonNegativeInt(IMM_DEFAULTS.retryMaxDelayMs),
  IMM_QPS: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(IMM_DEFAULTS.qps)),
  IMM_BURST: z.preprocess(emptyToUndefined, z.coerce.number().min(1).optional()),
  IMM_MAX_IN_FLIGHT: positiveInt(IMM_DEFAULTS.maxInFlight),
  IMM_BREAKER_THRESHOLD: positiveInt(IMM_DEFAULTS.breakerFailureThreshold),
  IMM_BREAKER_COOLDOWN_MS: nonNegativeInt(IMM_DEFAULTS.breakerCooldownMs),
  MAX_BATCH_SIZE: positiveInt(DEFAULT_MAX_BATCH_SIZE),
  SCORE_CACHE_TTL_SECONDS: positiveInt(DEFAULT_SCORE_TTL_SECONDS),
  SCORE_CACHE_MAX_ENTRIES: positiveInt(100_000),
  REDIS_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
  ),
  AUTH_MODE: z.preprocess(emptyToUndefined, z.enum(['none', 'api-key']).optional()),
  API_KEYS: optionalString,
  API_KEYS_FILE: optionalString,
  REDIS_COMMAND_TIMEOUT_MS: positiveInt(DEFAULT_REDIS_COMMAND_TIMEOUT_MS),
  REDIS_CONNECT_TIMEOUT_MS: positiveInt(DEFAULT_REDIS_CONNECT_TIMEOUT_MS),
  REDIS_REQUIRED: flag,
  MAX_QUERY_DEPTH: positiveInt(8),
  MAX_QUERY_COMPLEXITY: positiveInt(5000),
  RATE_LIMIT_PER_MINUTE: nonNegativeInt(600),
  MAX_IMAGES_PER_OPERATION: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
  AUTH_FAILURES_PER_MINUTE: nonNegativeInt(30),
  APQ_MAX_QUERY_BYTES: positiveInt(16384),
  APQ_CACHE_MAX_BYTES: positiveInt(8 * 1024 * 1024),
  APQ_TTL_SECONDS: positiveInt(3600),
  INTROSPECTION: flag,
  FEDERATION_SDL: flag,
  EXPLORER: flag,
  GALLERY: flag,
  TRUST_PROXY: trustProxy,
  CORS_ORIGINS: corsOrigins,
  HTTP_CACHE_MAX_AGE_SECONDS: nonNegativeInt(3600),
  RESPONSE_CACHE_MAX_BYTES: nonNegativeInt(16 * 1024 * 1024),
  HTTP_BODY_LIMIT_BYTES: positiveInt(1024 * 1024),
  HTTP_HEADERS_TIMEOUT_MS: positiveInt(10_000),
  HTTP_REQUEST_TIMEOUT_MS: positiveInt(30_000),
  HTTP_IDLE_TIMEOUT_MS: positiveInt(60_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positiveInt(72_000),
})
  .refine((e) => e.METRICS_PORT === undefined || e.METRICS_PORT === 0 || e.METRICS_PORT !== e.PORT, {
    path: ['METRICS_PORT'],
    message: 'must differ from PORT: the metrics listener is a second server',
  })
  // Node refuses a head deadline past the whole request's.
  .refine((e) => e.HTTP_HEADERS_TIMEOUT_MS <= e.HTTP_REQUEST_TIMEOUT_MS, {
    path: ['HTTP_HEADERS_TIMEOUT_MS'],
    message: 'must not exceed HTTP_REQUEST_TIMEOUT_MS: the head is part of the request',
  })
  .refine((e) => !e.CORS_ORIGINS.includes('*') || authMode(e) === 'none', {
    path: ['CORS_ORIGINS'],
    message: '`*` is refused with AUTH_MODE=api-key: list the origins of the pages that hold keys',
  });

/** AUTH_MODE as given, else its default for the backend. */
function authMode(e: { AUTH_MODE?: AuthMode; SCORE_BACKEND: ScoreBackendName }): AuthMode {
  return e.AUTH_MODE ?? (e.SCORE_BACKEND === 'imm' ? 'api-key' : 'none');
}

/** Variables whose values are secrets: a bad value is named but never echoed. */
const SECRET_VARIABLES = new Set(['IMM_CREDENTIAL_CONFIG', 'API_KEYS', 'REDIS_URL']);

/**
 * Parses and validates the environment. Fails fast with a {@link ConfigError} that names every
 * bad variable and its value, e.g. `MAX_BATCH_SIZE must be a positive integer: "0"`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const shown = SECRET_VARIABLES.has(name) ? '(value hidden)' : JSON.stringify(env[name]);
      return `${name}: ${issue.message}: ${shown}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const introspection = e.INTROSPECTION ?? e.NODE_ENV !== 'production';
  return {
    port: e.PORT,
    metricsPort: e.METRICS_PORT,
    nodeEnv: e.NODE_ENV,
    scoreBackend: e.SCORE_BACKEND,
    local: {
      ossRoot: path.resolve(e.LOCAL_OSS_ROOT ?? DEFAULT_LOCAL_OSS_ROOT),
      projects: e.LOCAL_PROJECTS,
      maxObjectBytes: e.LOCAL_MAX_OBJECT_BYTES,
      readTimeoutMs: e.LOCAL_READ_TIMEOUT_MS,
      maxDecodeBytes: e.LOCAL_MAX_DECODE_BYTES,
      maxMetadataBytes: e.LOCAL_MAX_METADATA_BYTES,
      scorerThreads: e.SCORER_THREADS,
    },
    imm: {
      region: e.IMM_REGION,
      endpoint: e.IMM_ENDPOINT ?? `imm.${e.IMM_REGION}.aliyuncs.com`,
      protocol: e.IMM_PROTOCOL,
      credentialConfig: e.IMM_CREDENTIAL_CONFIG,
      timeoutMs: e.IMM_TIMEOUT_MS,
      maxAttempts: e.IMM_MAX_ATTEMPTS,
      deadlineMs: e.IMM_DEADLINE_MS,
      retryBaseDelayMs: e.IMM_RETRY_BASE_MS,
      retryMaxDelayMs: e.IMM_RETRY_MAX_MS,
      qps: e.IMM_QPS,
      burst: e.IMM_BURST,
      maxInFlight: e.IMM_MAX_IN_FLIGHT,
      breakerFailureThreshold: e.IMM_BREAKER_THRESHOLD,
      breakerCooldownMs: e.IMM_BREAKER_COOLDOWN_MS,
    },
    maxBatchSize: e.MAX_BATCH_SIZE,
    cache: {
      ttlSeconds: e.SCORE_CACHE_TTL_SECONDS,
      maxEntries: e.SCORE_CACHE_MAX_ENTRIES,
      redisUrl: e.REDIS_URL,
    },
    redis: {
      commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
      connectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS,
      requiredForReadiness: e.REDIS_REQUIRED ?? false,
    },
    limits: {
      maxQueryDepth: e.MAX_QUERY_DEPTH,
      maxQueryComplexity: e.MAX_QUERY_COMPLEXITY,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      maxImagesPerOperation: e.MAX_IMAGES_PER_OPERATION ?? e.MAX_BATCH_SIZE,
      authFailuresPerMinute: e.AUTH_FAILURES_PER_MINUTE,
    },
    apq: {
      maxQueryBytes: e.APQ_MAX_QUERY_BYTES,
      maxCacheBytes: e.APQ_CACHE_MAX_BYTES,
      ttlSeconds: e.APQ_TTL_SECONDS,
    },
    introspection,
    federationSdl: e.FEDERATION_SDL ?? introspection,
    explorer: e.EXPLORER ?? e.NODE_ENV !== 'production',
    gallery: e.GALLERY ?? e.NODE_ENV !== 'production',
    trustProxy: e.TRUST_PROXY,
    http: {
      corsOrigins: e.CORS_ORIGINS,
      cacheMaxAgeSeconds: e.HTTP_CACHE_MAX_AGE_SECONDS,
      responseCacheMaxBytes: e.RESPONSE_CACHE_MAX_BYTES,
      bodyLimitBytes: e.HTTP_BODY_LIMIT_BYTES,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      idleTimeoutMs: e.HTTP_IDLE_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    auth: {
      mode: authMode(e),
      apiKeys: e.API_KEYS,
      apiKeysFile: e.API_KEYS_FILE,
    },
  };
}
