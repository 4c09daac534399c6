import { createHash } from 'node:crypto';
import { createInMemoryStore, ScoreCache } from '../../src/datasources/score-cache';
import { createScoreLoader } from '../../src/datasources/score-loader';
import { ScoreError } from '../../src/errors';
import { CountingSource } from '../helpers/counting-source';
import { HashScoreSource } from '../helpers/fake-source';
import type { RunningGateway } from '../helpers/gateway';
import { silentLogger, startGateway } from '../helpers/gateway';

const sha256 = (key: string) => createHash('sha256').update(key).digest('hex');
const DEMO_KEY = 'demo-only-key-13579';
const URI = 'oss://samples/coffee.png';
const REP = (project: string) => `{__typename: "ImageScore", projectName: ${project}, sourceUri: "${URI}"}`;
const ENTITY = '... on ImageScore { overallQualityScore }';

/**
 * Every way the red team (and we) found to name a project: each must be refused with 403 for a
 * key limited to `demo`, and nothing may reach the backend. Variables the client does not send
 * take their default, which is where the checks used to look away.
 */
const HOSTILE: Array<[string, string, Record<string, unknown>]> = [
  ['a variable default inside an _entities representation',
    `query ($p: String = "other") { _entities(representations: [${REP('$p')}]) { ${ENTITY} } }`, {}],
  ['a variable default on imageScore',
    `query ($p: String = "other") { imageScore(projectName: $p, sourceUri: "${URI}") { overallQualityScore } }`, {}],
  ['a non-null variable with a default on imageScores',
    `query ($p: String! = "other") { imageScores(projectName: $p, sourceUris: ["${URI}"]) { __typename } }`, {}],
  ['a literal',
    `{ imageScore(projectName: "other", sourceUri: "${URI}") { overallQualityScore } }`, {}],
  ['a sent variable nested inside a representation object',
    `query ($p: String) { _entities(representations: [${REP('$p')}]) { ${ENTITY} } }`, { p: 'other' }],
  ['a representation list variable',
    `query ($r: [_Any!]!) { _entities(representations: $r) { ${ENTITY} } }`,
    { r: [{ __typename: 'ImageScore', projectName: 'demo', sourceUri: URI }, { __typename: 'ImageScore', projectName: 'other', sourceUri: URI }] }],
  ['a representation variable default inside a list literal',
    `query ($r: _Any = ${REP('"other"')}) { _entities(representations: [$r]) { ${ENTITY} } }`, {}],
  ['a sourceUris list variable next to a defaulted project',
    `query ($p: String = "other", $u: [String!]!) { imageScores(projectName: $p, sourceUris: $u) { __typename } }`, { u: [URI] }],
  ['a fragment with a defaulted variable',
    `query ($p: String = "other") { ...F } fragment F on Query { imageScore(projectName: $p, sourceUri: "${URI}") { overallQualityScore } }`, {}],
  ['a fragment spread inside a fragment',
    `query ($p: String = "other") { ...A } fragment A on Query { ...B } fragment B on Query { _entities(representations: [${REP('$p')}]) { ${ENTITY} } }`, {}],
  ['an inline fragment',
    `query ($p: String = "other") { ... on Query { imageScore(projectName: $p, sourceUri: "${URI}") { overallQualityScore } } }`, {}],
  ['an inline fragment without a type condition, under @include',
    `query ($p: String = "other", $yes: Boolean = true) { ... @include(if: $yes) { imageScore(projectName: $p, sourceUri: "${URI}") { requestId } } }`, {}],
  ['an alias next to an allowed field',
    `query ($p: String = "other") { ok: imageScore(projectName: "demo", sourceUri: "${URI}") { requestId } no: imageScore(projectName: $p, sourceUri: "${URI}") { requestId } }`, {}],
  ['an aliased _entities next to an allowed one',
    `query ($p: String = "other") { a: _entities(representations: [${REP('"demo"')}]) { ${ENTITY} } b: _entities(representations: [${REP('$p')}]) { ${ENTITY} } }`, {}],
  ['a named operation chosen among several',
    `query Fine { __typename } query Bad($p: String = "other") { imageScore(projectName: $p, sourceUri: "${URI}") { requestId } }`, {}],
];

describe('tenant isolation: a key limited to one project', () => {
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway(
      { AUTH_MODE: 'api-key', API_KEYS: `${sha256(DEMO_KEY)}=demo`, RATE_LIMIT_PER_MINUTE: '0' },
      { source: new HashScoreSource() },
    );
  });

  afterAll(() => running.close());

  beforeEach(() => {
    running.source.calls.length = 0;
  });

  const send = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
    fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_KEY}` },
      body: JSON.stringify({ query, variables, operationName }),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> },
    }));

  it.each(HOSTILE)('refuses %s with 403 FORBIDDEN and calls no backend', async (_name, query, variables) => {
    const operationName = query.includes('query Bad') ? 'Bad' : undefined;
    const { status, body } = await send(query, variables, operationName);

    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(status).toBe(403);
    expect(running.source.calls).toHaveLength(0);
  });

  it('scores the same shapes when the default names the key\'s own project', async () => {
    const entities = await send(`query ($p: String = "demo") { _entities(representations: [${REP('$p')}]) { ${ENTITY} } }`);
    const single = await send(`query ($p: String = "demo") { ...F } fragment F on Query { imageScore(projectName: $p, sourceUri: "${URI}") { overallQualityScore } }`);

    expect(entities.status).toBe(200);
    expect(entities.body.errors).toBeUndefined();
    expect(single.status).toBe(200);
    expect(single.body.errors).toBeUndefined();
    expect(running.source.calls.map((call) => call.projectName)).toEqual(['demo']);
  });

  it('answers variables that do not coerce with 400 BAD_USER_INPUT, not a server error', async () => {
    const query = `query ($p: String!, $u: [String!]!) { imageScores(projectName: $p, sourceUris: $u) { __typename } }`;
    const results = await Promise.all([
      send(query, { u: [URI] }),
      send(query, { p: null, u: [URI] }),
      send(query, { p: 'demo', u: 7 }),
      send(query, { p: { nested: 'other' }, u: [URI] }),
    ]);

    for (const { status, body } of results) {
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(status).toBe(400);
    }
    expect(running.source.calls).toHaveLength(0);
  });
});

describe('the score loader as the last line of tenant isolation', () => {
  it('puts FORBIDDEN in the slot of a project the caller may not use, without asking the cache or the source', async () => {
    const source = new CountingSource(new HashScoreSource());
    const cache = new ScoreCache({ store: createInMemoryStore(10), namespace: 't', logger: silentLogger });
    // Another tenant's image, already scored and cached.
    await cache.getOrLoad({ projectName: 'other', sourceUri: URI }, (ref) => source.score(ref));
    source.calls.length = 0;
    const loader = createScoreLoader({ source, cache, logger: silentLogger, mayAccess: (project) => project === 'demo' });

    const [mine, theirs] = await loader.loadMany([
      { projectName: 'demo', sourceUri: URI },
      { projectName: 'other', sourceUri: URI },
    ]);

    expect(mine).toHaveProperty('score.overallQualityScore');
    expect(theirs).toBeInstanceOf(ScoreError);
    expect((theirs as ScoreError).code).toBe('FORBIDDEN');
    expect(source.calls.map((call) => call.projectName)).toEqual(['demo']);
  });
});
