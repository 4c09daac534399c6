import { Writable } from 'node:stream';
import pino from 'pino';
import { ImmClient } from '../../../src/datasources/imm/imm.client';
import type { Emulator } from '../../../src/emulator/emulator';
import type { RunningGateway } from '../../helpers/gateway';
import { IMAGE_SCORE_QUERY, IMAGE_SCORES_QUERY, postGraphQL } from '../../helpers/gateway';
import { credentialOf, startEmulator, startImmGateway, TEST_KEY, TEST_STS_KEY } from '../../helpers/imm-emulator';
import type { OssFixture } from '../../helpers/oss-fixture';
import { createOssFixture, putCopies } from '../../helpers/oss-fixture';

/** A pino logger at debug whose lines land in `text()`. */
function captureLogger() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), text: () => chunks.join('') };
}

const SECRETS = [TEST_KEY.accessKeySecret, TEST_STS_KEY.accessKeySecret, TEST_STS_KEY.securityToken];

describe('credentials never leak', () => {
  let fixture: OssFixture;
  let emulator: Emulator;
  const uris: string[] = [];

  beforeAll(async () => {
    fixture = await createOssFixture();
    uris.push(...(await putCopies(fixture, 'photos', ['ok.png', 'hang.png', 'down.png', 'html.png', 'throttled.png'])));
    emulator = await startEmulator({ ossRoot: fixture.root });
    emulator.faults.add({ glob: 'hang.png', fault: { kind: 'hang' } });
    emulator.faults.add({ glob: 'down.png', fault: { kind: 'server-error' } });
    emulator.faults.add({ glob: 'html.png', fault: { kind: 'malformed' } });
    emulator.faults.add({ glob: 'throttled.png', fault: { kind: 'throttle' } });
  });

  afterAll(async () => {
    await emulator.close();
    await fixture.cleanup();
  });

  it("puts the STS token in a v2-signed URL, so the library's raw errors are unsafe to show", async () => {
    const client = new ImmClient({ endpoint: emulator.endpoint, protocol: 'http', regionId: 'cn-hangzhou', credential: credentialOf(TEST_STS_KEY), signatureAlgorithm: 'v2' });

    const error = await client.detectImageScore({ projectName: 'demo', sourceUri: uris[1]!, timeoutMs: 100 }).catch((e: unknown) => e);

    expect(String((error as Error).message)).toContain(encodeURIComponent(TEST_STS_KEY.securityToken));
  });

  it.each([
    ['ACS3, AccessKey', TEST_KEY, 'ACS3-HMAC-SHA256'],
    ['v2, STS', TEST_STS_KEY, 'v2'],
    ['v2, STS with a wrong secret', { ...TEST_STS_KEY, accessKeySecret: 'wrong-secret-value-0001' }, 'v2'],
  ] as const)('keeps secrets out of responses and logs (%s)', async (_name, key, signatureAlgorithm) => {
    const { logger, text } = captureLogger();
    let running: RunningGateway | undefined;
    try {
      running = await startImmGateway(emulator, {}, {
        logger,
        sourceOptions: { credential: credentialOf(key), signatureAlgorithm, timeoutMs: 100, deadlineMs: 400 },
      });
      const batch = await postGraphQL(running.url, IMAGE_SCORES_QUERY, { projectName: 'demo', sourceUris: uris });
      const single = await postGraphQL(running.url, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri: uris[2] });
      const responses = JSON.stringify([batch, single]);

      expect(responses).toMatch(/UPSTREAM_UNAVAILABLE|FORBIDDEN/);
      expect(text()).toMatch(/IMM call failed|IMM refused the call/);
      for (const secret of [...SECRETS, key.accessKeySecret]) {
        expect(responses).not.toContain(secret);
        expect(text()).not.toContain(secret);
        expect(text()).not.toContain(encodeURIComponent(secret));
      }
    } finally {
      await running?.close();
    }
  });
});
