import { CircuitBreaker } from '../../../src/datasources/imm/circuit-breaker';
import { ImmScoreSource } from '../../../src/datasources/imm/imm.datasource';
import type { CircuitState } from '../../../src/datasources/imm/circuit-breaker';
import type { ImmCallEvent } from '../../../src/datasources/imm/imm.observer';
import type { Emulator } from '../../../src/emulator/emulator';
import { credentialOf, startEmulator, TEST_KEY } from '../../helpers/imm-emulator';
import type { OssFixture } from '../../helpers/oss-fixture';
import { createOssFixture, readSample } from '../../helpers/oss-fixture';

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

describe('the imm backend with one project failing', () => {
  let fixture: OssFixture;
  let emulator: Emulator;
  let photo: string;

  beforeAll(async () => {
    fixture = await createOssFixture();
    photo = await fixture.put('photos', 'p.png', await readSample('coffee.png'));
    emulator = await startEmulator({ ossRoot: fixture.root, projects: ['demo', 'other'] });
  });

  afterAll(async () => {
    await emulator.close();
    await fixture.cleanup();
  });

  it("keeps other projects' circuits closed while a batch of hanging images opens its own", async () => {
    const source = new ImmScoreSource({
      endpoint: emulator.endpoint,
      protocol: 'http',
      credential: credentialOf(TEST_KEY),
      timeoutMs: 1500,
      maxAttempts: 1,
      breakerFailureThreshold: 3,
      breakerCooldownMs: 60_000,
    });
    // Warm the emulator's scorer (its first call starts workers), so the good image later
    // answers well within the short timeout.
    const warm = new ImmScoreSource({ endpoint: emulator.endpoint, protocol: 'http', credential: credentialOf(TEST_KEY), timeoutMs: 20_000 });
    await warm.score({ projectName: 'demo', sourceUri: photo });
    // Every image of project `other` hangs IMM's read, as a hostile client's batch would.
    emulator.faults.add({ fault: { kind: 'hang' }, project: 'other' });
    const hanging = Array.from({ length: 8 }, (_, i) => ({ projectName: 'other', sourceUri: `oss://photos/hang-${i}.png` }));

    const results = await Promise.allSettled(hanging.map((ref) => source.score(ref)));
    const good = await source.score({ projectName: 'demo', sourceUri: photo });

    expect(results.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'UPSTREAM_UNAVAILABLE')).toBe(true);
    expect(source.circuitStateOf('other')).toBe('open');
    expect(source.circuitStateOf('demo')).toBe('closed');
    expect(good.overallQualityScore).toBeGreaterThan(0);
    // The gauge shows the worst circuit; readiness holds while any project's circuit is closed.
    expect(source.circuitState).toBe('open');
    await expect(source.checkReady()).resolves.toBeUndefined();
    emulator.faults.reset();
  });
});
