import sharp from 'sharp';
import { LocalScoreSource } from '../../../src/datasources/local/local.datasource';
import { loadConfig } from '../../../src/config';
import type { OssFixture } from '../../helpers/oss-fixture';
import { createOssFixture } from '../../helpers/oss-fixture';
import type { RunningGateway } from '../../helpers/gateway';
import { IMAGE_SCORES_QUERY, postGraphQL, startGateway } from '../../helpers/gateway';

const BIG_BATCH = 12;

describe('the backend queue is fair across requests', () => {
  let fixture: OssFixture;
  let running: RunningGateway;
  let batchUris: string[];
  let loneUri: string;

  beforeAll(async () => {
    fixture = await createOssFixture();
    // Distinct small photos-to-be (noise, so each decodes for real), one per URI: the cache
    // and the loader deduplicate by URI, so every URI is one backend call.
    const image = (seed: number) =>
      sharp({ create: { width: 128, height: 96, channels: 3, background: { r: seed % 255, g: 90, b: 40 }, noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
        .jpeg({ quality: 85 })
        .toBuffer();
    batchUris = await Promise.all(
      Array.from({ length: BIG_BATCH }, async (_, i) => fixture.put('fair', `batch/${i}.jpg`, await image(i))),
    );
    loneUri = await fixture.put('fair', 'lone.jpg', await image(999));
    const config = loadConfig({ LOCAL_OSS_ROOT: fixture.root });
    // One image at a time: every other call waits in the backend's queue.
    running = await startGateway(
      { LOCAL_OSS_ROOT: fixture.root, RATE_LIMIT_PER_MINUTE: '0' },
      { source: new LocalScoreSource({ ...config.local, concurrency: 1 }) },
    );
  });

  afterAll(async () => {
    await running?.close();
    await fixture?.cleanup();
  });

  it("scores another request's single image before the first request's 12 queued images drain", async () => {
    const finished: string[] = [];
    const big = postGraphQL(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: batchUris }).then((r) => {
      finished.push('batch');
      return r;
    });
    // Wait until the batch holds the backend and has queued the rest behind it.
    while (running.source.calls.length < BIG_BATCH) await new Promise((resolve) => setTimeout(resolve, 2));
    const lone = await postGraphQL(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: [loneUri] });
    finished.push('lone');
    const batch = await big;

    expect(lone.body.data?.imageScores).toEqual([expect.objectContaining({ __typename: 'ImageScore', sourceUri: loneUri })]);
    expect((batch.body.data?.imageScores as unknown[]).length).toBe(BIG_BATCH);
    // With one FIFO queue the lone image waited for all 12: the batch finished first.
    expect(finished).toEqual(['lone', 'batch']);
  });
});
