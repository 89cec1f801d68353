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

describe('global request limiter at high rates', () => {
  const redis = newRedis();
  const prefix = uniquePrefix('limiter-batch');
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('reserves a few slots per round trip and never hands one out twice', async () => {
    const key = `{${prefix}}:limit`;
    new RedisRateLimiter(redis, key, 1000); // defines the script on the client
    let calls = 0;
    const counting = new Proxy(redis, {
      get(target, prop, receiver) {
        if (prop === 'oisyncReserveSlots') {
          return (...args: unknown[]) => {
            calls++;
            return (Reflect.get(target, prop, receiver) as (...a: unknown[]) => Promise<string>).apply(target, args);
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const limiter = new RedisRateLimiter(counting, key, 1000, () => Promise.resolve());
    await Promise.all(Array.from({ length: 16 }, () => limiter.acquire()));
    expect(calls).toBe(2); // 8 slots (20 ms at 1000/s) per reservation
    // the shared clock moved on by exactly the slots reserved: 16 ms at 1 ms each
    const tat = Number(await redis.get(key));
    const t = await redis.time();
    const nowMs = Number(t[0]) * 1000 + Number(t[1]) / 1000;
    expect(tat - nowMs).toBeGreaterThan(5);
    expect(tat - nowMs).toBeLessThanOrEqual(16.5);
  });
});
