import { ImmScoreSource } from '../../../../src/datasources/imm/imm.datasource';
import type { Emulator } from '../../../../src/emulator/emulator';
import type { BatchEntry } from '../../../helpers/gateway';
import { IMAGE_SCORES_QUERY, postGraphQL } from '../../../helpers/gateway';
import { credentialOf, startEmulator, startImmGateway, TEST_KEY } from '../../../helpers/imm-emulator';
import type { OssFixture } from '../../../helpers/oss-fixture';
import { createOssFixture, putCopies } from '../../../helpers/oss-fixture';

describe('the imm backend paces itself', () => {
  let fixture: OssFixture;
  let emulator: Emulator;
  const uris: string[] = [];

  beforeAll(async () => {
    fixture = await createOssFixture();
    uris.push(...(await putCopies(fixture, 'photos', Array.from({ length: 12 }, (_, i) => `copy-${i}.png`))));
    emulator = await startEmulator({ ossRoot: fixture.root });
  });

  afterAll(async () => {
    await emulator.close();
    await fixture.cleanup();
  });

  beforeEach(() => {
    emulator.record.reset();
  });

  it('keeps at most IMM_MAX_IN_FLIGHT calls in flight, and uses all of them', async () => {
    emulator.latencyMs = 40;
    const running = await startImmGateway(emulator, { IMM_MAX_IN_FLIGHT: '3' });
    try {
      const { body } = await postGraphQL<{ imageScores: BatchEntry[] }>(running.url, IMAGE_SCORES_QUERY, {
        projectName: 'demo',
        sourceUris: uris,
      });

      expect(body.data!.imageScores.every((r) => r.__typename === 'ImageScore')).toBe(true);
      expect(emulator.record.callsOf()).toHaveLength(12);
      expect(emulator.record.maxInFlight).toBe(3);
    } finally {
      emulator.latencyMs = 0;
      await running.close();
    }
  });

  it('starts calls of one project no faster than its QPS after the burst', async () => {
    const qps = 20;
    const burst = 2;
    const source = new ImmScoreSource({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: credentialOf(TEST_KEY),
      qps,
      burst,
    });

    await Promise.all(uris.slice(0, 8).map((sourceUri) => source.score({ projectName: 'demo', sourceUri })));

    const starts = emulator.record.callsOf().map((call) => call.startedAt).sort((a, b) => a - b);
    expect(starts).toHaveLength(8);
    // Token bucket envelope: call i (0-based) starts no earlier than (i + 1 - burst) / qps s after
    // the first. 75 ms slack: starts are seen at the emulator, so the first call's own delay on
    // the way (a new connection, a loop busy on a loaded machine) shortens every later gap;
    // unpaced calls would all start within a few ms and still fail by far (the last by 225 ms).
    starts.forEach((at, i) => {
      expect(at - starts[0]!).toBeGreaterThanOrEqual(((i + 1 - burst) * 1000) / qps - 75);
    });
    // And not much slower than the pace: generous, since a busy machine delays timers.
    expect(starts[7]! - starts[0]!).toBeLessThan(((8 - burst) * 1000) / qps + 1000);
  });

  it('paces each project on its own', async () => {
    const source = new ImmScoreSource({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: credentialOf(TEST_KEY),
      qps: 0.5,
      burst: 1,
    });
    const started = Date.now();

    const results = await Promise.allSettled([
      source.score({ projectName: 'demo', sourceUri: uris[0]! }),
      source.score({ projectName: 'other', sourceUri: uris[1]! }),
    ]);

    // Two projects, one token each: neither waited for the other's 2 s pace.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  });
});
