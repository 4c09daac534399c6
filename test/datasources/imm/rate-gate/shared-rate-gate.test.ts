import { sharedRateGate } from '../../../../src/datasources/imm/rate-gate/shared-rate-gate';
import { ScoreError, ScoreErrorCode } from '../../../../src/errors';
import { createRedisConnection } from '../../../../src/redis/redis-connection';
import { silentLogger } from '../../../helpers/gateway';
import { describeWithRedis, ready, TEST_REDIS_URL } from '../../../helpers/redis';
import { freePort } from '../../../helpers/redis-server';

describeWithRedis('the IMM pace shared through Redis', () => {
  it('answers THROTTLED, without waiting, when the wait would pass the deadline', async () => {
    const redis = await ready(createRedisConnection({ url: TEST_REDIS_URL!, logger: silentLogger }));
    try {
      const pace = sharedRateGate({ redis, imm: { qps: 2, burst: 1, deadlineMs: 600 }, logger: silentLogger });
      const project = `refuse-${Date.now()}`;
      const started = Date.now();

      const results = await Promise.allSettled([1, 2, 3, 4].map(() => pace.acquire(project)));

      // Burst 1 plus one token 500 ms later fit in 600 ms; the other two would wait longer.
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(refused?.reason).toBeInstanceOf(ScoreError);
      expect((refused?.reason as ScoreError).code).toBe(ScoreErrorCode.THROTTLED);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await redis.close();
    }
  });
});

describe('the IMM pace without Redis', () => {
  it("paces this replica alone with its own bucket while Redis is unreachable", async () => {
    const redis = createRedisConnection({ url: `redis://127.0.0.1:${await freePort()}`, logger: silentLogger });
    try {
      const pace = sharedRateGate({ redis, imm: { qps: 10, burst: 1, deadlineMs: 5000 }, logger: silentLogger });
      const started = Date.now();

      await Promise.all([1, 2, 3].map(() => pace.acquire('demo')));

      // Burst 1, then 100 ms per call: the third starts >= 200 ms in.
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    } finally {
      await redis.close();
    }
  });
});
