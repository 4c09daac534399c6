import type { FastifyRequest } from 'fastify';
import { authenticate } from '../auth/authenticate';
import type { FailedAuthLimiter } from '../auth/failed-auth-limiter';
import type { ApiKeyRing, Principal } from '../auth/key-ring';
import type { RequestRateLimiter } from '../limits/rate-limit';

/** What admits a GraphQL caller. */
export interface GraphQLCallerOptions {
  /** Undefined when AUTH_MODE=none. */
  keyRing?: ApiKeyRing;
  rateLimit: RequestRateLimiter;
  /** Each client IP's budget of failed authentications. @default unlimited */
  authFailures?: FailedAuthLimiter;
}

/**
 * Admits the caller of a GraphQL request: its principal (undefined with auth off), once the
 * request is charged to its rate budget. Rejects with the refusal as a GraphQL error: 401
 * UNAUTHENTICATED, or 429 RATE_LIMITED once the client IP has spent its budget of failed
 * authentications or the caller its request budget.
 *
 * Each request is admitted once, however many times it is asked: the response cache asks before
 * Apollo sees the request, and the context function asks again, and neither a budget nor a
 * failed attempt may be charged twice.
 */
export type GraphQLCaller = (request: FastifyRequest) => Promise<Principal | undefined>;

/** Makes the {@link GraphQLCaller} of one gateway. */
export function graphqlCaller(options: GraphQLCallerOptions): GraphQLCaller {
  const { keyRing, rateLimit, authFailures = (_ip, run) => Promise.resolve(run()) } = options;
  const admitted = new WeakMap<FastifyRequest, Promise<Principal | undefined>>();
  const admit = async (request: FastifyRequest): Promise<Principal | undefined> => {
    // request.ip is the client trustProxy names (TRUST_PROXY), else the socket's peer.
    const principal = keyRing && (await authFailures(request.ip, () => authenticate(keyRing, request.headers.authorization)));
    await rateLimit(principal ? `key:${principal.keyId}` : `ip:${request.ip}`);
    return principal;
  };
  return (request) => {
    let caller = admitted.get(request);
    if (!caller) {
      caller = admit(request);
      admitted.set(request, caller);
    }
    return caller;
  };
}
