import http from 'node:http';

/** One request of a load run: what to POST, and how to judge the answer. */
export interface LoadRequest {
  body: string;
  /** Returns error codes found in the response (empty when fully good); throws on cross-talk. */
  check(status: number, body: string): string[];
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  url: string;
  /** Requests to send in all. */
  requests: number;
  /** Requests in flight at once. */
  concurrency: number;
  makeRequest(index: number): LoadRequest;
  headers?: Record<string, string>;
}

/** What a load run measured. */
export interface LoadResult {
  requests: number;
  seconds: number;
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Error codes seen (per GraphQL error or per failed item), with counts. */
  errors: Record<string, number>;
  /** Answers whose score did not belong to the URI asked for. */
  crossTalk: number;
}

/**
 * Sends `requests` POSTs with `concurrency` in flight over keep-alive sockets (plain node:http,
 * lighter than fetch, so the client costs the shared CPU less), and measures each.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(options.url);
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let crossTalk = 0;
  let next = 0;
  const started = performance.now();

  const worker = async () => {
    while (next < options.requests) {
      const index = next++;
      const request = options.makeRequest(index);
      const t0 = performance.now();
      try {
        const { status, body } = await post(agent, target, request.body, options.headers ?? {});
        latencies.push(performance.now() - t0);
        for (const code of request.check(status, body)) errors[code] = (errors[code] ?? 0) + 1;
      } catch (error) {
        latencies.push(performance.now() - t0);
        if (error instanceof CrossTalkError) crossTalk += 1;
        else errors.NETWORK = (errors.NETWORK ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: options.requests,
    seconds,
    throughput: options.requests / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxMs: latencies[latencies.length - 1] ?? 0,
    errors,
    crossTalk,
  };
}

/** Thrown by a `check` when an answer holds another image's score. */
export class CrossTalkError extends Error {
  override readonly name = 'CrossTalkError';
}

function post(
  agent: http.Agent,
  url: URL,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
