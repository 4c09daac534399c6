import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { postGraphQL, startGateway } from '../helpers/gateway';

const uris = (n: number, prefix = 'img') => Array.from({ length: n }, (_, i) => `oss://bkt/${prefix}-${i}.jpg`);
const list = (items: string[]) => `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;

/**
 * `levels` fragments, each spreading the previous one twice: about 40 bytes a level, and 2^levels
 * selections once expanded. A walk that follows each spread anew takes seconds at 26 levels and
 * forever at 40; the limits must compute it once per fragment.
 */
function fanOut(levels: number, type: string, leaf: string, root: (spread: string) => string): string {
  const fragments = [`fragment F0 on ${type} { ${leaf} }`];
  for (let i = 1; i <= levels; i += 1) fragments.push(`fragment F${i} on ${type} { ...F${i - 1} ...F${i - 1} }`);
  return `${root(`...F${levels}`)}\n${fragments.join('\n')}`;
}

const timed = async <T>(run: () => Promise<T>): Promise<T & { ms: number }> => {
  const started = performance.now();
  const result = await run();
  return { ...result, ms: performance.now() - started };
};

describe('exponential fragment fan-out', () => {
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway({ RATE_LIMIT_PER_MINUTE: '0' }, { source: new HashScoreSource() });
  });

  afterAll(() => running.close());

  beforeEach(() => {
    running.source.calls.length = 0;
  });

  it.each([26, 40])('refuses a %i-level fan-out on Query as QUERY_TOO_COMPLEX, promptly', async (levels) => {
    const query = fanOut(levels, 'Query', '__typename', (spread) => `{ ${spread} }`);
    expect(query.length).toBeLessThan(2048);

    const { status, body, ms } = await timed(() => postGraphQL(running.url, query));

    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.errors?.[0]?.message).toMatch(/exceeds the limit of 5000/);
    expect(status).toBe(400);
    // Linear work is a few ms; the bound only guards against the exponential walk (seconds).
    expect(ms).toBeLessThan(5000);
  });

  it('refuses a 40-level fan-out of images as over the image budget, scoring nothing', async () => {
    const leaf = 'imageScore(projectName: "demo", sourceUri: "oss://bkt/a.jpg") { overallQualityScore }';
    const query = fanOut(40, 'Query', leaf, (spread) => `{ ${spread} }`);

    const { status, body, ms } = await timed(() => postGraphQL(running.url, query));

    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(status).toBe(400);
    expect(ms).toBeLessThan(5000);
    expect(running.source.calls).toHaveLength(0);
  });

  it('walks a 40-level fan-out below a field in linear time too (depth and cost)', async () => {
    const query = fanOut(40, 'ImageScore', 'breakdown { exposure }', (spread) => `{ imageScore(projectName: "demo", sourceUri: "oss://bkt/a.jpg") { ${spread} } }`);

    const { status, body, ms } = await timed(() => postGraphQL(running.url, query));

    expect(body.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(status).toBe(400);
    expect(ms).toBeLessThan(5000);
  });

  it('refuses the same fan-out by depth when it nests too deep, as GRAPHQL_VALIDATION_FAILED', async () => {
    const shallow = await startGateway({ MAX_QUERY_DEPTH: '1', RATE_LIMIT_PER_MINUTE: '0' }, { source: new HashScoreSource() });
    try {
      const query = fanOut(40, 'ImageScore', 'breakdown { exposure }', (spread) => `query Deep { imageScore(projectName: "demo", sourceUri: "oss://bkt/a.jpg") { ${spread} } }`);

      const { status, body, ms } = await timed(() => postGraphQL(shallow.url, query));

      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(body.errors?.[0]?.message).toBe("'Deep' has depth 2, which exceeds maximum operation depth of 1.");
      expect(status).toBe(400);
      expect(ms).toBeLessThan(5000);
    } finally {
      await shallow.close();
    }
  });

  it('answers missing, null and wrongly typed variables with 400 BAD_USER_INPUT, as Apollo does', async () => {
    const query = 'query ($u: [String!]!) { imageScores(projectName: "demo", sourceUris: $u) { __typename } }';
    const cases: Array<Record<string, unknown>> = [{}, { u: null }, { u: [null] }, { u: [7] }, { u: [{ a: 1 }] }];

    for (const variables of cases) {
      const { status, body } = await postGraphQL(running.url, query, variables);

      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(status).toBe(400);
    }
    expect(running.source.calls).toHaveLength(0);
  });
});

describe('MAX_IMAGES_PER_OPERATION', () => {
  let running: RunningGateway;
  const field = (alias: string, n: number, extra = '') =>
    `${alias}: imageScores(projectName: "demo", sourceUris: ${list(uris(n, alias))})${extra} { __typename }`;

  beforeAll(async () => {
    // The cost limit is set out of the way: the image budget alone must refuse these.
    running = await startGateway(
      { MAX_BATCH_SIZE: '100', MAX_QUERY_COMPLEXITY: '100000000', RATE_LIMIT_PER_MINUTE: '0' },
      { source: new HashScoreSource() },
    );
  });

  afterAll(() => running.close());

  beforeEach(() => {
    running.source.calls.length = 0;
  });

  it('defaults to MAX_BATCH_SIZE', () => {
    expect(running.config.limits.maxImagesPerOperation).toBe(100);
  });

  it('refuses 49 aliased batches of 100 before scoring any, with BAD_USER_INPUT', async () => {
    const query = `{ ${Array.from({ length: 49 }, (_, i) => field(`a${i}`, 100)).join(' ')} }`;

    const { status, body } = await postGraphQL(running.url, query);

    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/asks for 4900 images; at most 100/);
    expect(running.source.calls).toHaveLength(0);
  });

  it('counts imageScore, imageScores and _entities together, fragments and inline fragments included', async () => {
    const entities = (n: number) =>
      `_entities(representations: [${uris(n, 'e').map((u) => `{__typename: "ImageScore", projectName: "demo", sourceUri: "${u}"}`).join(', ')}]) { ... on ImageScore { requestId } }`;
    const query = (batch: number) => `query {
      one: imageScore(projectName: "demo", sourceUri: "oss://bkt/one.jpg") { requestId }
      ...Batch
      ... on Query { ${entities(40)} }
    }
    fragment Batch on Query { ${field('b', batch)} }`;

    const over = await postGraphQL(running.url, query(60));
    const fits = await postGraphQL(running.url, query(59));

    expect(over.status).toBe(400);
    expect(over.body.errors?.[0]?.message).toMatch(/asks for 101 images/);
    expect(fits.status).toBe(200);
    expect(fits.body.errors).toBeUndefined();
    expect(running.source.calls).toHaveLength(100);
  });

  it('leaves one list over MAX_BATCH_SIZE to its own field error, as the contract says', async () => {
    const { status, body } = await postGraphQL(running.url, `{ ${field('big', 101)} }`);

    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/sourceUris has 101 items; at most 100/);
    expect(running.source.calls).toHaveLength(0);
  });

  it('counts list lengths on coerced variables, defaults included, and honours @skip', async () => {
    const query = `query ($u: [String!]! = ${list(uris(60))}, $skip: Boolean = false) {
      a: imageScores(projectName: "demo", sourceUris: $u) { __typename }
      b: imageScores(projectName: "demo", sourceUris: $u) @skip(if: $skip) { __typename }
    }`;

    const over = await postGraphQL(running.url, query);
    const skipped = await postGraphQL(running.url, query, { skip: true });
    const sent = await postGraphQL(running.url, query, { u: uris(50, 'sent') });

    expect(over.status).toBe(400);
    expect(over.body.errors?.[0]?.message).toMatch(/asks for 120 images/);
    expect(skipped.status).toBe(200);
    expect(sent.status).toBe(200);
    // 60 (b skipped) + 50 distinct images (a and b are the same list, scored once each).
    expect(running.source.calls).toHaveLength(110);
  });
});
