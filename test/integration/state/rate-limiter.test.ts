import { afterAll, describe, expect, it } from 'vitest';
import { RedisRateLimiter } from '../../../src/queue/rate-limiter.js';
import { deletePrefix, newRedis, uniquePrefix } from '../../helpers/redis.js';

describe('global request limiter (GCRA in Redis)', () => {
  const redis = newRedis();
  const prefix = uniquePrefix('limiter');
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('hands out slots 1000/rate ms apart across independent limiters sharing one key', async () => {
    const waits: number[] = [];
    const record = (ms: number): Promise<void> => {
      waits.push(ms);
      return Promise.resolve();
    };
    // two "processes" sharing the budget
    const a = new RedisRateLimiter(redis, `{${prefix}}:limit`, 10, record);
    const b = new RedisRateLimiter(redis, `{${prefix}}:limit`, 10, record);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).acquire()));
    // The first slot is free; then each caller waits one more interval than the previous one.
    // (Reservation is atomic in Redis, so the spacing holds whatever the scheduling.)
    const sorted = [0, ...waits].sort((x, y) => x - y);
    expect(waits.length).toBe(19);
    for (let i = 1; i < sorted.length; i++) {
      const gap = (sorted[i] as number) - (sorted[i - 1] as number);
      expect(gap).toBeGreaterThan(60);
      expect(gap).toBeLessThanOrEqual(100.5);
    }
  });
});
