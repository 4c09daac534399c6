import { GatewayErrorCode } from '../errors';
import { edgeError } from '../graphql-errors';
import type { ApiKeyRing, Principal } from './key-ring';
import { bearerToken } from './key-ring';

/**
 * The principal of an `Authorization: Bearer <key>` header.
 * @throws GraphQLError UNAUTHENTICATED (HTTP 401, `WWW-Authenticate: Bearer`) when the header is
 * missing, malformed or names no configured key
 */
export function authenticate(keyRing: ApiKeyRing, authorization: string | undefined): Principal {
  const token = bearerToken(authorization);
  const principal = token === undefined ? undefined : keyRing.authenticate(token);
  if (!principal) {
    throw edgeError(GatewayErrorCode.UNAUTHENTICATED, 'Missing or unknown API key: send Authorization: Bearer <key>.', {
      'www-authenticate': 'Bearer',
    });
  }
  return principal;
}
