/**
 * The batch's GraphQL client in its own process, so that sending the query and reading its
 * answer never run on the gateway's measured event loop. Each IPC message `{ url, uris }` is
 * answered with a {@link BatchReply} once the `imageScores` query for those URIs has returned.
 * Run by {@link startBatchClient}.
 */
import type { BatchReply, BatchRequest } from './batch-client';

const QUERY = `query($uris: [String!]!) { imageScores(projectName: "bench", sourceUris: $uris) { __typename } }`;

async function post(request: BatchRequest): Promise<BatchReply> {
  const startedAt = performance.timeOrigin + performance.now();
  const response = await fetch(request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { uris: request.uris } }),
  });
  const body = (await response.json()) as { data?: { imageScores: { __typename: string }[] } };
  const endedAt = performance.timeOrigin + performance.now();
  const scored = body.data?.imageScores.filter((entry) => entry.__typename === 'ImageScore').length ?? 0;
  if (scored !== request.uris.length) {
    return { startedAt, endedAt, error: `batch scored ${scored} of ${request.uris.length}: ${JSON.stringify(body).slice(0, 300)}` };
  }
  return { startedAt, endedAt };
}

process.on('message', (message) => {
  post(message as BatchRequest).then(
    (reply) => process.send?.(reply),
    (error: unknown) => process.send?.({ startedAt: 0, endedAt: 0, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.('ready');
