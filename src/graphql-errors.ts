import { HeaderMap } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { ErrorKind, ErrorSpec } from './errors';
import { ERROR_TABLE, ScoreErrorCode, scoreErrorSpec, toScoreError } from './errors';

/**
 * The one place an error becomes a GraphQL error, each code, reason and status read from
 * {@link ERROR_TABLE}: refusals of a whole request ({@link edgeError}), failures of one field
 * ({@link toGraphQLError}, {@link badUserInput}), and what a client may see of them ({@link formatError}).
 */
function graphQLError(row: ErrorSpec, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: row.graphqlCode, ...(row.reason && { reason: row.reason }), ...extensions },
  });
}

/** A GraphQL error for a request refused at the edge, with its HTTP status (and headers). */
export function edgeError(kind: ErrorKind, message: string, headers: Record<string, string> = {}): GraphQLError {
  const row = ERROR_TABLE[kind];
  return graphQLError(row, message, { http: { status: row.httpStatus, headers: new HeaderMap(Object.entries(headers)) } });
}

/** A client mistake in the arguments: the whole field fails with `BAD_USER_INPUT`. */
export function badUserInput(message: string, reason?: ScoreErrorCode): GraphQLError {
  return graphQLError(ERROR_TABLE.BAD_USER_INPUT, message, reason ? { reason } : {});
}

/**
 * A domain failure of one field as a GraphQL error: `extensions.code` is the contract's
 * ScoreErrorCode, except an invalid URI, which is the caller's input and so `BAD_USER_INPUT`.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  const scoreError = toScoreError(error);
  return graphQLError(scoreErrorSpec(scoreError), scoreError.message);
}

/** Codes whose messages are written for clients; anything else is masked. */
const CLIENT_SAFE_CODES = new Set<string>([
  ...Object.values(ScoreErrorCode),
  ...Object.values(ERROR_TABLE).map((row) => row.graphqlCode),
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
]);

/**
 * Client mistakes Apollo refuses with a fixed message and no code (its own 400s), with the code
 * they get here; without one they would be masked as INTERNAL_SERVER_ERROR.
 */
const APOLLO_UNCODED_CLIENT_ERRORS: ReadonlyMap<string, string> = new Map([
  // A persisted-query registration whose sha256Hash is not the query's.
  ['provided sha does not match query', ApolloServerErrorCode.BAD_REQUEST],
]);

/** An error's `extensions.code`, or the code of Apollo's uncoded client errors; undefined when it has none. */
export function errorCodeOf(message: string, code: unknown): string | undefined {
  const known = APOLLO_UNCODED_CLIENT_ERRORS.get(message);
  if (known && (code === undefined || code === ApolloServerErrorCode.INTERNAL_SERVER_ERROR)) return known;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Apollo's `formatError`: errors with a client-safe code pass unchanged; anything unexpected is
 * masked as Yoga does ("Unexpected error.", INTERNAL_SERVER_ERROR), in every environment, since
 * its message may hold a path, a host or a credential. The original is logged by the caller.
 */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = errorCodeOf(formatted.message, formatted.extensions?.code);
  if (typeof code === 'string' && CLIENT_SAFE_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, code } };
  }
  return {
    message: 'Unexpected error.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR },
  };
}
