import type { Redis } from 'ioredis';
import type { OisyncConfig } from '../config/schema.js';
import { systemClock, type Clock, type Logger, type SourceDirectory, type TargetDirectory } from '../domain/ports.js';
import type { MappingStatus } from '../mapping/index.js';
import type { OktaRequestStats } from '../okta/index.js';
import type { QueueName } from '../queue/catalogue.js';
import type { JobContext, MappingSource, ProcessorTable } from '../queue/job-context.js';
import { Queues } from '../queue/queues.js';
import { RedisRateLimiter, type RequestLimiter } from '../queue/rate-limiter.js';
import { Workers, type OutcomeEvent } from '../queue/workers.js';
import { bullConnection, connectRedis } from '../state/redis-connection.js';
import { RedisStateStore } from '../state/redis-state-store.js';

/** The adapters a runtime needs; built by a factory so tests and the demo can point them anywhere. */
export interface Adapters {
  readonly source: SourceDirectory;
  readonly target: TargetDirectory;
  readonly dryRunTarget: TargetDirectory;
  readonly mapping: MappingSource;
  close(): Promise<void>;
  /** Okta request and rate-limit figures, for metrics and the status page. */
  readonly oktaStats?: () => OktaRequestStats;
  /** The mapping in force and whether the last reload failed. */
  readonly mappingStatus?: () => MappingStatus;
  /** One cheap authenticated read of Okta or IDaaS (readiness); throws the classified error. */
  readonly probe?: (side: 'okta' | 'scim') => Promise<void>;
}

export interface ScimRequestEvent {
  readonly method: string;
  readonly route: string;
  readonly status: number | undefined;
  readonly durationMs: number;
  /** Wait for the global IDaaS request budget before sending, ms (not part of durationMs). */
  readonly waitedMs?: number;
}

export interface AdapterDeps {
  readonly config: OisyncConfig;
  readonly logger: Logger;
  /** The global IDaaS request budget, shared by every process through Redis. */
  readonly limiter: RequestLimiter;
  /** Long-running processes hot-reload the mapping file. */
  readonly watchMapping: boolean;
  /** Called once per SCIM request sent (metrics). */
  readonly onScimRequest?: (e: ScimRequestEvent) => void;
}

export type AdapterFactory = (deps: AdapterDeps) => Promise<Adapters>;

export interface RuntimeOptions {
  readonly config: OisyncConfig;
  readonly logger: Logger;
  /** Daemons and workers reconnect forever; one-shot CLI commands fail fast. */
  readonly persistent: boolean;
  readonly adapters: AdapterFactory;
  readonly processors: ProcessorTable;
  readonly clock?: Clock;
  readonly onScimRequest?: (e: ScimRequestEvent) => void;
  /** Called once per final record outcome produced by this process's workers (metrics). */
  readonly onOutcome?: (e: OutcomeEvent) => void;
}

/**
 * The composition root: the only place that connects to Redis and builds adapters, queues and
 * workers. Every command that touches state opens one and closes it.
 */
export class Runtime {
  private workers: Workers | undefined;

  private constructor(
    readonly config: OisyncConfig,
    readonly redis: Redis,
    readonly state: RedisStateStore,
    readonly queues: Queues,
    readonly adapters: Adapters,
    readonly ctx: JobContext,
    private readonly processors: ProcessorTable,
    private readonly onOutcome?: (e: OutcomeEvent) => void,
  ) {}

  static async open(opts: RuntimeOptions): Promise<Runtime> {
    const { config, logger } = opts;
    const redis = await connectRedis(config.redis.url, { persistent: opts.persistent });
    const state = new RedisStateStore(redis, config.redis.prefix);
    const queues = new Queues(bullConnection(config.redis.url), config.redis.prefix, config.queue);
    const limiter = new RedisRateLimiter(redis, `${state.keys.base}:limit:idaas`, config.idaas.requestsPerSecond);
    let adapters: Adapters;
    try {
      adapters = await opts.adapters({
        config,
        logger,
        limiter,
        watchMapping: opts.persistent,
        ...(opts.onScimRequest ? { onScimRequest: opts.onScimRequest } : {}),
      });
    } catch (err) {
      await queues.close();
      redis.disconnect();
      throw err;
    }
    const ctx: JobContext = {
      source: adapters.source,
      target: adapters.target,
      dryRunTarget: adapters.dryRunTarget,
      state,
      mapping: adapters.mapping,
      config,
      logger,
      clock: opts.clock ?? systemClock,
      enqueue: queues,
    };
    return new Runtime(config, redis, state, queues, adapters, ctx, opts.processors, opts.onOutcome);
  }

  /** Start workers for the given queues in this process. */
  startWorkers(queues: readonly QueueName[]): Workers {
    if (this.workers) return this.workers;
    this.workers = new Workers({
      queues,
      connection: bullConnection(this.config.redis.url),
      prefix: this.config.redis.prefix,
      processors: this.processors,
      ctx: this.ctx,
      producer: this.queues,
      pushConcurrency: this.config.idaas.concurrency,
      ...(this.onOutcome ? { onOutcome: this.onOutcome } : {}),
    });
    return this.workers;
  }

  get hasWorkers(): boolean {
    return this.workers !== undefined;
  }

  /** True while this process's workers are taking jobs. */
  workersRunning(): boolean {
    return this.workers?.running() ?? false;
  }

  /** Stop workers (running jobs get the grace period), then close queues, adapters and Redis. */
  async close(graceMs = this.config.queue.shutdownGraceMs): Promise<void> {
    if (this.workers) await this.workers.close(graceMs);
    await this.queues.close();
    await this.adapters.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
