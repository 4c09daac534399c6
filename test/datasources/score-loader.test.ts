import { createInMemoryStore, remainingSeconds, ScoreCache } from '../../src/datasources/score-cache';
import { createScoreLoader } from '../../src/datasources/score-loader';
import type { ImageRef } from '../../src/datasources/score-source';
import { LocalScoreSource } from '../../src/datasources/local/local.datasource';
import { DEFAULT_LOCAL_OSS_ROOT } from '../../src/config';
import { ScoreError } from '../../src/errors';
import { CountingSource } from '../helpers/counting-source';
import { silentLogger } from '../helpers/gateway';

const ref = (file: string): ImageRef => ({ projectName: 'demo', sourceUri: `oss://samples/${file}` });

function setup(ttlSeconds = 60) {
  const source = new CountingSource(
    new LocalScoreSource({ ossRoot: DEFAULT_LOCAL_OSS_ROOT, projects: ['demo'], maxObjectBytes: 1 << 26 }),
  );
  const cache = new ScoreCache({ store: createInMemoryStore(100), ttlSeconds, namespace: 't', logger: silentLogger });
  const batches: string[][] = [];
  const newLoader = () =>
    createScoreLoader({
      source,
      cache,
      logger: silentLogger,
      maxBatchSize: 3,
      observer: { onBatch: (refs) => batches.push(refs.map((r) => r.sourceUri)) },
    });
  return { source, batches, newLoader };
}

describe('the per-request score loader', () => {
  it('batches the keys of one tick and deduplicates them', async () => {
    const { batches, newLoader, source } = setup();
    const loader = newLoader();

    await Promise.all([ref('fruits.jpg'), ref('home.jpg'), ref('fruits.jpg')].map((r) => loader.load(r)));

    expect(batches).toEqual([['oss://samples/fruits.jpg', 'oss://samples/home.jpg']]);
    expect(source.calls).toHaveLength(2);
  });

  it('splits a request larger than maxBatchSize into bounded batches', async () => {
    const { batches, newLoader } = setup();
    const files = ['fruits.jpg', 'home.jpg', 'rocket.jpg', 'butterfly.jpg'];

    await newLoader().loadMany(files.map(ref));

    expect(batches.map((b) => b.length)).toEqual([3, 1]);
  });

  it('puts an error in the slot of a failing key and scores its neighbours', async () => {
    const { newLoader } = setup();

    const results = await newLoader().loadMany([ref('home.jpg'), ref('missing.jpg'), ref('fruits.jpg')]);

    expect(results[0]).toHaveProperty('score.overallQualityScore');
    expect(results[1]).toBeInstanceOf(ScoreError);
    expect((results[1] as ScoreError).code).toBe('OBJECT_NOT_FOUND');
    expect(results[2]).toHaveProperty('score.overallQualityScore');
  });

  it('gives each score the expiry of its cache entry, unchanged when later requests hit it', async () => {
    const { newLoader } = setup(60);
    const before = Date.now();

    const first = await newLoader().load(ref('coffee.png'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const hit = await newLoader().load(ref('coffee.png'));

    expect(first.expiresAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(first.expiresAt).toBeLessThanOrEqual(Date.now() + 60_000);
    expect(hit.expiresAt).toBe(first.expiresAt);
    expect(remainingSeconds(hit, first.expiresAt - 30_500)).toBe(30);
    expect(remainingSeconds(hit, first.expiresAt + 1)).toBe(0);
  });

  it('shares scores across requests through the cache, and one upstream call between racing requests', async () => {
    const { newLoader, source } = setup();

    await Promise.all([newLoader().load(ref('rocket.jpg')), newLoader().load(ref('rocket.jpg'))]);
    await newLoader().load(ref('rocket.jpg'));

    expect(source.calls).toHaveLength(1);
  });

  it('scores again once the TTL has passed', async () => {
    const { newLoader, source } = setup(1);

    await newLoader().load(ref('home.jpg'));
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await newLoader().load(ref('home.jpg'));

    expect(source.calls).toHaveLength(2);
  });
});
