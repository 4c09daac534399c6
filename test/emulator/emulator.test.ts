import OpenApi, { Config, OpenApiRequest, Params } from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { ImmClient } from '../../src/datasources/imm/imm.client';
import type { Emulator } from '../../src/emulator/emulator';
import { captureSigned, replay } from '../helpers/capture-signed';
import { credentialOf, startEmulator, TEST_KEY, TEST_STS_KEY } from '../helpers/imm-emulator';
import type { OssFixture } from '../helpers/oss-fixture';
import { createOssFixture, readSample } from '../helpers/oss-fixture';

/** Calls any RPC action with the real client and returns IMM's error body (or the success). */
async function rawCall(
  emulator: Emulator,
  query: Record<string, string>,
  options: { action?: string; key?: typeof TEST_KEY } = {},
): Promise<{ statusCode?: number; code?: string; data?: Record<string, unknown>; body?: unknown }> {
  const client = new OpenApi(
    new Config({ endpoint: emulator.endpoint, protocol: 'HTTP', credential: credentialOf(options.key ?? TEST_KEY) }),
  );
  const params = new Params({
    action: options.action ?? 'DetectImageScore', version: '2020-09-30', protocol: 'HTTP', pathname: '/',
    method: 'POST', authType: 'AK', style: 'RPC', reqBodyType: 'formData', bodyType: 'json',
  });
  try {
    const response = (await client.callApi(params, new OpenApiRequest({ query }), new RuntimeOptions({}))) as { body: unknown };
    return { body: response.body };
  } catch (error) {
    const e = error as { statusCode?: number; code?: string; data?: Record<string, unknown> };
    return { statusCode: e.statusCode, code: e.code, data: e.data };
  }
}

describe('the IMM emulator over HTTP', () => {
  let fixture: OssFixture;
  let emulator: Emulator;
  let photo: string;

  beforeAll(async () => {
    fixture = await createOssFixture();
    photo = await fixture.put('photos', 'a/coffee.png', await readSample('coffee.png'));
    for (const key of ['a/1.png', 'a/2.png', 'b/3.png']) await fixture.put('photos', key, await readSample('coffee.png'));
    emulator = await startEmulator({ ossRoot: fixture.root });
  });

  afterAll(async () => {
    await emulator.close();
    await fixture.cleanup();
  });

  beforeEach(() => {
    emulator.faults.reset();
    emulator.record.reset();
  });

  it('answers DetectImageScore with a RequestId and a score in [0, 1], for STS credentials too', async () => {
    const success = await rawCall(emulator, { ProjectName: 'demo', SourceURI: photo }, { key: TEST_STS_KEY });

    expect(success.body).toEqual({ RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/), ImageScore: { OverallQualityScore: expect.any(Number) } });
  });

  it.each([
    [{ SourceURI: 'oss://photos/a/coffee.png' }, 400, 'MissingProjectName'],
    [{ ProjectName: 'demo' }, 400, 'MissingSourceURI'],
    [{ ProjectName: 'nope', SourceURI: 'oss://photos/a/coffee.png' }, 400, 'ResourceNotFound'],
    [{ ProjectName: 'demo', SourceURI: 'oss://photos/missing.png' }, 400, 'ResourceNotFound'],
    [{ ProjectName: 'demo', SourceURI: 'http://example.com/x.png' }, 400, 'InvalidArgument'],
    [{ ProjectName: 'demo', SourceURI: 'oss://photos/a/coffee.png', CredentialConfig: 'not json' }, 400, 'InvalidCredentialConfig'],
  ])('answers %j with IMM error body %i %s', async (query, status, code) => {
    const { statusCode, data } = await rawCall(emulator, query);

    expect(statusCode).toBe(status);
    expect(data).toEqual({
      RequestId: expect.any(String),
      HostId: 'imm.cn-hangzhou.aliyuncs.com',
      Code: code,
      Message: expect.any(String),
      Recommend: expect.stringContaining(`q=${encodeURIComponent(code)}`),
      statusCode: status,
    });
  });

  it("says which resource is missing, as IMM's message does for a project", async () => {
    const { data } = await rawCall(emulator, { ProjectName: 'nope', SourceURI: photo });

    expect(data?.Message).toBe('The specified resource project is not found.');
  });

  it('answers an unknown key and an unknown action', async () => {
    const unknown = await rawCall(emulator, { ProjectName: 'demo', SourceURI: photo }, { key: { accessKeyId: 'LTAI-unknown', accessKeySecret: 's' } });
    const action = await rawCall(emulator, { ProjectName: 'demo' }, { action: 'DeleteProject' });

    expect([unknown.statusCode, unknown.code]).toEqual([400, 'InvalidAccessKeyId.NotFound']);
    expect([action.statusCode, action.code]).toEqual([404, 'InvalidAction.NotFound']);
  });

  it('refuses a replayed request: its nonce is single-use', async () => {
    const signed = await captureSigned('ACS3-HMAC-SHA256', TEST_KEY, photo);

    const first = await replay(signed, emulator.url);
    const second = await replay(signed, emulator.url);

    expect(first.status).toBe(200);
    expect([second.status, second.body.Code]).toEqual([400, 'SignatureNonceUsed']);
  });

  it('refuses a request dated more than 15 minutes away from its clock', async () => {
    const skewed = await startEmulator({ ossRoot: fixture.root, now: () => Date.now() + 16 * 60 * 1000 });
    try {
      const { statusCode, code } = await rawCall(skewed, { ProjectName: 'demo', SourceURI: photo });

      expect([statusCode, code]).toEqual([400, 'InvalidTimeStamp.Expired']);
    } finally {
      await skewed.close();
    }
  });

  it('injects faults by key glob, for the first N calls only', async () => {
    emulator.faults.add({ glob: 'a/*.png', times: 2, fault: { kind: 'throttle' } });

    const codes = [];
    for (const key of ['a/1.png', 'b/3.png', 'a/2.png', 'a/1.png']) {
      codes.push((await rawCall(emulator, { ProjectName: 'demo', SourceURI: `oss://photos/${key}` })).code ?? 'ok');
    }

    expect(codes).toEqual(['Throttling.User', 'ok', 'Throttling.User', 'ok']);
  });

  it('injects faults by rate, the same ones for the same seed', async () => {
    const run = async () => {
      emulator.faults.reset(42);
      emulator.faults.add({ rate: 0.5, fault: { kind: 'server-error', status: 503 } });
      const statuses: Array<number | undefined> = [];
      for (let i = 0; i < 8; i += 1) statuses.push((await rawCall(emulator, { ProjectName: 'demo', SourceURI: photo })).statusCode);
      return statuses;
    };

    const first = await run();
    const second = await run();

    expect(first).toEqual(second);
    expect(first).toContain(503);
    expect(first).toContain(undefined);
  });

  it('adds latency and records calls with their times, outcome and the most in flight', async () => {
    emulator.latencyMs = 60;
    try {
      await Promise.all([1, 2, 3].map(() => rawCall(emulator, { ProjectName: 'demo', SourceURI: photo })));
    } finally {
      emulator.latencyMs = 0;
    }

    const calls = emulator.record.callsOf();
    expect(calls).toHaveLength(3);
    expect(calls[0]).toMatchObject({ action: 'DetectImageScore', project: 'demo', uri: photo, outcome: 'ok', status: 200, accessKeyId: TEST_KEY.accessKeyId });
    for (const call of calls) expect(call.endedAt - call.startedAt).toBeGreaterThanOrEqual(55);
    expect(emulator.record.maxInFlight).toBe(3);
  });

  it('takes fault rules and serves the record through its admin API', async () => {
    const added = await fetch(`${emulator.url}/__admin/faults`, {
      method: 'POST',
      body: JSON.stringify({ regex: '^b/', fault: { kind: 'malformed' } }),
    });
    const client = new ImmClient({ endpoint: emulator.endpoint, protocol: 'http', regionId: 'cn-hangzhou', credential: credentialOf(TEST_KEY) });

    const error = await client.detectImageScore({ projectName: 'demo', sourceUri: 'oss://photos/b/3.png', timeoutMs: 2000 }).catch((e: unknown) => e);
    const record = (await (await fetch(`${emulator.url}/__admin/record`)).json()) as { calls: Array<{ outcome: string }> };

    expect(added.status).toBe(201);
    // The client library throws a bare SyntaxError on a non-JSON body (design.md, IMM facts).
    expect(error).toBeInstanceOf(SyntaxError);
    expect(record.calls.map((call) => call.outcome)).toEqual(['malformed']);
  });
});
