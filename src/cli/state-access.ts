import { Queues } from '../queue/queues.js';
import { bullConnection, connectRedis } from '../state/redis-connection.js';
import { RedisStateStore } from '../state/redis-state-store.js';
import type { CliContext } from './context.js';

/** Redis state (and the queues' producer side) for commands that neither read Okta nor write IDaaS. */
export interface StateAccess {
  readonly state: RedisStateStore;
  readonly queues: Queues;
  close(): Promise<void>;
}

export async function openState(cli: CliContext): Promise<StateAccess> {
  const cfg = cli.config();
  const redis = await connectRedis(cfg.redis.url, { persistent: false });
  const state = new RedisStateStore(redis, cfg.redis.prefix);
  const queues = new Queues(bullConnection(cfg.redis.url), cfg.redis.prefix, cfg.queue);
  return {
    state,
    queues,
    close: async () => {
      await queues.close();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** Run `fn` with state access, closing it afterwards whatever happens. */
export async function withState<T>(cli: CliContext, fn: (s: StateAccess) => Promise<T>): Promise<T> {
  const access = await openState(cli);
  try {
    return await fn(access);
  } finally {
    await access.close();
  }
}
