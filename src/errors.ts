/**
 * The gateway's error vocabulary. Every failure that reaches a client carries one of these
 * codes, in `ImageScoreError.code` (batch) or `extensions.code` (single). The names are the
 * GraphQL contract: other tools match on them.
 */
export enum ScoreErrorCode {
  INVALID_SOURCE_URI = 'INVALID_SOURCE_URI',
  PROJECT_NOT_FOUND = 'PROJECT_NOT_FOUND',
  OBJECT_NOT_FOUND = 'OBJECT_NOT_FOUND',
  UNSUPPORTED_IMAGE = 'UNSUPPORTED_IMAGE',
  FORBIDDEN = 'FORBIDDEN',
  THROTTLED = 'THROTTLED',
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

/**
 * Codes of requests the gateway refuses at its edge (access and limits), before any resolver
 * runs. They appear as `extensions.code` of a GraphQL error, with the HTTP status in brackets.
 */
export enum GatewayErrorCode {
  /** Missing or unknown API key [401]. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** The key may not use a project the operation names [403]. */
  FORBIDDEN = 'FORBIDDEN',
  /** Too many requests for this key (or client IP) [429, Retry-After]. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** The operation costs more than MAX_QUERY_COMPLEXITY [400]. */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** An automatic persisted query registration longer than APQ_MAX_QUERY_BYTES [400]. */
  PERSISTED_QUERY_TOO_LARGE = 'PERSISTED_QUERY_TOO_LARGE',
  /** The request body is larger than HTTP_BODY_LIMIT_BYTES [413]. */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** The request body is of a type other than JSON (or text/plain, which CSRF prevention refuses) [415]. */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** The client sent its request too slowly: HTTP_HEADERS_TIMEOUT_MS or HTTP_REQUEST_TIMEOUT_MS [408]. */
  REQUEST_TIMEOUT = 'REQUEST_TIMEOUT',
  /** The request head is larger than Node's header limit [431]. */
  HEADERS_TOO_LARGE = 'HEADERS_TOO_LARGE',
}

/**
 * Why a `FORBIDDEN`, sent as its `extensions.reason`: the two refusals need different fixes (a
 * client asks for another key; an operator fixes the gateway's IMM credentials).
 */
export enum ForbiddenReason {
  /** This API key may not use the project: the gateway's own access rule. */
  API_KEY_PROJECT = 'API_KEY_PROJECT',
  /** IMM refused the gateway's credentials for the project or object. */
  UPSTREAM_DENIED = 'UPSTREAM_DENIED',
}

/**
 * A domain failure of one score request. `message` is safe to show a client (it never holds a
 * credential or a filesystem path); the original error, if any, is kept in `cause` for logs.
 */
export class ScoreError extends Error {
  override readonly name = 'ScoreError';
  /** Of a FORBIDDEN: who refused. @default ForbiddenReason.UPSTREAM_DENIED (the backend did) */
  readonly reason?: ForbiddenReason;

  constructor(
    readonly code: ScoreErrorCode,
    message: string,
    options?: { cause?: unknown; reason?: ForbiddenReason },
  ) {
    super(message, options);
    if (options?.reason) this.reason = options.reason;
  }
}

/** Narrows an unknown thrown value to a ScoreError, wrapping anything else as INTERNAL. */
export function toScoreError(error: unknown): ScoreError {
  if (error instanceof ScoreError) return error;
  return new ScoreError(ScoreErrorCode.INTERNAL, 'Unexpected error while scoring the image.', {
    cause: error,
  });
}

/** How one kind of error travels: its GraphQL code, its HTTP status and its metric label. */
export interface ErrorSpec {
  /** `extensions.code` of the GraphQL error. */
  readonly graphqlCode: string;
  /** `extensions.reason`, when one code covers failures that need different fixes. */
  readonly reason?: string;
  /**
   * The HTTP status when this error refuses a whole request: at the edge, for a gallery route,
   * or (with Apollo's `http` extension) for a GraphQL response.
   */
  readonly httpStatus: number;
  /** Its value of the `code` label of `gateway_graphql_errors_total`. */
  readonly metricLabel: string;
}

/** The kinds of error the table describes: every code, with FORBIDDEN split by its reason. */
export type ErrorKind =
  | Exclude<ScoreErrorCode | GatewayErrorCode, 'FORBIDDEN'>
  | 'FORBIDDEN'
  | 'FORBIDDEN_UPSTREAM'
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST';

function spec(graphqlCode: string, httpStatus: number, extra: Partial<ErrorSpec> = {}): ErrorSpec {
  return { graphqlCode, httpStatus, metricLabel: graphqlCode, ...extra };
}

/**
 * The gateway's one error table (as Mercurius's `lib/errors.js`): for each kind of error, what a
 * client reads (`extensions.code` and `reason`, the HTTP status) and what the error metric counts.
 * Score errors are one image's failure (a batch entry, or `extensions.code` of a single field);
 * the others refuse a whole request before any resolver runs.
 */
export const ERROR_TABLE: Readonly<Record<ErrorKind, ErrorSpec>> = {
  // A malformed URI is the caller's input: the field fails as BAD_USER_INPUT, with the reason.
  INVALID_SOURCE_URI: spec('BAD_USER_INPUT', 400, { reason: ScoreErrorCode.INVALID_SOURCE_URI }),
  PROJECT_NOT_FOUND: spec('PROJECT_NOT_FOUND', 404),
  OBJECT_NOT_FOUND: spec('OBJECT_NOT_FOUND', 404),
  UNSUPPORTED_IMAGE: spec('UNSUPPORTED_IMAGE', 422),
  // The two FORBIDDENs: one code in the contract, told apart by `reason` and in the metric.
  FORBIDDEN: spec('FORBIDDEN', 403, { reason: ForbiddenReason.API_KEY_PROJECT }),
  FORBIDDEN_UPSTREAM: spec('FORBIDDEN', 403, {
    reason: ForbiddenReason.UPSTREAM_DENIED,
    metricLabel: 'FORBIDDEN_UPSTREAM',
  }),
  THROTTLED: spec('THROTTLED', 429),
  UPSTREAM_UNAVAILABLE: spec('UPSTREAM_UNAVAILABLE', 503),
  INTERNAL: spec('INTERNAL', 500),
  UNAUTHENTICATED: spec('UNAUTHENTICATED', 401),
  RATE_LIMITED: spec('RATE_LIMITED', 429),
  QUERY_TOO_COMPLEX: spec('QUERY_TOO_COMPLEX', 400),
  PERSISTED_QUERY_TOO_LARGE: spec('PERSISTED_QUERY_TOO_LARGE', 400),
  PAYLOAD_TOO_LARGE: spec('PAYLOAD_TOO_LARGE', 413),
  UNSUPPORTED_MEDIA_TYPE: spec('UNSUPPORTED_MEDIA_TYPE', 415),
  REQUEST_TIMEOUT: spec('REQUEST_TIMEOUT', 408),
  HEADERS_TOO_LARGE: spec('HEADERS_TOO_LARGE', 431),
  // Apollo's own codes, as the gateway sends them itself.
  BAD_USER_INPUT: spec('BAD_USER_INPUT', 400),
  BAD_REQUEST: spec('BAD_REQUEST', 400),
};

/** The table's row for a score error (a FORBIDDEN by its reason). */
export function scoreErrorSpec(error: ScoreError): ErrorSpec {
  if (error.code !== ScoreErrorCode.FORBIDDEN) return ERROR_TABLE[error.code];
  return error.reason === ForbiddenReason.API_KEY_PROJECT ? ERROR_TABLE.FORBIDDEN : ERROR_TABLE.FORBIDDEN_UPSTREAM;
}

const METRIC_LABELS = new Map(
  Object.values(ERROR_TABLE)
    .filter((row) => row.metricLabel !== row.graphqlCode)
    .map((row) => [`${row.graphqlCode} ${row.reason ?? ''}`, row.metricLabel]),
);

/**
 * The metric label of a GraphQL error with this `extensions.code` and `reason`: the code, except
 * where the table counts a reason apart (a FORBIDDEN from upstream). Codes outside the table
 * (Apollo's validation and parse failures) are counted as themselves.
 */
export function metricLabelOf(code: string, reason?: unknown): string {
  return METRIC_LABELS.get(`${code} ${typeof reason === 'string' ? reason : ''}`) ?? code;
}
