import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

/**
 * Integration tests use the real Redis. Fail the whole run at once, with the fix in words,
 * when none answers — instead of hundreds of timeouts.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env['OISYNC_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const pong = await client.ping();
    if (String(pong) !== 'PONG') throw new Error(`unexpected PING reply ${String(pong)}`);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `Redis is not reachable at ${url} (${reason}). Tests need a real Redis: ` +
        `start one with \`redis-server --daemonize yes --port 6379 --save "" --appendonly no\` ` +
        `(Debian: apt-get install -y redis-server), or point OISYNC_TEST_REDIS_URL at one.`,
      { cause: err },
    );
  } finally {
    client.disconnect();
  }
  project.provide('redisUrl', url);
}
