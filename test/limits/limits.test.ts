import type { ImageRef, Score, ScoreSource } from '../../src/datasources/score-source';
import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { IMAGE_SCORE_QUERY, IMAGE_SCORES_QUERY, postGraphQL, startGateway } from '../helpers/gateway';

const uris = (n: number) => Array.from({ length: n }, (_, i) => `oss://bkt/img-${i}.jpg`);

describe('operation limits', () => {
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway(
      { MAX_QUERY_DEPTH: '1', MAX_QUERY_COMPLEXITY: '60', MAX_BATCH_SIZE: '100', RATE_LIMIT_PER_MINUTE: '0' },
      { source: new HashScoreSource() },
    );
  });

  afterAll(() => running.close());

  beforeEach(() => {
    running.source.calls.length = 0;
  });

  it('refuses a selection deeper than MAX_QUERY_DEPTH', async () => {
    // Depth counts from 0 at the root fields: imageScore { breakdown { exposure } } is depth 2.
    const { status, body } = await postGraphQL(running.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: 'oss://bkt/a.jpg' });

    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toMatch(/exceeds maximum operation depth of 1/);
    expect(running.source.calls).toHaveLength(0);
  });

  it('counts each list item: a batch costs its length times one image, refused before scoring', async () => {
    // Each ImageScoresQuery item selects about 5 fields: 10 items fit in 60, 20 do not.
    const small = await postGraphQL(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris(10) });
    const large = await postGraphQL(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris(20) });

    expect(small.body.errors).toBeUndefined();
    expect(large.status).toBe(400);
    expect(large.body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(running.source.calls).toHaveLength(10);
  });

  it('counts aliased copies of a field separately', async () => {
    const field = (alias: string) =>
      `${alias}: imageScores(projectName: "demo", sourceUris: $uris) { __typename ... on ImageScore { overallQualityScore } }`;
    const query = `query ($uris: [String!]!) { ${['a', 'b', 'c', 'd'].map(field).join(' ')} }`;

    // One copy costs 1 + 8 x 2 = 17; four cost 68, over 60.
    const { body } = await postGraphQL(running.url, query, { uris: uris(8) });

    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(running.source.calls).toHaveLength(0);
  });
});

describe('request rate limit', () => {
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway({ RATE_LIMIT_PER_MINUTE: '3' }, { source: new HashScoreSource() });
  });

  afterAll(() => running.close());

  it('answers the request over the per-minute budget with 429 RATE_LIMITED and Retry-After', async () => {
    const send = () =>
      fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });

    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await send()).status);
    const refused = await send();
    const body = (await refused.json()) as { errors: Array<{ extensions: { code: string } }> };

    expect(statuses).toEqual([200, 200, 200]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(body.errors[0]?.extensions.code).toBe('RATE_LIMITED');
  });
});

describe('rate limit behind a proxy', () => {
  const send = (url: string, client: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ query: '{ __typename }' }),
    }).then((response) => response.status);

  it('gives each client its own budget when TRUST_PROXY names the proxy', async () => {
    // The test's requests come from 127.0.0.1, standing in for a load balancer on loopback.
    const running = await startGateway({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'loopback' }, { source: new HashScoreSource() });
    try {
      const first = [await send(running.url, '203.0.113.7'), await send(running.url, '203.0.113.7'), await send(running.url, '203.0.113.7')];
      const other = await send(running.url, '198.51.100.4');

      expect(first).toEqual([200, 200, 429]);
      expect(other).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('ignores X-Forwarded-For by default, so a client cannot escape its budget by writing one', async () => {
    const running = await startGateway({ RATE_LIMIT_PER_MINUTE: '2' }, { source: new HashScoreSource() });
    try {
      const statuses = [await send(running.url, '203.0.113.1'), await send(running.url, '203.0.113.2'), await send(running.url, '203.0.113.3')];

      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await running.close();
    }
  });
});

describe('production mode', () => {
  const INTROSPECT = '{ __schema { queryType { name } } }';

  it('turns introspection off when NODE_ENV=production, unless INTROSPECTION=true', async () => {
    const off = await startGateway({ NODE_ENV: 'production' }, { source: new HashScoreSource() });
    const on = await startGateway({ NODE_ENV: 'production', INTROSPECTION: 'true' }, { source: new HashScoreSource() });
    try {
      const refused = await postGraphQL(off.url, INTROSPECT);
      const allowed = await postGraphQL(on.url, INTROSPECT);

      expect(refused.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(allowed.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    } finally {
      await Promise.all([off.close(), on.close()]);
    }
  });

  it('masks unexpected errors: no stack trace, no internal message, path or host', async () => {
    const leaky: ScoreSource = {
      name: 'leaky',
      async score(ref: ImageRef): Promise<Score> {
        if (ref.sourceUri.endsWith('throws.jpg')) {
          throw new Error('connect ECONNREFUSED 10.0.0.7:6379 reading /srv/secret/creds.json');
        }
        // A broken backend answer: null where the schema promises a Float.
        return { overallQualityScore: null as unknown as number, requestId: 'r', breakdown: null };
      },
    };
    const running = await startGateway({ NODE_ENV: 'production' }, { source: leaky });
    try {
      const thrown = await postGraphQL(running.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: 'oss://bkt/throws.jpg' });
      const broken = await postGraphQL(running.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: 'oss://bkt/null.jpg' });
      const batch = await postGraphQL(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: ['oss://bkt/throws.jpg'] });
      const syntax = await postGraphQL(running.url, '{ imageScore(', {});

      const text = JSON.stringify([thrown.body, broken.body, batch.body, syntax.body]);
      expect(text).not.toMatch(/ECONNREFUSED|10\.0\.0\.7|\/srv\/secret|stacktrace|at .*\.ts:\d+|Cannot return null/);
      expect(thrown.body.errors?.[0]?.extensions?.code).toBe('INTERNAL');
      expect(broken.body.errors?.[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(syntax.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    } finally {
      await running.close();
    }
  });
});
