import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { ListingTooLargeError } from '../datasources/local/object-listing';
import { ScoreError, ScoreErrorCode, scoreErrorSpec } from '../errors';
import type { GalleryRouteError } from '../gallery/gallery-settings';

/** A refusal as the gallery's routes send it. */
interface Refusal {
  status: number;
  body: GalleryRouteError;
  headers?: Record<string, string>;
}

/**
 * The gallery routes' error handler: every refusal is `{code, message}` with a code from the
 * contract (ScoreErrorCode, GatewayErrorCode, or BAD_USER_INPUT for a malformed query), and an
 * unexpected error is logged and masked as INTERNAL, never sent as a stack trace.
 */
export function galleryErrorHandler(logger: Logger) {
  return (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const refusal = toRefusal(error);
    if (refusal.status >= 500) logger.error({ err: error, url: request.url }, 'gallery route failed');
    return reply.code(refusal.status).headers(refusal.headers ?? {}).send(refusal.body);
  };
}

function toRefusal(error: unknown): Refusal {
  if (error instanceof ZodError) {
    const problems = error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    return badInput(`Invalid query: ${problems.join('; ')}.`);
  }
  if (error instanceof ScoreError) {
    // The status from the error table; the body keeps the score code, as a batch entry does.
    return { status: scoreErrorSpec(error).httpStatus, body: { code: error.code, message: error.message } };
  }
  if (error instanceof ListingTooLargeError || error instanceof RangeError) return badInput(error.message);
  // The key ring and the rate limiter refuse with the same edge errors GraphQL sends.
  if (error instanceof GraphQLError) {
    const http = error.extensions.http as { status?: number; headers?: Map<string, string> } | undefined;
    const code = error.extensions.code;
    if (typeof code === 'string' && http?.status) {
      return {
        status: http.status,
        body: { code, message: error.message },
        headers: Object.fromEntries(http.headers ?? []),
      };
    }
  }
  // Fastify's own refusals (a malformed URL, say) keep their 4xx.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && error instanceof Error) {
    return { status: statusCode, body: { code: 'BAD_USER_INPUT', message: error.message } };
  }
  return { status: 500, body: { code: ScoreErrorCode.INTERNAL, message: 'Unexpected error.' } };
}

function badInput(message: string): Refusal {
  return { status: 400, body: { code: 'BAD_USER_INPUT', message } };
}
