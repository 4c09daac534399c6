import { runLoadInChild } from './child-load';
import type { LoadResult } from './http-load';

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

/** One side of one round: what the client saw, and the server process's CPU per request. */
export interface SideResult extends LoadResult {
  /** CPU (user + system) of this process per request, in µs: the server's cost, free of the client's. */
  cpuMicrosPerRequest: number;
}

/** Each round's pair and the medians of their ratios. */
export interface OverheadResult {
  pairs: Array<{ bare: SideResult; gateway: SideResult; ratio: number }>;
  /** Median of gateway / bare throughput. */
  medianRatio: number;
  /** Median of bare / gateway CPU per request: the same ratio, measured as cost instead of rate. */
  medianCpuRatio: number;
}

/**
 * Gateway throughput / bare Apollo throughput on the same body, same client, same concurrency.
 * The client runs in a child process, so its CPU does not share the servers' event loop (which
 * would pull the ratio towards 1). The sides alternate round by round after one untimed warm-up
 * each, so drift of the shared machine hits both alike; the median round's ratio is the figure.
 */
export async function measureOverhead(options: OverheadOptions): Promise<OverheadResult> {
  // Both servers live in this process and only the one under load is busy, so this process's
  // CPU during a run is that server's; the machine's other load barely moves it, unlike req/s.
  const run = async (url: string): Promise<SideResult> => {
    const before = process.cpuUsage();
    const result = await runLoadInChild({ url, body: options.body, requests: options.requests, concurrency: options.concurrency });
    const cpu = process.cpuUsage(before);
    return { ...result, cpuMicrosPerRequest: (cpu.user + cpu.system) / options.requests };
  };
  await run(options.bareUrl);
  await run(options.gatewayUrl);
  const pairs: OverheadResult['pairs'] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const bare = await run(options.bareUrl);
    const gateway = await run(options.gatewayUrl);
    pairs.push({ bare, gateway, ratio: gateway.throughput / bare.throughput });
  }
  return {
    pairs,
    medianRatio: median(pairs.map((pair) => pair.ratio)),
    medianCpuRatio: median(pairs.map((pair) => pair.bare.cpuMicrosPerRequest / pair.gateway.cpuMicrosPerRequest)),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
