import type { ImageRef } from '../../src/datasources/score-source';
import type { RunningGateway } from '../helpers/gateway';
import { IMAGE_SCORE_QUERY, postGraphQL, startGateway } from '../helpers/gateway';

type Entity = { __typename: 'ImageScore'; projectName: string; sourceUri: string; overallQualityScore: number };

const ENTITIES_QUERY = /* GraphQL */ `
  query Entities($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on ImageScore { projectName sourceUri overallQualityScore }
    }
  }
`;

const photo = (file: string) => ({ __typename: 'ImageScore', projectName: 'demo', sourceUri: `oss://samples/${file}` });

describe('the gateway as a Federation 2 subgraph', () => {
  let running: RunningGateway;
  const batches: string[][] = [];

  beforeAll(async () => {
    running = await startGateway(
      {},
      { observer: { onBatch: (refs: readonly ImageRef[]) => batches.push(refs.map((ref) => ref.sourceUri)) } },
    );
  });

  afterAll(async () => {
    await running.close();
  });

  beforeEach(() => {
    running.source.calls.length = 0;
    batches.length = 0;
  });

  it('prints the subgraph SDL with the @link to Federation 2 and the ImageScore @key', async () => {
    const { body } = await postGraphQL<{ _service: { sdl: string } }>(running.url, '{ _service { sdl } }');

    expect(body.errors).toBeUndefined();
    const sdl = body.data!._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])');
    expect(sdl).toMatch(/type ImageScore\s+@key\(fields: "projectName sourceUri"\)/);
    // The plain API is all there, arguments in the contract's order.
    expect(sdl).toMatch(/imageScore\([\s\S]*?projectName: String![\s\S]*?sourceUri: String!\s*\): ImageScore\n/);
    expect(sdl).toMatch(/imageScores\([\s\S]*?projectName: String![\s\S]*?sourceUris: \[String!\]!\s*\): \[ImageScoreResult!\]!\n/);
  });

  it('resolves N representations in one batch and scores each distinct image once', async () => {
    const representations = [
      photo('rocket.jpg'),
      photo('coffee.png'),
      photo('rocket.jpg'),
      photo('fruits.jpg'),
      photo('coffee.png'),
      photo('rocket.jpg'),
    ];

    const { body } = await postGraphQL<{ _entities: Entity[] }>(running.url, ENTITIES_QUERY, { representations });

    expect(body.errors).toBeUndefined();
    expect(body.data!._entities.map((entity) => entity.sourceUri)).toEqual(
      representations.map((representation) => representation.sourceUri),
    );
    expect(batches).toEqual([['oss://samples/rocket.jpg', 'oss://samples/coffee.png', 'oss://samples/fruits.jpg']]);
    expect(running.source.calls).toHaveLength(3);
    const [rocket, , rocketAgain] = body.data!._entities;
    expect(rocketAgain).toEqual(rocket);
  });

  it('answers an entity with the same score as the imageScore query', async () => {
    const [{ body: direct }, { body: entities }] = await Promise.all([
      postGraphQL<{ imageScore: Entity }>(running.url, IMAGE_SCORE_QUERY, {
        projectName: 'demo',
        sourceUri: 'oss://samples/home.jpg',
      }),
      postGraphQL<{ _entities: Entity[] }>(running.url, ENTITIES_QUERY, { representations: [photo('home.jpg')] }),
    ]);

    expect(entities.data!._entities[0]!.overallQualityScore).toBe(direct.data!.imageScore.overallQualityScore);
  });

  it('gives a null entity and a coded error for an image that cannot be scored, beside good ones', async () => {
    const representations = [
      photo('rocket.jpg'),
      photo('missing.jpg'),
      { __typename: 'ImageScore', projectName: 'demo', sourceUri: 'https://example.com/a.jpg' },
      { __typename: 'ImageScore', projectName: 'demo' },
    ];

    const { body } = await postGraphQL<{ _entities: Array<Entity | null> }>(running.url, ENTITIES_QUERY, {
      representations,
    });

    expect(body.data!._entities[0]).toMatchObject({ sourceUri: 'oss://samples/rocket.jpg' });
    expect(body.data!._entities.slice(1)).toEqual([null, null, null]);
    const codes = Object.fromEntries((body.errors ?? []).map((error) => [error.path?.[1], error.extensions?.code]));
    expect(codes).toEqual({ 1: 'OBJECT_NOT_FOUND', 2: 'BAD_USER_INPUT', 3: 'BAD_USER_INPUT' });
  });
});
