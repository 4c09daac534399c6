import autocannon from 'autocannon';
import type { LoadResult } from './http-load';

/** Options of {@link runAutocannon}. */
export interface AutocannonOptions {
  url: string;
  /** The JSON body every request POSTs. */
  body: string;
  /** Connections kept open, each with one request in flight. */
  connections: number;
  durationSeconds: number;
  /** A response whose body differs counts as an error (`MISMATCH`). */
  expectBody?: string;
}

/**
 * POSTs `body` over `connections` keep-alive connections for `durationSeconds` with autocannon
 * (HTTP/1.1 written straight to sockets, lighter than node:http, so the client takes less of
 * the machine from the server it measures), and reports it as a {@link LoadResult}.
 */
export async function runAutocannon(options: AutocannonOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: options.body,
    connections: options.connections,
    duration: options.durationSeconds,
    ...(options.expectBody === undefined ? {} : { expectBody: options.expectBody }),
  });
  const errors: Record<string, number> = {};
  for (const [code, count] of [
    ['NETWORK', result.errors - result.timeouts],
    ['TIMEOUT', result.timeouts],
    ['NON_2XX', result.non2xx],
    ['MISMATCH', result.mismatches],
  ] as const) {
    if (count > 0) errors[code] = count;
  }
  const requests = result.requests.total;
  return {
    requests,
    seconds: result.duration,
    throughput: requests / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    errors,
    crossTalk: 0,
  };
}
