import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { ScoreError} from '../errors';
import { GatewayErrorCode, ScoreErrorCode, toScoreError, UnreachableCaseError } from '../errors';

/** A client mistake in the arguments: the whole field fails with `BAD_USER_INPUT`. */
export function badUserInput(message: string, reason?: ScoreErrorCode): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ApolloServerErrorCode.BAD_USER_INPUT, ...(reason && { reason }) },
  });
}

/**
 * The one place a domain failure becomes a GraphQL error: `extensions.code` is the contract's
 * ScoreErrorCode, except an invalid URI, which is the caller's input and so `BAD_USER_INPUT`.
 */
export function toGraphQLError(error: unknown): GraphQLError {
  const scoreError = toScoreError(error);
  return new GraphQLError(scoreError.message, {
    extensions: { code: graphQLCodeOf(scoreError) },
  });
}

function graphQLCodeOf(error: ScoreError): string {
  switch (error.code) {
    case ScoreErrorCode.INVALID_SOURCE_URI:
      return ApolloServerErrorCode.BAD_USER_INPUT;
    case ScoreErrorCode.PROJECT_NOT_FOUND:
    case ScoreErrorCode.OBJECT_NOT_FOUND:
    case ScoreErrorCode.UNSUPPORTED_IMAGE:
    case ScoreErrorCode.FORBIDDEN:
    case ScoreErrorCode.THROTTLED:
    case ScoreErrorCode.UPSTREAM_UNAVAILABLE:
    case ScoreErrorCode.INTERNAL:
      return error.code;
    default:
      throw new UnreachableCaseError(error.code);
  }
}

/** Codes whose messages are written for clients; anything else is masked. */
const CLIENT_SAFE_CODES = new Set<string>([
  ...Object.values(ScoreErrorCode),
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ...Object.values(GatewayErrorCode),
]);

/**
 * Apollo's `formatError`: errors with a client-safe code pass unchanged; anything unexpected is
 * masked as Yoga does ("Unexpected error.", INTERNAL_SERVER_ERROR), in every environment, since
 * its message may hold a path, a host or a credential. The original is logged by the caller.
 */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_SAFE_CODES.has(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Unexpected error.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR },
  };
}
