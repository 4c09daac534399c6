import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayErrorCode } from '../errors';
import type { GatewayMetrics } from '../observability/metrics';

/** The body of every error the HTTP layer answers itself: the GraphQL response shape. */
export interface EdgeErrorBody {
  errors: Array<{ message: string; extensions: { code: string } }>;
}

/** Options of {@link edgeErrorHandler}. */
export interface EdgeErrorHandlerOptions {
  metrics: GatewayMetrics;
  /** The body limit, named in the 413 message. */
  bodyLimitBytes: number;
}

/**
 * Fastify's error handler: requests refused before Apollo sees them (malformed or empty JSON, a
 * body over the limit, an unsupported content type) are answered as a GraphQL error with a code,
 * in every mode, so a client parses one shape whatever refused it; they are counted in
 * `gateway_graphql_errors_total` beside Apollo's own. Anything else is a 500 whose detail goes to
 * the log only (Apollo catches its own errors, so this is a bug in a hook or a route).
 */
export function edgeErrorHandler(options: EdgeErrorHandlerOptions) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const { code, message } = status === 500 ? unexpected() : refusal(error, status, options.bodyLimitBytes);
    if (status === 500) request.log.error({ err: error }, 'unhandled error in the HTTP layer');
    options.metrics.graphqlErrors.inc({ code });
    const body: EdgeErrorBody = { errors: [{ message, extensions: { code } }] };
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  };
}

function unexpected(): { code: string; message: string } {
  return { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR, message: 'Unexpected error.' };
}

function refusal(error: FastifyError, status: number, bodyLimitBytes: number): { code: string; message: string } {
  if (status === 413) {
    return { code: GatewayErrorCode.PAYLOAD_TOO_LARGE, message: `The request body exceeds ${bodyLimitBytes} bytes.` };
  }
  if (status === 415) {
    return {
      code: GatewayErrorCode.UNSUPPORTED_MEDIA_TYPE,
      message: 'Send the operation as application/json in a POST body, or in the URL of a GET.',
    };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: ApolloServerErrorCode.BAD_REQUEST, message: 'The request body is not valid JSON.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: ApolloServerErrorCode.BAD_REQUEST, message: 'The request body is empty: send a JSON object with a `query`.' };
    default:
      // Fastify's own 4xx messages are fixed sentences, never a stack or a path.
      return { code: ApolloServerErrorCode.BAD_REQUEST, message: error.message };
  }
}
