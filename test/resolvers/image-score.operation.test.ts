import type { BatchEntry } from '../helpers/gateway';
import { IMAGE_SCORE_QUERY, IMAGE_SCORES_QUERY } from '../helpers/gateway';
import type { OperationServer } from '../helpers/operation';
import { startOperationServer } from '../helpers/operation';

// Schema behaviour in process (Apollo's executeOperation): the resolvers, the reference
// resolver and formatError over the real local backend on the sample bucket, no HTTP.

const sample = (file: string) => `oss://samples/${file}`;
type Batch = { imageScores: BatchEntry[] };
type Single = { imageScore: { sourceUri: string; overallQualityScore: number } | null };

const ENTITIES_QUERY = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on ImageScore { projectName sourceUri overallQualityScore }
    }
  }
`;

describe('imageScores, executed in process', () => {
  let server: OperationServer;

  beforeAll(async () => {
    server = await startOperationServer({ maxBatchSize: 5 });
  });

  afterAll(() => server.close());

  it('answers one union entry per input, in input order: scores and per-item errors side by side', async () => {
    const uris = [sample('fruits.jpg'), sample('no-such.jpg'), 'https://example.com/a.jpg', sample('LICENCES.md'), sample('home.jpg')];

    const { data, errors } = await server.execute<Batch>(IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris });

    expect(errors).toBeUndefined();
    expect(data!.imageScores.map((entry) => [entry.__typename, entry.sourceUri])).toEqual(uris.map((uri, i) => [
      [0, 4].includes(i) ? 'ImageScore' : 'ImageScoreError',
      uri,
    ]));
    expect(data!.imageScores.map((entry) => ('code' in entry ? entry.code : 'ok'))).toEqual([
      'ok',
      'OBJECT_NOT_FOUND',
      'INVALID_SOURCE_URI',
      'UNSUPPORTED_IMAGE',
      'ok',
    ]);
  });

  it('gives every item PROJECT_NOT_FOUND for a project the backend does not have', async () => {
    const { data } = await server.execute<Batch>(IMAGE_SCORES_QUERY, {
      projectName: 'elsewhere',
      sourceUris: [sample('fruits.jpg'), sample('home.jpg')],
    });

    expect(data!.imageScores.map((entry) => ('code' in entry ? entry.code : entry.__typename))).toEqual([
      'PROJECT_NOT_FOUND',
      'PROJECT_NOT_FOUND',
    ]);
  });

  it('scores duplicates once, in one batch of distinct keys, and gives each the same score', async () => {
    const before = server.batches.length;
    const calls = server.source.calls.length;
    const uris = [sample('rocket.jpg'), sample('butterfly.jpg'), sample('rocket.jpg'), sample('rocket.jpg')];

    const { data } = await server.execute<Batch>(IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris });

    expect(server.batches.slice(before)).toEqual([[sample('rocket.jpg'), sample('butterfly.jpg')]]);
    expect(server.source.calls.length - calls).toBe(2);
    const scores = data!.imageScores.map((entry) => ('overallQualityScore' in entry ? entry.overallQualityScore : NaN));
    expect(scores[0]).toBe(scores[2]);
    expect(scores[0]).toBe(scores[3]);
    expect(scores[0]).not.toBe(scores[1]);
  });

  it('shares one loader across the fields of an operation: aliases land in one batch', async () => {
    const before = server.batches.length;
    const query = /* GraphQL */ `
      query Two($projectName: String!, $a: String!, $b: [String!]!) {
        one: imageScore(projectName: $projectName, sourceUri: $a) { overallQualityScore }
        many: imageScores(projectName: $projectName, sourceUris: $b) { __typename }
      }
    `;

    const { errors } = await server.execute(query, {
      projectName: 'demo',
      a: sample('astronaut.png'),
      b: [sample('astronaut.png'), sample('coffee.png')],
    });

    expect(errors).toBeUndefined();
    expect(server.batches.slice(before)).toEqual([[sample('astronaut.png'), sample('coffee.png')]]);
  });

  it('refuses a list over MAX_BATCH_SIZE as BAD_USER_INPUT, scoring nothing', async () => {
    const before = server.batches.length;
    const uris = Array.from({ length: 6 }, (_, i) => sample(`x${i}.jpg`));

    const { data, errors } = await server.execute<Batch>(IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris });

    expect(data).toBeNull();
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(server.batches.length).toBe(before);
  });
});

describe('imageScore, executed in process', () => {
  let server: OperationServer;

  beforeAll(async () => {
    server = await startOperationServer();
  });

  afterAll(() => server.close());

  it('scores one image', async () => {
    const { data, errors } = await server.execute<Single>(IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: sample('chelsea.png') });

    expect(errors).toBeUndefined();
    expect(data!.imageScore!.overallQualityScore).toBeGreaterThan(0);
  });

  it.each([
    ['a missing object', 'demo', sample('no-such.png'), { code: 'OBJECT_NOT_FOUND' }],
    ['a file that is not an image', 'demo', sample('LICENCES.md'), { code: 'UNSUPPORTED_IMAGE' }],
    ['an unknown project', 'elsewhere', sample('chelsea.png'), { code: 'PROJECT_NOT_FOUND' }],
    ['a URI outside the contract', 'demo', 'oss://samples/../etc/passwd', { code: 'BAD_USER_INPUT', reason: 'INVALID_SOURCE_URI' }],
    ['a malformed project name', 'no spaces', sample('chelsea.png'), { code: 'BAD_USER_INPUT' }],
  ])('fails the field for %s with its code in extensions', async (_what, projectName, sourceUri, extensions) => {
    const { data, errors } = await server.execute<Single>(IMAGE_SCORE_QUERY, { projectName, sourceUri });

    expect(data).toEqual({ imageScore: null });
    expect(errors).toHaveLength(1);
    expect(errors![0]!.path).toEqual(['imageScore']);
    expect(errors![0]!.extensions).toEqual(extensions);
  });

  it('puts FORBIDDEN with reason API_KEY_PROJECT on a project outside the caller key, calling no backend', async () => {
    const calls = server.source.calls.length;
    const principal = { keyId: 'k1', projectScope: '["other"]', mayAccess: (project: string) => project === 'other' };

    const { errors } = await server.execute<Single>(IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: sample('chelsea.png') }, principal);

    expect(errors![0]!.extensions).toEqual({ code: 'FORBIDDEN', reason: 'API_KEY_PROJECT' });
    expect(server.source.calls.length).toBe(calls);
  });
});

describe('_entities, executed in process', () => {
  let server: OperationServer;

  beforeAll(async () => {
    server = await startOperationServer();
  });

  afterAll(() => server.close());

  it('resolves every representation through one batch, and fails only the bad one', async () => {
    const before = server.batches.length;
    const representations = [
      { __typename: 'ImageScore', projectName: 'demo', sourceUri: sample('building.jpg') },
      { __typename: 'ImageScore', projectName: 'demo', sourceUri: sample('no-such.jpg') },
      { __typename: 'ImageScore', projectName: 'demo', sourceUri: sample('building.jpg') },
      { __typename: 'ImageScore', projectName: 'demo' },
    ];

    const { data, errors } = await server.execute<{ _entities: Array<{ sourceUri: string } | null> }>(ENTITIES_QUERY, { representations });

    expect(data!._entities.map((entity) => entity?.sourceUri ?? null)).toEqual([sample('building.jpg'), null, sample('building.jpg'), null]);
    const byIndex = [...errors!].sort((x, y) => Number(x.path?.[1]) - Number(y.path?.[1]));
    expect(byIndex.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['_entities', 1], 'OBJECT_NOT_FOUND'],
      [['_entities', 3], 'BAD_USER_INPUT'],
    ]);
    expect(server.batches.slice(before)).toEqual([[sample('building.jpg'), sample('no-such.jpg')]]);
  });
});
