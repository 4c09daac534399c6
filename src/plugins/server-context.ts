import type { Principal } from '../auth/key-ring';
import type { GatewayContext } from '../schema/context.type';

/** Per-request counts the plugins turn into metrics. */
export interface RequestStats {
  /** `load` calls on the score loader: images asked for, duplicates included. */
  requested: number;
  /** Keys that reached the loader's batch function: distinct images. */
  distinct: number;
  /**
   * The earliest cache expiry (ms since the epoch) of the scores this request loaded; Infinity
   * before any. The response may be reused until then and no longer.
   */
  scoresExpireAt: number;
}

/** The resolvers' context plus what the HTTP edge knows about the request. */
export interface ServerContext extends GatewayContext {
  /** The caller's key; undefined when AUTH_MODE=none. */
  principal?: Principal;
  stats: RequestStats;
}
