import { createHash } from 'node:crypto';
import type { RunningGateway } from '../helpers/gateway';
import { startGateway } from '../helpers/gateway';
import { freshFor } from '../helpers/http-freshness';
import { metricsText, sample } from '../helpers/prometheus';

// Requests a hostile client sends to the full-response cache (src/http/response-cache.ts), each
// against a real gateway: a replay must answer exactly what Apollo would answer fresh.

const QUERY = '{ imageScore(projectName: "demo", sourceUri: "oss://samples/coffee.png") { overallQualityScore } }';

/** POSTs `body` as it is written: JSON.stringify could not write the numbers these tests send. */
function postRaw(url: string, body: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
}

/** Bytes the gateway's response cache holds, as its `/metrics` shows them. */
async function responseCacheBytes(running: RunningGateway): Promise<number> {
  return sample(await metricsText(running.url), 'gateway_response_cache_bytes') ?? Number.NaN;
}

describe('the full-response cache, against bodies JSON.stringify cannot write back', () => {
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway({ RATE_LIMIT_PER_MINUTE: '0' });
  });

  afterAll(() => running.close());

  // `1e400` parses to Infinity, which JSON.stringify writes as null: such a body must not share
  // the entry of one that sends null or leaves the member out, since Apollo refuses it (400).
  // Each case its own query (a comment apart), so its first request is answered fresh.
  it.each(['extensions', 'variables', 'operationName'])('refuses a non-finite %s with 400, fresh and once the same body without it is cached', async (member) => {
    const query = `# ${member}\n${QUERY}`;
    const body = `{"query":${JSON.stringify(query)},"${member}":1e400}`;
    const fresh = await postRaw(running.url, body);
    expect(fresh.status).toBe(400);

    await postRaw(running.url, JSON.stringify({ query }));
    const cached = await postRaw(running.url, JSON.stringify({ query }));
    expect(cached.headers.get('age')).not.toBeNull();

    const again = await postRaw(running.url, body);
    expect(again.status).toBe(400);
    expect(again.headers.get('age')).toBeNull();
  });

  it('refuses a non-finite query beside a persisted-query hash, although the hash-only answer is cached', async () => {
    const query = '{ imageScore(projectName: "demo", sourceUri: "oss://samples/rocket.jpg") { overallQualityScore } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    const bogus = `{"query":1e400,"extensions":${JSON.stringify(extensions)}}`;
    expect((await postRaw(running.url, bogus)).status).toBe(400);

    expect((await postRaw(running.url, JSON.stringify({ query, extensions }))).status).toBe(200);
    await postRaw(running.url, JSON.stringify({ extensions }));
    const hashOnly = await postRaw(running.url, JSON.stringify({ extensions }));
    expect(hashOnly.headers.get('age')).not.toBeNull();

    const again = await postRaw(running.url, bogus);
    expect(again.status).toBe(400);
    expect(await again.text()).not.toContain('overallQualityScore');
  });
});

describe('the full-response cache, against a body nested deeper than JSON.stringify can go', () => {
  // 10 KB: far under the body limit, but JSON.stringify throws a RangeError past a few thousand levels.
  const deep = (member: string) => `{"query":${JSON.stringify(QUERY)},"${member}":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`;

  it.each(['variables', 'extensions'])('answers deep %s as Apollo does without the cache, never a 500', async (member) => {
    const answers: Array<[number, string]> = [];
    for (const maxBytes of ['0', '16777216']) {
      const running = await startGateway({ RATE_LIMIT_PER_MINUTE: '0', RESPONSE_CACHE_MAX_BYTES: maxBytes });
      try {
        const response = await postRaw(running.url, deep(member));
        answers.push([response.status, await response.text()]);
      } finally {
        await running.close();
      }
    }

    expect(answers[0]?.[0]).toBe(200);
    expect(answers[1]).toEqual(answers[0]);
  });
});

describe('the full-response cache gauge', () => {
  // Scores live 3 s: the first answer may be kept 1 or 2 s; 2.1 s later its scores have under a
  // second left, so the answer is not kept again (no-store).
  it('reads 0 once the only entry has expired and nothing replaced it', async () => {
    const running = await startGateway({ RATE_LIMIT_PER_MINUTE: '0', SCORE_CACHE_TTL_SECONDS: '3' });
    try {
      const first = await postRaw(running.url, JSON.stringify({ query: QUERY }));
      expect(first.headers.get('cache-control')).toMatch(/max-age=[12],/);
      expect(await responseCacheBytes(running)).toBeGreaterThan(0);

      await new Promise((resolve) => setTimeout(resolve, 2100));
      const expired = await postRaw(running.url, JSON.stringify({ query: QUERY }));

      expect(expired.headers.get('age')).toBeNull();
      expect(freshFor(expired)).toBe(0);
      expect(await responseCacheBytes(running)).toBe(0);
    } finally {
      await running.close();
    }
  });
});
