import type { ChainableCommander, Redis } from 'ioredis';

/**
 * Lua scripts that must be atomic. Registered once per client with `defineCommand`.
 */
const RECORD_OUTCOME = `
-- KEYS: outcomes hash, run hash, failures hash
-- ARGV: record key, kind, outcome, failure JSON or '', '1' to record only if absent
local prev = redis.call('HGET', KEYS[1], ARGV[1])
if prev and ARGV[5] == '1' then return 0 end
if ARGV[4] ~= '' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[4]) else redis.call('HDEL', KEYS[3], ARGV[1]) end
if prev == ARGV[3] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
if prev then
  redis.call('HINCRBY', KEYS[2], 'c:' .. ARGV[2] .. '.' .. prev, -1)
else
  redis.call('HINCRBY', KEYS[2], 'done', 1)
end
redis.call('HINCRBY', KEYS[2], 'c:' .. ARGV[2] .. '.' .. ARGV[3], 1)
return 1
`;

const RESET_OUTCOMES = `
-- KEYS: outcomes hash, run hash; ARGV: pairs of (record key, kind)
local n = 0
for i = 1, #ARGV, 2 do
  local prev = redis.call('HGET', KEYS[1], ARGV[i])
  if prev then
    redis.call('HDEL', KEYS[1], ARGV[i])
    redis.call('HINCRBY', KEYS[2], 'c:' .. ARGV[i + 1] .. '.' .. prev, -1)
    redis.call('HINCRBY', KEYS[2], 'done', -1)
    n = n + 1
  end
end
return n
`;

const ADD_PLANNED = `
-- KEYS: planned set, run hash; ARGV: record keys
local added = 0
for i = 1, #ARGV do added = added + redis.call('SADD', KEYS[1], ARGV[i]) end
if added > 0 then redis.call('HINCRBY', KEYS[2], 'planned', added) end
return added
`;

const ACQUIRE_LOCK = `
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if cur then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

const RENEW_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0
`;

const RELEASE_LOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

const TRANSITION_STATUS = `
-- KEYS: run hash; ARGV: expected status, new status
if redis.call('HGET', KEYS[1], 'status') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[2])
return 1
`;

const TAKE_LIST = `
local items = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return items
`;

export interface StateCommands {
  oisyncRecordOutcome(outcomes: string, run: string, failures: string, key: string, kind: string, outcome: string, failure: string, ifAbsent: string): Promise<number>;
  oisyncAddPlanned(planned: string, run: string, ...keys: string[]): Promise<number>;
  oisyncResetOutcomes(outcomes: string, run: string, ...keyKindPairs: string[]): Promise<number>;
  oisyncAcquireLock(lock: string, owner: string, ttlMs: number): Promise<number>;
  oisyncRenewLock(lock: string, owner: string, ttlMs: number): Promise<number>;
  oisyncReleaseLock(lock: string, owner: string): Promise<number>;
  oisyncTakeList(list: string): Promise<string[]>;
  oisyncTransitionStatus(run: string, from: string, to: string): Promise<number>;
}

export type StateRedis = Redis & StateCommands;

/** A pipeline that also queues our scripts. */
export type StatePipeline = ChainableCommander & {
  oisyncRecordOutcome(outcomes: string, run: string, failures: string, key: string, kind: string, outcome: string, failure: string, ifAbsent: string): StatePipeline;
};

export function withStateCommands(redis: Redis): StateRedis {
  const r = redis as StateRedis;
  if (typeof r.oisyncRecordOutcome === 'function') return r;
  redis.defineCommand('oisyncRecordOutcome', { numberOfKeys: 3, lua: RECORD_OUTCOME });
  redis.defineCommand('oisyncAddPlanned', { numberOfKeys: 2, lua: ADD_PLANNED });
  redis.defineCommand('oisyncResetOutcomes', { numberOfKeys: 2, lua: RESET_OUTCOMES });
  redis.defineCommand('oisyncAcquireLock', { numberOfKeys: 1, lua: ACQUIRE_LOCK });
  redis.defineCommand('oisyncRenewLock', { numberOfKeys: 1, lua: RENEW_LOCK });
  redis.defineCommand('oisyncReleaseLock', { numberOfKeys: 1, lua: RELEASE_LOCK });
  redis.defineCommand('oisyncTakeList', { numberOfKeys: 1, lua: TAKE_LIST });
  redis.defineCommand('oisyncTransitionStatus', { numberOfKeys: 1, lua: TRANSITION_STATUS });
  return r;
}
