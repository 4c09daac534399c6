import { loadConfig } from '../../../src/config';
import type { Emulator } from '../../../src/emulator/emulator';
import type { Gateway } from '../../../src/server';
import { createGateway } from '../../../src/server';
import { IMAGE_SCORE_QUERY, postGraphQL, silentLogger } from '../../helpers/gateway';
import { immEnv, startEmulator, useTestCredentials } from '../../helpers/imm-emulator';
import type { OssFixture } from '../../helpers/oss-fixture';
import { createOssFixture, putCopies } from '../../helpers/oss-fixture';

/** The value of one sample line of a Prometheus text exposition (0 when absent). */
function sample(text: string, line: string): number {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

const COOLDOWN_MS = 3000;

describe('/metrics of a gateway on the imm backend (built from its configuration)', () => {
  let fixture: OssFixture;
  let emulator: Emulator;
  let gateway: Gateway;
  let url: string;
  const uris: string[] = [];

  beforeAll(async () => {
    fixture = await createOssFixture();
    uris.push(...(await putCopies(fixture, 'photos', ['m-0.png', 'm-1.png', 'm-2.png', 'm-3.png'])));
    emulator = await startEmulator({ ossRoot: fixture.root });
    useTestCredentials();
    const config = loadConfig({
      PORT: '0',
      ...immEnv(emulator, {
        IMM_MAX_ATTEMPTS: '2',
        IMM_BREAKER_THRESHOLD: '2',
        // Long enough that the refusal below still meets an open circuit on a loaded CI box
        // (300 ms was not: the metrics scrape and the next request outlasted it once).
        IMM_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
        // The probe's first real decode can be slow on a busy machine: it must not time out.
        IMM_TIMEOUT_MS: '3000',
        IMM_DEADLINE_MS: '6000',
      }),
    });
    // No `source` given: createGateway builds the imm backend itself, wired to its metrics.
    gateway = await createGateway(config, { logger: silentLogger });
    const { port } = await gateway.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    // Optional: a failed beforeAll must still close what it opened, or jest never exits.
    await gateway?.close();
    await emulator?.close();
    await fixture?.cleanup();
  });

  const metrics = async () => (await fetch(`${url}/metrics`)).text();
  const score = (sourceUri: string) => postGraphQL(`${url}/graphql`, IMAGE_SCORE_QUERY, { projectName: 'demo', sourceUri });

  it('shows the circuit opening while IMM fails and closing once it recovers, counting each layer once', async () => {
    const closed = await metrics();
    emulator.faults.add({ fault: { kind: 'server-error', status: 503 } });

    const failed = await score(uris[0]!);
    // The circuit opened before this reply was sent, so the cooldown is over by openedBy + COOLDOWN_MS.
    const openedBy = Date.now();
    const open = await metrics();
    const callsWhileOpen = emulator.record.callsOf().length;
    const refused = await score(uris[1]!);
    const callsAfterRefusal = emulator.record.callsOf().length;
    const stillOpen = await metrics();

    emulator.faults.reset();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, openedBy + COOLDOWN_MS + 50 - Date.now())));
    const recovered = await score(uris[2]!);
    const after = await metrics();

    expect(sample(closed, 'gateway_upstream_circuit_state')).toBe(0);
    expect(failed.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(sample(open, 'gateway_upstream_circuit_state')).toBe(2);
    // Open: the next image fails fast without reaching IMM.
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(callsAfterRefusal).toBe(callsWhileOpen);
    expect(sample(stillOpen, 'gateway_upstream_circuit_state')).toBe(2);
    expect(recovered.body.data?.imageScore).toMatchObject({ sourceUri: uris[2] });
    expect(sample(after, 'gateway_upstream_circuit_state')).toBe(0);

    // Logical calls (InstrumentedSource): one per image, retries folded in.
    expect(sample(after, 'gateway_upstream_calls_total{outcome="UPSTREAM_UNAVAILABLE"}')).toBe(2);
    expect(sample(after, 'gateway_upstream_calls_total{outcome="ok"}')).toBe(1);
    // Attempts (IMM observer): two 5xx for the first image (one retry), one refusal, one probe.
    expect(sample(after, 'gateway_imm_attempts_total{outcome="server_error"}')).toBe(2);
    expect(sample(after, 'gateway_imm_retries_total{outcome="server_error"}')).toBe(1);
    expect(sample(after, 'gateway_imm_attempts_total{outcome="circuit_open"}')).toBe(1);
    expect(sample(after, 'gateway_imm_attempts_total{outcome="ok"}')).toBe(1);
    expect(sample(after, 'gateway_imm_attempts_in_flight')).toBe(0);
    expect(sample(after, 'gateway_upstream_calls_in_flight')).toBe(0);
  });
});
