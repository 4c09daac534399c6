import { runLoad } from './http-load';

/** What the parent sends on argv[2], as JSON. */
export interface ChildLoadOptions {
  url: string;
  body: string;
  requests: number;
  concurrency: number;
}

/**
 * A load client in its own process: POSTs one body `requests` times and prints the LoadResult as
 * one JSON line. Run by {@link runLoadInChild} so that the client's CPU never runs on the event
 * loop of the server being measured.
 */
async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as ChildLoadOptions;
  const result = await runLoad({
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
