import { createHash } from 'node:crypto';
import { createClient } from '@keyv/redis';
import { HashScoreSource } from '../../helpers/fake-source';
import type { RunningGateway } from '../../helpers/gateway';
import { IMAGE_SCORES_QUERY, postGraphQL, startGateway } from '../../helpers/gateway';
import { describeWithRedis } from '../../helpers/redis';
import type { TestRedis } from '../../helpers/redis-server';
import { startTestRedis } from '../../helpers/redis-server';

type BatchData = { imageScores: Array<{ __typename: string; sourceUri: string }> };

const uri = (name: string) => `oss://shared/${name}.jpg`;

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describeWithRedis('two replicas sharing one Redis', () => {
  // Its own redis-server: this file kills and restarts it.
  let redis: TestRedis;
  let a: RunningGateway;
  let b: RunningGateway;

  beforeAll(async () => {
    redis = await startTestRedis();
    const env = { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '100' };
    a = await startGateway(env, { source: new HashScoreSource() });
    b = await startGateway(env, { source: new HashScoreSource() });
    await until(() => a.gateway.redis!.isReady() && b.gateway.redis!.isReady());
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.stop();
  });

  const batch = (replica: RunningGateway, names: string[]) =>
    postGraphQL<BatchData>(replica.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: names.map(uri) });

  const allScored = (body: { data?: BatchData | null }) =>
    body.data?.imageScores.every((entry) => entry.__typename === 'ImageScore');

  it('makes zero upstream calls on replica B for images replica A scored', async () => {
    await batch(a, ['a1', 'a2', 'a3']);
    const { body } = await batch(b, ['a1', 'a2', 'a3', 'a1']);

    expect(allScored(body)).toBe(true);
    expect(a.source.calls).toHaveLength(3);
    expect(b.source.calls).toHaveLength(0);
  });

  it('shares automatic persisted queries: B runs by hash a query A registered', async () => {
    const query = '{ imageScore(projectName: "demo", sourceUri: "oss://shared/apq.jpg") { overallQualityScore } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const post = (url: string, body: object) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (response) => response.json() as Promise<{ data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }>,
      );

    const unknown = await post(b.url, { extensions });
    await post(a.url, { query, extensions });
    const byHash = await post(b.url, { extensions });

    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(byHash.errors).toBeUndefined();
    expect(byHash.data).toEqual({ imageScore: { overallQualityScore: expect.any(Number) } });
  });

  it('keeps shared persisted queries under their own prefix and TTL (APQ_TTL_SECONDS), apart from scores', async () => {
    const admin = createClient({ url: redis.url });
    await admin.connect();
    try {
      const ttls = async (pattern: string) => {
        const keys = (await admin.sendCommand(['KEYS', pattern])) as string[];
        return Promise.all(keys.map(async (key) => Number(await admin.sendCommand(['TTL', key]))));
      };
      const apq = await ttls('*apq:*');
      const scores = await ttls('*score:v1:*');

      expect(apq.length).toBeGreaterThan(0);
      expect(scores.length).toBeGreaterThan(0);
      for (const ttl of apq) expect(ttl).toBeGreaterThan(3000);
      for (const ttl of apq) expect(ttl).toBeLessThanOrEqual(3600);
      for (const ttl of scores) expect(ttl).toBeGreaterThan(3600);
    } finally {
      await admin.quit();
    }
  });

  it('keeps answering while Redis is slow, reading it as a miss', async () => {
    const admin = createClient({ url: redis.url });
    await admin.connect();
    await admin.sendCommand(['CLIENT', 'PAUSE', '1500', 'ALL']);
    const started = Date.now();

    const { body } = await batch(b, ['slow1', 'slow2']);

    const elapsed = Date.now() - started;
    admin.destroy();
    expect(allScored(body)).toBe(true);
    expect(elapsed).toBeLessThan(1000);
    expect(b.source.calls.map((call) => call.sourceUri)).toEqual(expect.arrayContaining([uri('slow1'), uri('slow2')]));
    // Let the pause end before the next test.
    await new Promise((resolve) => setTimeout(resolve, 1500 - elapsed));
  });

  async function waitForSharing(): Promise<void> {
    const deadline = Date.now() + 5000;
    for (let probe = 0; Date.now() < deadline; probe += 1) {
      b.source.calls.length = 0;
      await batch(a, [`probe${probe}`]);
      await batch(b, [`probe${probe}`]);
      if (b.source.calls.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('replicas did not share through Redis again within 5 s');
  }

  it('answers every query while Redis is down, and shares again once it is back', async () => {
    await redis.kill();
    await until(() => !a.gateway.redis!.isReady() && !b.gateway.redis!.isReady());

    const whileDown = await Promise.all([batch(a, ['d1', 'a1']), batch(b, ['d1', 'a2'])]);

    expect(whileDown.every(({ status, body }) => status === 200 && allScored(body))).toBe(true);

    await redis.restart();
    await until(() => a.gateway.redis!.isReady() && b.gateway.redis!.isReady());
    // After failures each replica skips Redis for a short cool-down before probing it again.
    await waitForSharing();
    a.source.calls.length = 0;
    b.source.calls.length = 0;
    await batch(a, ['r1', 'r2']);
    const { body } = await batch(b, ['r1', 'r2']);

    expect(allScored(body)).toBe(true);
    expect(a.source.calls).toHaveLength(2);
    expect(b.source.calls).toHaveLength(0);
  });
});
