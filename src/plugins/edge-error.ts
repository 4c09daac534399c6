import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayErrorCode } from '../errors';

/** HTTP status of each edge refusal: clients and load balancers read it before the body. */
const STATUS: Record<GatewayErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400,
  PERSISTED_QUERY_TOO_LARGE: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
};

/** The HTTP status of an edge refusal. */
export function edgeStatus(code: GatewayErrorCode): number {
  return STATUS[code];
}

/** A GraphQL error for a request refused at the edge, with its HTTP status (and headers). */
export function edgeError(
  code: GatewayErrorCode,
  message: string,
  headers: Record<string, string> = {},
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, http: { status: STATUS[code], headers: new HeaderMap(Object.entries(headers)) } },
  });
}
