import { ForbiddenReason, ScoreError, ScoreErrorCode } from '../../errors';
import { ImmBadResponseError } from './imm.client';
import type { ImmCallOutcome } from './imm.observer';

/** How the retry loop treats one failed attempt. */
export type FailureKind =
  /** `Throttling*`: IMM is up but we are too fast; retry after a pause, never trips the breaker. */
  | 'throttled'
  /** 5xx, timeout, network error, non-JSON body: IMM is unwell; retry and count for the breaker. */
  | 'unavailable'
  /** Any other 4xx: a verdict about this call; IMM bills it, so it is never repeated. */
  | 'final';

/** One failed attempt, classified, with what is safe to log (never a credential). */
export interface ClassifiedFailure {
  kind: FailureKind;
  /** The outcome label for metrics: `throttled`, `server_error`, `timeout`, `network`, ... */
  outcome: ImmCallOutcome;
  /** The error to surface when no retry is left. */
  error: ScoreError;
}

/** The safe facts of an IMM failure: kept as a ScoreError's `cause` instead of the raw error. */
export class ImmUpstreamError extends Error {
  override readonly name = 'ImmUpstreamError';

  constructor(
    readonly code: string,
    readonly statusCode: number | undefined,
    readonly requestId: string | undefined,
  ) {
    super(`IMM ${code}${statusCode ? ` (HTTP ${statusCode})` : ''}${requestId ? ` request ${requestId}` : ''}`);
  }
}

const FORBIDDEN_CODES = /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|Forbidden|NoPermission|InvalidSecurityToken|MissingAccessKeyId|InvalidCredentials)/;

/**
 * Maps whatever `callApi` threw to a contract code and a retry decision. The library throws a
 * ResponseError with `code`, `statusCode` and `data` (IMM's body) for a 4xx/5xx JSON answer, a
 * bare SyntaxError for a non-JSON body, and httpx/node errors for timeouts and sockets.
 */
export function classifyImmFailure(error: unknown): ClassifiedFailure {
  if (error instanceof ImmBadResponseError) {
    return unavailable('bad_response', 'IMM answered without a score.', safe('BadResponse'));
  }
  if (error instanceof SyntaxError) {
    // A proxy's HTML error page or a cut-off body: the library cannot parse it.
    return unavailable('bad_response', 'IMM answered with an unreadable body.', safe('MalformedBody'));
  }
  const facts = readFacts(error);
  if (facts.code === undefined || facts.statusCode === undefined) {
    const timeout = /timeout/i.test(`${facts.name ?? ''} ${facts.message ?? ''}`);
    const label = timeout ? 'timeout' : 'network';
    return unavailable(
      label,
      timeout ? 'IMM did not answer in time.' : 'IMM could not be reached.',
      safe(timeout ? 'Timeout' : facts.errno ?? 'NetworkError'),
    );
  }

  const cause = new ImmUpstreamError(facts.code, facts.statusCode, facts.requestId);
  const { code, statusCode } = facts;
  // IMM's documented rule: any Throttling* code is throttling, whatever the status.
  if (code.startsWith('Throttling')) {
    return { kind: 'throttled', outcome: 'throttled', error: scoreError(ScoreErrorCode.THROTTLED, 'IMM is throttling this project; try again later.', cause) };
  }
  if (statusCode >= 500) {
    return unavailable('server_error', 'IMM is unavailable.', cause);
  }
  // A nonce collision is random and the next attempt signs with a fresh one.
  if (code === 'SignatureNonceUsed') {
    return unavailable('nonce_used', 'IMM refused a reused request nonce.', cause);
  }
  return { kind: 'final', outcome: 'rejected', error: finalError(code, facts.message ?? '', cause) };
}

function finalError(code: string, message: string, cause: ImmUpstreamError): ScoreError {
  if (FORBIDDEN_CODES.test(code)) {
    return new ScoreError(ScoreErrorCode.FORBIDDEN, 'The gateway is not allowed to call IMM for this project.', {
      cause,
      reason: ForbiddenReason.UPSTREAM_DENIED,
    });
  }
  if (code === 'ResourceNotFound') {
    // IMM says "The specified resource project is not found." for a missing project.
    return /resource project\b/i.test(message)
      ? scoreError(ScoreErrorCode.PROJECT_NOT_FOUND, 'The project is not found.', cause)
      : scoreError(ScoreErrorCode.OBJECT_NOT_FOUND, 'The object is not found.', cause);
  }
  if (code === 'MissingProjectName' || code === 'InvalidProjectName') {
    return scoreError(ScoreErrorCode.PROJECT_NOT_FOUND, 'The project is not found.', cause);
  }
  if (code === 'LimitExceededError') {
    return scoreError(ScoreErrorCode.UNSUPPORTED_IMAGE, 'The image exceeds an IMM limit.', cause);
  }
  if (code.startsWith('InvalidArgument') && /unsupported|corrupt|format/i.test(message)) {
    return scoreError(ScoreErrorCode.UNSUPPORTED_IMAGE, 'The image is corrupt or of an unsupported format.', cause);
  }
  if (code.startsWith('InvalidArgument') || /SourceURI/.test(code)) {
    return scoreError(ScoreErrorCode.INVALID_SOURCE_URI, 'IMM refused the sourceUri.', cause);
  }
  if (code.startsWith('InvalidTimeStamp')) {
    // Our clock is off by more than IMM's 15-minute window: an operator problem.
    return scoreError(ScoreErrorCode.INTERNAL, 'The gateway clock is out of IMM\'s window.', cause);
  }
  return scoreError(ScoreErrorCode.INTERNAL, 'IMM refused the request.', cause);
}

function unavailable(outcome: ImmCallOutcome, message: string, cause: ImmUpstreamError): ClassifiedFailure {
  return { kind: 'unavailable', outcome, error: scoreError(ScoreErrorCode.UPSTREAM_UNAVAILABLE, message, cause) };
}

function scoreError(code: ScoreErrorCode, message: string, cause: ImmUpstreamError): ScoreError {
  return new ScoreError(code, message, { cause });
}

function safe(code: string): ImmUpstreamError {
  return new ImmUpstreamError(code, undefined, undefined);
}

interface ErrorFacts {
  name?: string;
  message?: string;
  code?: string;
  errno?: string;
  statusCode?: number;
  requestId?: string;
}

/** Reads the fields the library sets, and nothing else: its messages may hold a signed URL. */
function readFacts(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) return {};
  const e = error as Record<string, unknown>;
  const data = typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>) : {};
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const nodeCode = typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code) ? e.code : undefined;
  return {
    name: typeof e.name === 'string' ? e.name : undefined,
    message: typeof data.Message === 'string' ? data.Message : typeof e.message === 'string' ? e.message : undefined,
    // A node socket error (ECONNRESET) has a code but no status: it is a network failure.
    code: nodeCode === undefined && typeof e.code === 'string' ? e.code : undefined,
    errno: nodeCode,
    statusCode,
    requestId: typeof data.RequestId === 'string' ? data.RequestId : undefined,
  };
}
