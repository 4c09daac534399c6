import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, findBreakingChanges, findDangerousChanges } from 'graphql';
import { createClient } from '../../examples/client/client';
import type { ScoreErrorCode } from '../../examples/client/gql/graphql';
import { scoreGallery } from '../../examples/client/score-gallery';
import { scoreImage } from '../../examples/client/score-image';
import { buildApiSchema } from '../../src/resolvers/build-schema';
import type { RunningGateway } from '../helpers/gateway';
import { startGateway } from '../helpers/gateway';

const ROCKET = 'oss://samples/rocket.jpg';
const COFFEE = 'oss://samples/coffee.png';
const MISSING = 'oss://samples/no-such-photo.jpg';

describe('the generated typed client against a running gateway', () => {
  let running: RunningGateway;

  beforeAll(async () => {
    running = await startGateway();
  });

  afterAll(async () => {
    await running.close();
  });

  it('scores one image with the typed single query', async () => {
    const outcome = await scoreImage(createClient(running.url), 'demo', ROCKET);

    if (!outcome.ok) throw new Error(`expected a score, got ${outcome.code}`);
    // Typed fields: a number, and the breakdown's selection (null only from the imm backend).
    const score: number = outcome.score.overallQualityScore;
    const exposure: number | undefined = outcome.score.breakdown?.exposure;
    expect(score).toBeGreaterThan(0);
    expect(score).toBeLessThan(1);
    expect(exposure).toEqual(expect.any(Number));
    expect(outcome.score.sourceUri).toBe(ROCKET);
  });

  it('reports a single failure by its extensions.code', async () => {
    const client = createClient(running.url);

    await expect(scoreImage(client, 'demo', MISSING)).resolves.toMatchObject({ ok: false, code: 'OBJECT_NOT_FOUND' });
    await expect(scoreImage(client, 'demo', 'https://example.com/a.jpg')).resolves.toMatchObject({
      ok: false,
      code: 'BAD_USER_INPUT',
    });
  });

  it('splits a batch by the union __typename, in input order', async () => {
    const gallery = await scoreGallery(createClient(running.url), 'demo', [ROCKET, MISSING, COFFEE, 'oss://x/a', ROCKET]);

    expect(gallery.scored.map((image) => image.sourceUri)).toEqual([ROCKET, COFFEE, ROCKET]);
    for (const image of gallery.scored) expect(image.overallQualityScore).toBeGreaterThan(0);
    // The code is the generated ScoreErrorCode union, not a bare string.
    const codes: ScoreErrorCode[] = gallery.failed.map((error) => error.code);
    expect(codes).toEqual(['OBJECT_NOT_FOUND', 'INVALID_SOURCE_URI']);
  });

  it('is generated from a schema.graphql equal to the schema the code builds', async () => {
    const committed = buildSchema(fs.readFileSync(path.join(__dirname, '..', '..', 'schema.graphql'), 'utf8'));
    const built = await buildApiSchema({ maxBatchSize: 100 });

    expect([...findBreakingChanges(committed, built), ...findDangerousChanges(committed, built)]).toEqual([]);
    expect([...findBreakingChanges(built, committed), ...findDangerousChanges(built, committed)]).toEqual([]);
  });
});
