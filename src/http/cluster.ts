import type { StateStore } from '../domain/ports.js';
import type { RunRecord } from '../domain/runs.js';
import { QUEUE_NAMES, type QueueName } from '../queue/catalogue.js';
import type { Queues } from '../queue/queues.js';

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** How many recent runs the status page and the metrics look at (the state store keeps 50). */
export const RECENT_RUNS = 50;

/**
 * What every process sharing the Redis sees: queue depths, workers, recent runs, open flags.
 * Read in one go for a metrics scrape or a status poll; bounded work (two queues, the last
 * runs) except for the open flags, which are one HSCAN of the flags hash.
 */
export interface ClusterView {
  readonly redisUp: boolean;
  readonly at: number;
  readonly queues: Readonly<Record<QueueName, Readonly<Record<QueueState, number>>>>;
  readonly workers: Readonly<Record<QueueName, number>>;
  readonly runs: readonly RunRecord[];
  readonly openFlags: Readonly<Record<string, number>>;
}

export async function readCluster(state: StateStore, queues: Queues, now: number): Promise<ClusterView> {
  const empty: ClusterView = {
    redisUp: false,
    at: now,
    queues: { control: zeroCounts(), push: zeroCounts() },
    workers: { control: 0, push: 0 },
    runs: [],
    openFlags: {},
  };
  try {
    const [counts, workers, runs, flags] = await Promise.all([
      Promise.all(QUEUE_NAMES.map((q) => queues.byName[q].getJobCounts(...QUEUE_STATES))),
      queues.workerCount(),
      state.listRuns(RECENT_RUNS),
      state.listFlags({ state: 'open' }),
    ]);
    const openFlags: Record<string, number> = {};
    for (const f of flags) openFlags[f.kind] = (openFlags[f.kind] ?? 0) + 1;
    const byQueue = Object.fromEntries(QUEUE_NAMES.map((q, i) => [q, toCounts(counts[i] ?? {})])) as Record<QueueName, Record<QueueState, number>>;
    return { redisUp: true, at: now, queues: byQueue, workers, runs, openFlags };
  } catch {
    return empty;
  }
}

function zeroCounts(): Record<QueueState, number> {
  return { waiting: 0, active: 0, delayed: 0, failed: 0 };
}

function toCounts(c: Record<string, number>): Record<QueueState, number> {
  const out = zeroCounts();
  for (const s of QUEUE_STATES) out[s] = c[s] ?? 0;
  return out;
}

/**
 * A cached reader: calls within `ttlMs` share one read (so many scrapers or open status pages
 * polling every 1.5 s cost one set of Redis commands), and concurrent calls share the one in
 * flight. A page render asks for a fresh read; an operator's action drops the cached one.
 */
export class CachedCluster {
  private last: ClusterView | undefined;
  private inFlight: Promise<ClusterView> | undefined;

  constructor(
    private readonly read: () => Promise<ClusterView>,
    private readonly now: () => number,
    private readonly ttlMs = 2_000,
  ) {}

  /** Forget the cached view (after a change the next reader should see). */
  invalidate(): void {
    this.last = undefined;
  }

  get(opts: { fresh?: boolean } = {}): Promise<ClusterView> {
    if (opts.fresh) this.last = undefined;
    if (this.last && this.now() - this.last.at < this.ttlMs) return Promise.resolve(this.last);
    this.inFlight ??= this.read()
      .then((v) => {
        this.last = v;
        return v;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
