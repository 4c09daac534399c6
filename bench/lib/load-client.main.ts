import { runAutocannon } from './autocannon-load';
import { runLoad } from './http-load';

/** What the parent sends on argv[2], as JSON. */
export interface ChildLoadOptions {
  url: string;
  body: string;
  /** Requests to send (node-http); autocannon runs for `durationSeconds` instead. */
  requests: number;
  concurrency: number;
  /** @default 'node-http' (bench/lib/http-load.ts) */
  generator?: 'node-http' | 'autocannon';
  /** How long autocannon runs. */
  durationSeconds?: number;
  /** autocannon counts a response with another body as an error. */
  expectBody?: string;
}

/**
 * A load client in its own process: POSTs one body and prints the LoadResult as one JSON line.
 * Run by {@link runLoadInChild} so that the client's CPU never runs on the event loop of the
 * server being measured.
 */
async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ChildLoadOptions;
  const result =
    options.generator === 'autocannon'
      ? await runAutocannon({
          url: options.url,
          body: options.body,
          connections: options.concurrency,
          durationSeconds: options.durationSeconds ?? 5,
          expectBody: options.expectBody,
        })
      : await runLoad({
          url: options.url,
          requests: options.requests,
          concurrency: options.concurrency,
          makeRequest: () => ({
            body: options.body,
            check: (status, text) => (status !== 200 ? [`HTTP_${status}`] : text.includes('"errors"') ? ['GRAPHQL_ERROR'] : []),
          }),
        });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`load client failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
