import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorKind } from '../errors';
import { ERROR_TABLE, GatewayErrorCode } from '../errors';
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

interface Refusal {
  code: string;
  status: number;
  message: string;
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
    const clientError = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
    const { code, status, message } = clientError ? requestRefusal(error, options.bodyLimitBytes) : unexpected();
    if (!clientError) request.log.error({ err: error }, 'unhandled error in the HTTP layer');
    options.metrics.graphqlErrors.inc({ code });
    const body: EdgeErrorBody = { errors: [{ message, extensions: { code } }] };
    return reply.code(status).type('application/json; charset=utf-8').send(body);
  };
}

/**
 * Fastify's `clientErrorHandler`, for what Node refuses before a request exists: a head or body
 * past its deadline (slowloris), a head over the size limit, bytes that are not HTTP. It writes
 * the same GraphQL-shaped error as {@link edgeErrorHandler} on the raw socket, counts it, and
 * closes the socket.
 */
export function clientErrorHandler(metrics: GatewayMetrics) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    // A reset peer has nothing left to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { code, status, message } = connectionRefusal(error.code);
    metrics.graphqlErrors.inc({ code });
    if (socket.writable) {
      const body = JSON.stringify({ errors: [{ message, extensions: { code } }] } satisfies EdgeErrorBody);
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
          `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

function unexpected(): Refusal {
  return { code: ApolloServerErrorCode.INTERNAL_SERVER_ERROR, status: 500, message: 'Unexpected error.' };
}

function edge(kind: ErrorKind, message: string): Refusal {
  const row = ERROR_TABLE[kind];
  return { code: row.graphqlCode, status: row.httpStatus, message };
}

function badRequest(message: string): Refusal {
  return edge('BAD_REQUEST', message);
}

function requestRefusal(error: FastifyError, bodyLimitBytes: number): Refusal {
  if (error.statusCode === 413) {
    return edge(GatewayErrorCode.PAYLOAD_TOO_LARGE, `The request body exceeds ${bodyLimitBytes} bytes.`);
  }
  if (error.statusCode === 415) {
    return edge(
      GatewayErrorCode.UNSUPPORTED_MEDIA_TYPE,
      'Send the operation as application/json in a POST body, or in the URL of a GET.',
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest('The request body is not valid JSON.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest('The request body is empty: send a JSON object with a `query`.');
    default:
      // Fastify's own 4xx messages are fixed sentences, never a stack or a path; the status stays.
      return { code: ApolloServerErrorCode.BAD_REQUEST, status: error.statusCode ?? 400, message: error.message };
  }
}

function connectionRefusal(errorCode: string | undefined): Refusal {
  switch (errorCode) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return edge(GatewayErrorCode.REQUEST_TIMEOUT, 'The request was not received in time.');
    case 'HPE_HEADER_OVERFLOW':
      return edge(GatewayErrorCode.HEADERS_TOO_LARGE, 'The request headers are too large.');
    default:
      return badRequest('The request is not valid HTTP.');
  }
}
