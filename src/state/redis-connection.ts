import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { OisyncError } from '../domain/errors.js';
import { displayUrl } from '../domain/net.js';

/** ioredis options from a redis:// or rediss:// URL (what BullMQ needs to open its own connections). */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** What BullMQ needs to open its own connections; workers must never give up on Redis. */
export function bullConnection(url: string): ConnectionOptions {
  return { url, maxRetriesPerRequest: null };
}

export const HOW_TO_GET_REDIS =
  'Start one with `redis-server --daemonize yes --port 6379 --save "" --appendonly no` ' +
  '(Debian/Ubuntu: `apt-get install -y redis-server`; macOS: `brew install redis`; Docker: `docker run -d -p 6379:6379 redis:7`), ' +
  'or point redis.url in the config at yours.';

/**
 * Connect, or fail at once with a message that says where and how to get a Redis.
 * `persistent` clients (daemons, workers) queue commands and reconnect forever after the first
 * connection; CLI clients fail fast.
 */
export async function connectRedis(url: string, opts: { persistent: boolean; connectTimeoutMs?: number }): Promise<Redis> {
  const redis = new Redis({
    ...redisOptions(url),
    lazyConnect: true,
    connectTimeout: opts.connectTimeoutMs ?? 3000,
    maxRetriesPerRequest: opts.persistent ? null : 2,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', () => undefined); // reported through commands; ioredis keeps reconnecting
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new OisyncError('REDIS_UNAVAILABLE', `Redis is not reachable at ${displayUrl(url)} (${(err as Error).message}). ${HOW_TO_GET_REDIS}`, {
      cause: err,
    });
  }
  return redis;
}
