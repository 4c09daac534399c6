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
 * A domain failure of one score request. `message` is safe to show a client (it never holds a
 * credential or a filesystem path); the original error, if any, is kept in `cause` for logs.
 */
export class ScoreError extends Error {
  override readonly name = 'ScoreError';

  constructor(
    readonly code: ScoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Narrows an unknown thrown value to a ScoreError, wrapping anything else as INTERNAL. */
export function toScoreError(error: unknown): ScoreError {
  if (error instanceof ScoreError) return error;
  return new ScoreError(ScoreErrorCode.INTERNAL, 'Unexpected error while scoring the image.', {
    cause: error,
  });
}

/** For exhaustive switches: the compiler proves this is never reached. */
export class UnreachableCaseError extends Error {
  constructor(value: never) {
    super(`Unreachable case: ${String(value)}`);
  }
}
