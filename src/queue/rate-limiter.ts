import type { Redis } from 'ioredis';

/**
 * One global request budget across every worker process: a GCRA limiter in Redis. Each slot is
 * handed out once, 1000/rate ms after the previous one, on Redis' clock (so machines agree).
 * At most `rate` requests start in any second, evenly spaced, however many workers run.
 *
 * At high rates a process reserves a few consecutive slots per round trip (about 20 ms worth)
 * and hands them out locally; a reserved slot that goes unused is simply not used by anyone,
 * so the budget can only be under-spent, never exceeded.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local interval = tonumber(ARGV[1])
local n = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local wait = tat - now
redis.call('SET', KEYS[1], tostring(tat + interval * n), 'PX', math.ceil(wait + interval * n) + 1000)
return tostring(wait)
`;

type LimiterRedis = Redis & { oisyncReserveSlots(key: string, intervalMs: number, n: number): Promise<string> };

export interface RequestLimiter {
  /** Resolves when this caller may send one request. */
  acquire(): Promise<void>;
}

/** Reserve about this much time's worth of slots per round trip. */
const BATCH_WINDOW_MS = 20;
const MAX_BATCH = 8;

export class RedisRateLimiter implements RequestLimiter {
  private readonly redis: LimiterRedis;
  private readonly intervalMs: number;
  private readonly batch: number;
  /** Local slots not yet handed out: their start times, on this process's clock. */
  private bank: number[] = [];
  private refilling: Promise<void> | undefined;

  constructor(
    redis: Redis,
    private readonly key: string,
    requestsPerSecond: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
    private readonly now: () => number = () => performance.now(),
  ) {
    this.redis = redis as LimiterRedis;
    if (typeof this.redis.oisyncReserveSlots !== 'function') {
      redis.defineCommand('oisyncReserveSlots', { numberOfKeys: 1, lua: RESERVE });
    }
    this.intervalMs = 1000 / requestsPerSecond;
    this.batch = Math.max(1, Math.min(MAX_BATCH, Math.floor(BATCH_WINDOW_MS / this.intervalMs)));
  }

  async acquire(): Promise<void> {
    for (;;) {
      // drop slots whose time has passed by more than one interval: using them late would bunch requests
      const t = this.now();
      while (this.bank.length && (this.bank[0] as number) < t - this.intervalMs) this.bank.shift();
      const slot = this.bank.shift();
      if (slot !== undefined) {
        const wait = slot - this.now();
        if (wait > 0) await this.sleep(wait);
        return;
      }
      this.refilling ??= this.refill().finally(() => (this.refilling = undefined));
      await this.refilling;
    }
  }

  private async refill(): Promise<void> {
    const wait = Number(await this.redis.oisyncReserveSlots(this.key, this.intervalMs, this.batch));
    const first = this.now() + wait;
    for (let i = 0; i < this.batch; i++) this.bank.push(first + i * this.intervalMs);
  }
}
