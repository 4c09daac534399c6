import { LocalScoreSource } from '../../../src/datasources/local/local.datasource';
import type { Emulator } from '../../../src/emulator/emulator';
import type { BatchEntry, RunningGateway } from '../../helpers/gateway';
import { IMAGE_SCORE_QUERY, IMAGE_SCORES_QUERY, postGraphQL } from '../../helpers/gateway';
import { counterFrom } from '../../helpers/prometheus';
import { credentialOf, startEmulator, startImmGateway, TEST_KEY } from '../../helpers/imm-emulator';
import type { OssFixture } from '../../helpers/oss-fixture';
import { createOssFixture, readSample, truncatedCopy } from '../../helpers/oss-fixture';

type BatchData = { imageScores: BatchEntry[] };
type Scored = Extract<BatchEntry, { __typename: 'ImageScore' }>;
type Failed = Extract<BatchEntry, { __typename: 'ImageScoreError' }>;

describe('the gateway on the imm backend, against the emulator over HTTP', () => {
  let fixture: OssFixture;
  let emulator: Emulator;
  let running: RunningGateway;
  const uri: Record<string, string> = {};

  beforeAll(async () => {
    fixture = await createOssFixture();
    for (const name of ['coffee.png', 'rocket.jpg', 'fruits.jpg']) {
      uri[name] = await fixture.put('photos', name, await readSample(name));
    }
    const chelsea = await readSample('chelsea.png');
    for (const key of ['throttle-once.png', 'broken/always-5xx.png', 'hang.png', 'malformed.png', 'ok-1.png', 'ok-2.png', 'dup.png']) {
      uri[key] = await fixture.put('photos', key, chelsea);
    }
    uri.truncated = await fixture.put('photos', 'truncated.jpg', await truncatedCopy('rocket.jpg'));
    emulator = await startEmulator({ ossRoot: fixture.root });
    running = await startImmGateway(emulator);
  });

  afterAll(async () => {
    await running.close();
    await emulator.close();
    await fixture.cleanup();
  });

  beforeEach(() => {
    emulator.faults.reset();
    emulator.record.reset();
  });

  const batch = (sourceUris: string[], url = running.url, projectName = 'demo') =>
    postGraphQL<BatchData>(url, IMAGE_SCORES_QUERY, { projectName, sourceUris });
  const callsFor = (sourceUri: string) => emulator.record.callsOf().filter((call) => call.uri === sourceUri);

  it("gives the local backend's scores for the same images", async () => {
    const uris = [uri['coffee.png']!, uri['rocket.jpg']!, uri['fruits.jpg']!];
    const local = new LocalScoreSource({ ossRoot: fixture.root, projects: ['demo'], maxObjectBytes: 50 << 20 });

    const { body } = await batch(uris);

    const expected = await Promise.all(uris.map((sourceUri) => local.score({ projectName: 'demo', sourceUri })));
    const results = body.data!.imageScores as Scored[];
    expect(results.map((r) => r.__typename)).toEqual(['ImageScore', 'ImageScore', 'ImageScore']);
    expect(results.map((r) => r.overallQualityScore)).toEqual(expected.map((s) => s.overallQualityScore));
    // IMM's RequestId comes through, the emulator's own for each call.
    expect(new Set(results.map((r) => r.requestId)).size).toBe(3);
  });

  it('calls IMM once per distinct uncached image, and not again within the TTL', async () => {
    const input = [uri['ok-1.png']!, uri['dup.png']!, uri['ok-1.png']!, uri['ok-2.png']!, uri['dup.png']!];

    const first = await batch(input);
    const second = await batch(input);

    expect(first.body.data!.imageScores.every((r) => r.__typename === 'ImageScore')).toBe(true);
    expect(second.body.data!.imageScores).toEqual(first.body.data!.imageScores);
    expect(emulator.record.callsOf().map((call) => call.uri).sort()).toEqual(
      [uri['dup.png'], uri['ok-1.png'], uri['ok-2.png']].sort(),
    );
  });

  it('retries a throttled call and succeeds', async () => {
    emulator.faults.add({ glob: 'throttle-once.png', times: 1, fault: { kind: 'throttle' } });

    const { body } = await batch([uri['throttle-once.png']!]);

    expect(body.data!.imageScores[0]!.__typename).toBe('ImageScore');
    expect(callsFor(uri['throttle-once.png']!).map((call) => call.outcome)).toEqual(['Throttling.User', 'ok']);
  });

  it('gives UPSTREAM_UNAVAILABLE for an always-5xx object while its batch neighbours succeed', async () => {
    emulator.faults.add({ regex: '^broken/', fault: { kind: 'server-error', status: 503 } });
    const input = [uri['coffee.png']!, uri['broken/always-5xx.png']!, uri['rocket.jpg']!];

    const { body } = await batch(input);

    const results = body.data!.imageScores;
    expect(results.map((r) => r.__typename)).toEqual(['ImageScore', 'ImageScoreError', 'ImageScore']);
    expect((results[1] as Failed).code).toBe('UPSTREAM_UNAVAILABLE');
    // Bounded attempts (IMM_MAX_ATTEMPTS=3), each a 5xx, which IMM does not bill.
    expect(callsFor(uri['broken/always-5xx.png']!).map((call) => call.status)).toEqual([503, 503, 503]);
  });

  it('ends a hung call within the deadline with UPSTREAM_UNAVAILABLE', async () => {
    emulator.faults.add({ glob: 'hang.png', fault: { kind: 'hang' } });
    // Ten 300 ms attempts would take 3 s; the 800 ms deadline must cut them short.
    const short = await startImmGateway(emulator, {
      IMM_TIMEOUT_MS: '300',
      IMM_DEADLINE_MS: '800',
      IMM_MAX_ATTEMPTS: '10',
    });
    try {
      const started = Date.now();

      const { body } = await postGraphQL(short.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: uri['hang.png'] });

      const elapsed = Date.now() - started;
      expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      // Under ten attempts' 3 s, with room for a loaded CI box past the 800 ms deadline.
      expect(elapsed).toBeLessThan(2600);
      expect(callsFor(uri['hang.png']!).length).toBeGreaterThanOrEqual(2);
      expect(callsFor(uri['hang.png']!).length).toBeLessThan(10);
    } finally {
      await short.close();
    }
  });

  it('gives UPSTREAM_UNAVAILABLE for a non-JSON body, after retrying it', async () => {
    emulator.faults.add({ glob: 'malformed.png', fault: { kind: 'malformed' } });

    const { body } = await batch([uri['malformed.png']!]);

    expect((body.data!.imageScores[0] as Failed).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(callsFor(uri['malformed.png']!)).toHaveLength(3);
  });

  it("maps IMM's 4xx answers to contract codes without retrying them (IMM bills them)", async () => {
    const missing = 'oss://photos/no-such-object.png';

    const { body } = await batch([missing, uri.truncated!]);
    const unknownProject = await batch([uri['coffee.png']!], running.url, 'no-such-project');

    expect(body.data!.imageScores.map((r) => (r as Failed).code)).toEqual(['OBJECT_NOT_FOUND', 'UNSUPPORTED_IMAGE']);
    expect((unknownProject.body.data!.imageScores[0] as Failed).code).toBe('PROJECT_NOT_FOUND');
    expect(emulator.record.callsOf().map((call) => call.outcome)).toEqual(
      expect.arrayContaining(['ResourceNotFound', 'InvalidArgument', 'ResourceNotFound']),
    );
    expect(emulator.record.callsOf()).toHaveLength(3);
  });

  it('gives FORBIDDEN for a wrong AccessKey secret, without retrying', async () => {
    const wrong = await startImmGateway(emulator, {}, {
      sourceOptions: { credential: credentialOf({ ...TEST_KEY, accessKeySecret: 'not-the-secret' }) },
    });
    try {
      const { body } = await batch([uri['coffee.png']!], wrong.url);

      expect((body.data!.imageScores[0] as Failed).code).toBe('FORBIDDEN');
      expect(emulator.record.callsOf().map((call) => call.outcome)).toEqual(['SignatureDoesNotMatch']);
    } finally {
      await wrong.close();
    }
  });

  it('tells an IMM refusal of a single image apart: reason UPSTREAM_DENIED, counted as FORBIDDEN_UPSTREAM', async () => {
    const wrong = await startImmGateway(emulator, {}, {
      sourceOptions: { credential: credentialOf({ ...TEST_KEY, accessKeySecret: 'not-the-secret' }) },
    });
    try {
      const upstream = await counterFrom(wrong.url, 'gateway_graphql_errors_total{code="FORBIDDEN_UPSTREAM"}');
      const keyRefusals = await counterFrom(wrong.url, 'gateway_graphql_errors_total{code="FORBIDDEN"}');

      const { body } = await postGraphQL(wrong.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: uri['coffee.png'] });

      expect(body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', reason: 'UPSTREAM_DENIED' });
      expect([await upstream.delta(), await keyRefusals.delta()]).toEqual([1, 0]);
    } finally {
      await wrong.close();
    }
  });
});
