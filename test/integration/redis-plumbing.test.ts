import { afterAll, describe, expect, it } from 'vitest';
import { deletePrefix, newRedis, uniquePrefix } from '../helpers/redis.js';

// Proves the test plumbing: a real Redis, isolated by prefix, cleaned afterwards.
describe('test Redis', () => {
  const redis = newRedis();
  const prefix = uniquePrefix('plumbing');
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('stores and reads back under a private prefix, and cleanup removes it', async () => {
    await redis.set(`{${prefix}}:a`, '1');
    await redis.hset(`{${prefix}}:h`, { x: 'y' });
    expect(await redis.get(`{${prefix}}:a`)).toBe('1');
    await deletePrefix(redis, prefix);
    expect(await redis.exists(`{${prefix}}:a`, `{${prefix}}:h`)).toBe(0);
  });
});
