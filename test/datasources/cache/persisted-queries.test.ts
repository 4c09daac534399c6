import { createHash } from 'node:crypto';
import { HashScoreSource } from '../../helpers/fake-source';
import type { RunningGateway } from '../../helpers/gateway';
import { startGateway } from '../../helpers/gateway';

type Body = { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };

const SCORE = '{ imageScore(projectName: "demo", sourceUri: "oss://bkt/kept.jpg") { overallQualityScore } }';

/** A distinct valid query of about `bytes` bytes: the padding is a comment, so it costs nothing to run. */
const padded = (i: number, bytes: number) => {
  const head = `# registration ${i}\n{ __typename }\n# `;
  return head + 'x'.repeat(Math.max(0, bytes - head.length));
};

const hashOf = (query: string) => createHash('sha256').update(query).digest('hex');

describe('automatic persisted queries', () => {
  let running: RunningGateway;

  const post = (body: object) =>
    fetch(running.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
      async (response) => ({ status: response.status, body: (await response.json()) as Body }),
    );
  const register = (query: string) => post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(query) } } });
  const byHash = (query: string) => post({ extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(query) } } });

  beforeAll(async () => {
    // A score cache of 8 entries and a persisted-query store of 64 KiB: small enough that the
    // test fills both.
    running = await startGateway(
      { SCORE_CACHE_MAX_ENTRIES: '8', APQ_CACHE_MAX_BYTES: String(64 * 1024), RATE_LIMIT_PER_MINUTE: '0' },
      { source: new HashScoreSource() },
    );
  });

  afterAll(() => running.close());

  it('keeps cached scores while clients register many large persisted queries', async () => {
    expect((await post({ query: SCORE })).body.errors).toBeUndefined();
    expect(running.source.calls).toHaveLength(1);

    for (let i = 0; i < 30; i += 1) {
      const { status } = await register(padded(i, 12 * 1024));
      expect(status).toBe(200);
    }
    const again = await post({ query: SCORE });

    expect(again.body.errors).toBeUndefined();
    // Served from the cache: registrations live in their own store.
    expect(running.source.calls).toHaveLength(1);
  });

  it('bounds its own store by bytes: old registrations make way for new ones', async () => {
    const queries = Array.from({ length: 12 }, (_, i) => padded(1000 + i, 8 * 1024));
    for (const query of queries) await register(query);

    const first = await byHash(queries[0]!);
    const last = await byHash(queries[11]!);

    expect(first.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(last.body.errors).toBeUndefined();
    expect(last.body.data).toEqual({ __typename: 'Query' });
  });

  it('refuses to register a query over APQ_MAX_QUERY_BYTES, and stores nothing', async () => {
    const huge = padded(2000, 16 * 1024 + 1);

    const refused = await register(huge);
    const lookup = await byHash(huge);
    const plain = await post({ query: huge });

    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_TOO_LARGE');
    expect(refused.body.errors?.[0]?.message).toMatch(/at most 16384 bytes/);
    expect(lookup.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    // Sent in full, without the extension, the same query runs.
    expect(plain.status).toBe(200);
    expect(plain.body.data).toEqual({ __typename: 'Query' });
  });

  it('registers a query of exactly APQ_MAX_QUERY_BYTES', async () => {
    const query = padded(3000, 16 * 1024);
    expect(Buffer.byteLength(query)).toBe(16 * 1024);

    expect((await register(query)).status).toBe(200);
    expect((await byHash(query)).body.data).toEqual({ __typename: 'Query' });
  });

  it('refuses a registration whose hash is not the query’s with 400 BAD_REQUEST and Apollo’s message, not a masked error', async () => {
    const refused = await post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } });

    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(refused.body.errors?.[0]?.message).toBe('provided sha does not match query');
  });
});
