import { AsyncLocalStorage } from 'node:async_hooks';

/** What code deep in a request (an upstream call) may know about the request it serves. */
export interface RequestScope {
  requestId: string;
}

/**
 * The current request, carried through async calls, so that an upstream call's log line names
 * the request that caused it without threading ids through the ScoreSource interface.
 */
export const requestScope = new AsyncLocalStorage<RequestScope>();
