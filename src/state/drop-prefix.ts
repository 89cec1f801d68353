import type { Redis } from 'ioredis';

/**
 * Delete every key under a prefix's hash tag — state and queues alike. For private prefixes
 * only (the demo's and the benchmark's, removed on exit); never point it at a shared one.
 */
export async function dropPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `{${prefix}}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}
