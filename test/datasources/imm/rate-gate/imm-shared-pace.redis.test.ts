import { loadConfig } from '../../../../src/config';
import type { Emulator } from '../../../../src/emulator/emulator';
import type { Gateway } from '../../../../src/server';
import { createGateway } from '../../../../src/server';
import type { BatchEntry } from '../../../helpers/gateway';
import { IMAGE_SCORES_QUERY, postGraphQL, silentLogger } from '../../../helpers/gateway';
import { immEnv, startEmulator, useTestCredentials } from '../../../helpers/imm-emulator';
import type { OssFixture } from '../../../helpers/oss-fixture';
import { createOssFixture, readSample } from '../../../helpers/oss-fixture';
import { describeWithRedis, TEST_REDIS_URL } from '../../../helpers/redis';

const QPS = 10;
const PER_REPLICA = 15;

describeWithRedis('two imm gateways sharing one Redis', () => {
  let fixture: OssFixture;
  let emulator: Emulator;
  const replicas: Array<{ gateway: Gateway; url: string }> = [];
  const uris: Record<'a' | 'b', string[]> = { a: [], b: [] };

  beforeAll(async () => {
    fixture = await createOssFixture();
    const bytes = await readSample('coffee.png');
    for (const replica of ['a', 'b'] as const) {
      for (let i = 0; i < PER_REPLICA; i += 1) uris[replica].push(await fixture.put('photos', `${replica}/${i}.png`, bytes));
    }
    emulator = await startEmulator({ ossRoot: fixture.root });
    useTestCredentials();
    const config = loadConfig({
      PORT: '0',
      ...immEnv(emulator, {
        REDIS_URL: TEST_REDIS_URL!,
        IMM_QPS: String(QPS),
        IMM_BURST: '1',
        // Pace waits reach 3 s here; the deadline also bounds how long the shared pace may wait.
        IMM_TIMEOUT_MS: '3000',
        IMM_DEADLINE_MS: '10000',
        // A busy CI machine can take longer than the 150 ms default to answer; past it each
        // replica would fall back to pacing alone, which is the degradation, not what is tested.
        REDIS_COMMAND_TIMEOUT_MS: '2000',
      }),
    });
    for (let i = 0; i < 2; i += 1) {
      const gateway = await createGateway(config, { logger: silentLogger });
      const { port } = await gateway.listen(0, '127.0.0.1');
      replicas.push({ gateway, url: `http://127.0.0.1:${port}/graphql` });
    }
    // Until Redis answers each replica paces alone (the fallback): wait for both connections.
    const deadline = Date.now() + 5000;
    while (!replicas.every(({ gateway }) => gateway.redis?.isReady())) {
      if (Date.now() > deadline) throw new Error('redis not ready');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Warm the emulator's scorer (it remembers scores by content) so call times are the pace's.
    // The warm-up is a scored call (an unknown project would be refused before scoring), of the
    // same content under another key; then the project's bucket refills before the test starts.
    const warm = await fixture.put('photos', 'warm.png', bytes);
    await postGraphQL(replicas[0]!.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: [warm] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    emulator.record.reset();
  });

  afterAll(async () => {
    await Promise.all(replicas.map(({ gateway }) => gateway.close()));
    await emulator.close();
    await fixture.cleanup();
  });

  it('keeps both together under IMM_QPS for the project, as the emulator saw the calls start', async () => {
    const [a, b] = await Promise.all(
      (['a', 'b'] as const).map((replica, i) =>
        postGraphQL<{ imageScores: BatchEntry[] }>(replicas[i]!.url, IMAGE_SCORES_QUERY, {
          projectName: 'demo',
          sourceUris: uris[replica],
        }),
      ),
    );

    const calls = emulator.record.callsOf();
    const starts = calls.map((call) => call.startedAt).sort((x, y) => x - y);
    const busiestSecond = Math.max(...starts.map((t) => starts.filter((u) => u >= t && u < t + 1000).length));
    expect([...a!.body.data!.imageScores, ...b!.body.data!.imageScores].every((r) => r.__typename === 'ImageScore')).toBe(true);
    expect(calls.filter((call) => call.uri?.startsWith('oss://photos/a/'))).toHaveLength(PER_REPLICA);
    expect(calls.filter((call) => call.uri?.startsWith('oss://photos/b/'))).toHaveLength(PER_REPLICA);
    // A token bucket of rate r and burst 1 grants at most 1 + r x 1 s calls in any second; the
    // emulator sees arrivals, which a busy machine delays unevenly (+2 for ~200 ms of jitter).
    // Paced alone, each replica would start ~QPS per second: the pair was seen at 26.
    expect(busiestSecond).toBeLessThanOrEqual(QPS + 3);
    // 30 calls at 10/s: the last starts >= 2.9 s after the first (150 ms slack for that jitter).
    expect(starts[starts.length - 1]! - starts[0]!).toBeGreaterThanOrEqual(((2 * PER_REPLICA - 1) * 1000) / QPS - 150);
  });
});
