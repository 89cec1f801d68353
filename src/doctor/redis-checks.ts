import type { Redis } from 'ioredis';
import type { OisyncConfig } from '../config/schema.js';
import { describeError } from '../domain/errors.js';
import { displayUrl } from '../domain/net.js';
import { connectRedis, HOW_TO_GET_REDIS } from '../state/redis-connection.js';
import { fail, pass, skip, warn, type CheckResult } from './check.js';

/** BullMQ refuses Redis below 5.0 and recommends 6.2. */
const MIN_VERSION = [5, 0];
const RECOMMENDED = [6, 2];

function atLeast(version: string, min: readonly number[]): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > (min[0] ?? 0) || (a === min[0] && b >= (min[1] ?? 0));
}

async function configValue(redis: Redis, key: string): Promise<string | undefined> {
  const reply = await redis.call('CONFIG', 'GET', key);
  return Array.isArray(reply) && typeof reply[1] === 'string' ? reply[1] : undefined;
}

/**
 * Redis: reachable, new enough for BullMQ, keeps its data on disk (flags, their resolutions,
 * held plans and the System Log cursor exist only there), and never evicts keys (BullMQ
 * breaks when its keys vanish).
 */
export async function redisChecks(config: OisyncConfig): Promise<CheckResult[]> {
  const where = displayUrl(config.redis.url);
  let redis: Redis;
  try {
    redis = await connectRedis(config.redis.url, { persistent: false, connectTimeoutMs: 3000 });
  } catch (err) {
    return [fail('redis', describeError(err).message, HOW_TO_GET_REDIS), skip('redis.persistence', 'needs Redis'), skip('redis.eviction', 'needs Redis')];
  }
  try {
    const info = await redis.info('server');
    const version = /redis_version:([^\r\n]+)/.exec(info)?.[1]?.trim() ?? 'unknown';
    const results: CheckResult[] = [];
    if (!atLeast(version, MIN_VERSION)) results.push(fail('redis', `Redis ${version} at ${where} is older than BullMQ accepts (5.0)`, 'Upgrade Redis to 7.x.'));
    else if (!atLeast(version, RECOMMENDED)) results.push(warn('redis', `Redis ${version} at ${where}; BullMQ recommends 6.2 or newer`, 'Upgrade Redis to 7.x.'));
    else results.push(pass('redis', `Redis ${version} at ${where} answers`));

    let save: string | undefined;
    let appendonly: string | undefined;
    let policy: string | undefined;
    try {
      [save, appendonly, policy] = await Promise.all([configValue(redis, 'save'), configValue(redis, 'appendonly'), configValue(redis, 'maxmemory-policy')]);
    } catch (err) {
      // Managed Redis services often disable CONFIG.
      const why = `CONFIG GET is not allowed here (${describeError(err).message})`;
      results.push(
        warn('redis.persistence', `${why}; persistence cannot be checked`, 'Make sure the service keeps data on disk (AOF or snapshots): flags, their resolutions and held plans exist only in Redis.'),
        warn('redis.eviction', `${why}; the eviction policy cannot be checked`, 'Make sure maxmemory-policy is noeviction: BullMQ breaks when Redis evicts its keys.'),
      );
      return results;
    }
    const aof = appendonly === 'yes';
    const snapshots = save !== undefined && save.trim() !== '';
    results.push(
      aof || snapshots
        ? pass('redis.persistence', [aof ? 'append-only file on' : '', snapshots ? `snapshots (save ${save})` : ''].filter(Boolean).join(', '))
        : warn(
            'redis.persistence',
            'Redis keeps nothing on disk (appendonly no, save ""): a restart loses flags and their resolutions, held plans awaiting approval, the System Log cursor and the queues',
            'Turn on the append-only file (CONFIG SET appendonly yes, and in redis.conf), or at least snapshots (save 3600 1 300 100 60 10000).',
          ),
      policy === 'noeviction'
        ? pass('redis.eviction', 'maxmemory-policy noeviction')
        : warn('redis.eviction', `maxmemory-policy is ${policy ?? 'unknown'}: Redis may evict BullMQ's keys under memory pressure`, 'Set maxmemory-policy noeviction (BullMQ requires it).'),
    );
    return results;
  } finally {
    redis.disconnect();
  }
}
