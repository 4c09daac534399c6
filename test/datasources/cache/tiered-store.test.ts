import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { TieredStore } from '../../../src/datasources/cache/tiered-store';
import { captureLogger } from '../../helpers/log-capture';

const failing: KeyValueCache<string> = {
  get: () => Promise.reject(new Error('ECONNREFUSED')),
  set: () => Promise.reject(new Error('ECONNREFUSED')),
  delete: () => Promise.reject(new Error('ECONNREFUSED')),
};

const hanging: KeyValueCache<string> = {
  get: () => new Promise(() => undefined),
  set: () => new Promise(() => undefined),
  delete: () => new Promise(() => undefined),
};

describe('TieredStore', () => {
  it('reads a failing shared store as a miss and logs it once per interval, not per call', async () => {
    const { logger, lines } = captureLogger();
    const store = new TieredStore({ local: new InMemoryLRUCache(), shared: failing, sharedAvailable: () => true, logger });

    const reads = await Promise.all(Array.from({ length: 50 }, (_, i) => store.get(`k${i}`)));
    await store.set('k', 'v');

    expect(reads.every((value) => value === undefined)).toBe(true);
    expect(await store.get('k')).toBe('v');
    expect(lines.filter((line) => line.level === 40)).toHaveLength(1);
  });

  it('gives up on a hung shared store at the deadline, then skips it for the cool-down', async () => {
    const { logger } = captureLogger();
    const shared = { ...hanging, get: jest.fn(hanging.get) };
    const store = new TieredStore({
      local: new InMemoryLRUCache(),
      shared,
      sharedAvailable: () => true,
      guard: { deadlineMs: 20, failureThreshold: 2, coolDownMs: 60_000 },
      logger,
    });

    const started = Date.now();
    for (let i = 0; i < 5; i += 1) await store.get(`k${i}`);

    expect(Date.now() - started).toBeLessThan(500);
    expect(shared.get).toHaveBeenCalledTimes(2);
    expect(store.sharedHealthy()).toBe(false);
  });

  it('copies a shared hit into memory', async () => {
    const { logger } = captureLogger();
    const shared = new InMemoryLRUCache<string>();
    await shared.set('k', 'v');
    const local = new InMemoryLRUCache<string>();
    const store = new TieredStore({ local, shared, sharedAvailable: () => true, logger });

    expect(await store.get('k')).toBe('v');
    expect(await local.get('k')).toBe('v');
  });
});
