import { CircuitBreaker } from '../../src/datasources/imm/circuit-breaker';
import { ImmScoreSource } from '../../src/datasources/imm/imm.datasource';
import type { CircuitState } from '../../src/datasources/imm/circuit-breaker';
import type { ImmCallEvent } from '../../src/datasources/imm/imm.observer';
import type { Emulator } from '../../src/emulator/emulator';
import { credentialOf, startEmulator, TEST_KEY } from '../helpers/imm-emulator';
import type { OssFixture } from '../helpers/oss-fixture';
import { createOssFixture, readSample } from '../helpers/oss-fixture';

describe('CircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, then lets one probe through after the cooldown', () => {
    let now = 0;
    const states: CircuitState[] = [];
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 100, now: () => now, onStateChange: (s) => states.push(s) });

    breaker.onFailure();
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onFailure();
    expect(breaker.tryAcquire()).toBe(false);
    now = 100;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.onSuccess();

    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens when the probe fails, and a success resets the failure count', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 100, now: () => now });
    breaker.onFailure();
    breaker.onSuccess();
    breaker.onFailure();
    expect(breaker.state).toBe('closed');
    breaker.onFailure();
    now = 150;
    expect(breaker.tryAcquire()).toBe(true);

    breaker.onFailure();

    expect(breaker.state).toBe('open');
  });
});

describe('the imm backend with IMM down', () => {
  let fixture: OssFixture;
  let emulator: Emulator;
  let photo: string;

  beforeAll(async () => {
    fixture = await createOssFixture();
    photo = await fixture.put('photos', 'p.png', await readSample('coffee.png'));
    emulator = await startEmulator({ ossRoot: fixture.root });
  });

  afterAll(async () => {
    await emulator.close();
    await fixture.cleanup();
  });

  it('fails fast while the circuit is open and recovers through a probe', async () => {
    const events: ImmCallEvent[] = [];
    const states: CircuitState[] = [];
    const source = new ImmScoreSource({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: credentialOf(TEST_KEY),
      maxAttempts: 2,
      retryBaseDelayMs: 1,
      breakerFailureThreshold: 2,
      breakerCooldownMs: 150,
      observer: { onCallEnd: (e) => events.push(e), onCircuitStateChange: (s) => states.push(s) },
    });
    emulator.faults.add({ fault: { kind: 'server-error' } });
    const ref = { projectName: 'demo', sourceUri: photo };

    await expect(source.score(ref)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    const callsWhenOpened = emulator.record.callsOf().length;
    await expect(source.score(ref)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });

    expect(source.circuitState).toBe('open');
    expect(emulator.record.callsOf()).toHaveLength(callsWhenOpened);
    expect(events.map((e) => e.outcome)).toEqual(['server_error', 'server_error', 'circuit_open']);

    emulator.faults.reset();
    await new Promise((resolve) => setTimeout(resolve, 160));
    await expect(source.score(ref)).resolves.toMatchObject({ breakdown: null });
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });
});
