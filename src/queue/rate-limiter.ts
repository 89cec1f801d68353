import type { Redis } from 'ioredis';

/**
 * One global request budget across every worker process: a GCRA limiter in Redis. Each call
 * reserves the next free slot (slots are 1000/rate ms apart, on Redis' clock so machines
 * agree) and waits until it. At most `rate` requests start in any second, spaced evenly, so a
 * burst of workers cannot overrun the target.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - now
redis.call('SET', KEYS[1], tostring(tat + interval), 'PX', math.ceil(wait + interval) + 1000)
return tostring(wait)
`;

type LimiterRedis = Redis & { oisyncReserveSlot(key: string, intervalMs: number): Promise<string> };

export interface RequestLimiter {
  /** Resolves when this caller may send one request. */
  acquire(): Promise<void>;
}

export class RedisRateLimiter implements RequestLimiter {
  private readonly redis: LimiterRedis;
  private readonly intervalMs: number;

  constructor(
    redis: Redis,
    private readonly key: string,
    requestsPerSecond: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.redis = redis as LimiterRedis;
    if (typeof this.redis.oisyncReserveSlot !== 'function') {
      redis.defineCommand('oisyncReserveSlot', { numberOfKeys: 1, lua: RESERVE });
    }
    this.intervalMs = 1000 / requestsPerSecond;
  }

  async acquire(): Promise<void> {
    const wait = Number(await this.redis.oisyncReserveSlot(this.key, this.intervalMs));
    if (wait > 0) await this.sleep(wait);
  }
}
