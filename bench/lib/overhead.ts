import type { LoadRequest, LoadResult } from './http-load';
import { runLoad } from './http-load';

/** Options of {@link measureOverhead}. */
export interface OverheadOptions {
  /** The gateway's /graphql, with the query's score already cached. */
  gatewayUrl: string;
  /** The bare Apollo Server's /graphql. */
  bareUrl: string;
  /** The same body for both sides. */
  body: string;
  requests: number;
  concurrency: number;
  rounds: number;
}

/** Each round's pair and the median of their ratios. */
export interface OverheadResult {
  pairs: Array<{ bare: LoadResult; gateway: LoadResult; ratio: number }>;
  medianRatio: number;
}

/**
 * Gateway throughput / bare Apollo throughput on the same body, same client, same concurrency.
 * The sides alternate round by round after one untimed warm-up each, so drift of the shared
 * machine hits both alike; the median round's ratio is the figure.
 */
export async function measureOverhead(options: OverheadOptions): Promise<OverheadResult> {
  const ok = (): LoadRequest => ({
    body: options.body,
    check: (status, text) => (status !== 200 ? [`HTTP_${status}`] : text.includes('"errors"') ? ['GRAPHQL_ERROR'] : []),
  });
  const run = (url: string) =>
    runLoad({ url, requests: options.requests, concurrency: options.concurrency, makeRequest: ok });
  await run(options.bareUrl);
  await run(options.gatewayUrl);
  const pairs: OverheadResult['pairs'] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const bare = await run(options.bareUrl);
    const gateway = await run(options.gatewayUrl);
    pairs.push({ bare, gateway, ratio: gateway.throughput / bare.throughput });
  }
  const ratios = pairs.map((pair) => pair.ratio).sort((a, b) => a - b);
  const mid = ratios.length >> 1;
  const medianRatio = ratios.length % 2 ? ratios[mid]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
  return { pairs, medianRatio };
}
