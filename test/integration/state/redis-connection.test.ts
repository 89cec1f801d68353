import { describe, expect, it } from 'vitest';
import { connectRedis, redisOptions } from '../../../src/state/redis-connection.js';
import { testRedisUrl } from '../../helpers/redis.js';

describe('Redis connection', () => {
  it('fails at once with how to get a Redis when none answers', async () => {
    const err = await connectRedis('redis://127.0.0.1:1', { persistent: false }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    expect(String((err as Error).message)).toContain('redis-server --daemonize yes');
  });

  it('connects to the test Redis', async () => {
    const r = await connectRedis(testRedisUrl(), { persistent: true });
    expect(await r.ping()).toBe('PONG');
    r.disconnect();
  });

  it('parses URLs without printing the password', async () => {
    expect(redisOptions('rediss://u:p%40ss@h.example:6380/2')).toEqual({ host: 'h.example', port: 6380, username: 'u', password: 'p@ss', db: 2, tls: {} });
    const err = await connectRedis('redis://:hunter2-secret@127.0.0.1:1', { persistent: false }).catch((e: unknown) => e);
    expect(String((err as Error).message)).not.toContain('hunter2-secret');
  });
});
