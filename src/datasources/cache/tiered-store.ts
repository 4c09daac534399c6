import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from 'pino';
import { LogThrottle } from '../../util/log-throttle';
import type { SharedStoreGuardOptions } from './shared-store-guard';
import { SharedStoreGuard } from './shared-store-guard';

/** Options of {@link TieredStore}. */
export interface TieredStoreOptions {
  /** This replica's own cache: always answers, never fails. */
  local: KeyValueCache<string>;
  /** The cache shared by replicas (Redis). */
  shared: KeyValueCache<string>;
  /** False while the shared store is known to be unreachable: it is then skipped outright. */
  sharedAvailable(): boolean;
  /** TTL given to a value copied from the shared store into memory. @default 300 */
  fillTtlSeconds?: number;
  /** Deadline and cool-down of shared-store calls. */
  guard?: SharedStoreGuardOptions;
  logger: Logger;
}

/**
 * Memory in front of Redis. Reads try memory, then Redis (a Redis hit is copied into memory);
 * writes go to both. Redis failures and timeouts read as misses and are logged at most once per
 * interval, so no query ever fails because of Redis, and sharing resumes by itself when it is back.
 */
export class TieredStore implements KeyValueCache<string> {
  private readonly failures = new LogThrottle();
  private readonly guard: SharedStoreGuard;

  constructor(private readonly options: TieredStoreOptions) {
    this.guard = new SharedStoreGuard(options.guard);
  }

  /** False while the shared store is unreachable or being skipped after failures. */
  sharedHealthy(): boolean {
    return this.options.sharedAvailable() && !this.guard.open;
  }

  async get(key: string): Promise<string | undefined> {
    const local = await this.options.local.get(key);
    if (local !== undefined) return local;
    if (!this.options.sharedAvailable()) return undefined;
    try {
      const shared = await this.guard.run(() => this.options.shared.get(key));
      if (shared !== undefined) {
        await this.options.local.set(key, shared, { ttl: this.options.fillTtlSeconds ?? 300 });
      }
      return shared;
    } catch (error) {
      this.logFailure('read', error);
      return undefined;
    }
  }

  async set(key: string, value: string, options?: KeyValueCacheSetOptions): Promise<void> {
    await this.options.local.set(key, value, options);
    if (!this.options.sharedAvailable()) return;
    try {
      await this.guard.run(() => this.options.shared.set(key, value, options));
    } catch (error) {
      this.logFailure('write', error);
    }
  }

  async delete(key: string): Promise<boolean | void> {
    const deleted = await this.options.local.delete(key);
    if (!this.options.sharedAvailable()) return deleted;
    try {
      return (await this.guard.run(() => this.options.shared.delete(key))) ?? deleted;
    } catch (error) {
      this.logFailure('delete', error);
      return deleted;
    }
  }

  private logFailure(operation: string, error: unknown): void {
    this.failures.run((suppressed) =>
      this.options.logger.warn(
        { err: error, operation, suppressed },
        'shared cache unavailable; using this replica\'s memory cache',
      ),
    );
  }
}
