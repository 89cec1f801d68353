import { RateLimitError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { ConflictError, describeError, isTransient, RejectedError } from '../domain/errors.js';
import { settleRun } from '../engine/settle-run.js';
import type { Logger } from '../domain/ports.js';
import type { FailureRecord, RecordKind } from '../domain/runs.js';
import type { JobName, JobPayloads, QueueName } from './catalogue.js';
import { JOB_QUEUE } from './catalogue.js';
import type { JobContext, JobInfo, ProcessorTable, RecordResult } from './job-context.js';
import { bullPrefix, type Queues } from './queues.js';
import { backoffDelay, shouldRetry } from './retry-policy.js';

export interface WorkerOptions {
  readonly queues: readonly QueueName[];
  readonly connection: ConnectionOptions;
  readonly prefix: string;
  readonly processors: ProcessorTable;
  readonly ctx: JobContext;
  readonly producer: Queues;
  /**
   * SCIM requests in flight per process (`idaas.concurrency`; the SCIM client's socket pool has
   * that many sockets). Twice as many push jobs run, so one job's Redis bookkeeping overlaps
   * another's request and the sockets stay busy; the extra jobs wait for a socket. Control jobs
   * run two at a time.
   */
  readonly pushConcurrency: number;
  /** Called once per final record outcome this process produced (metrics). */
  readonly onOutcome?: (e: OutcomeEvent) => void;
}

export interface OutcomeEvent {
  readonly job: JobName;
  readonly kind: RecordKind;
  readonly outcome: RecordResult['outcome'];
}

/** Who a per-record job is about, for its failure record. */
export function recordIdentity(
  name: JobName,
  data: JobPayloads[JobName],
): { runId: string; key: string; kind: RecordKind; oktaId: string; label: string } | undefined {
  switch (name) {
    case 'push-user':
    case 'leave-scope': {
      const d = data as JobPayloads['push-user'] | JobPayloads['leave-scope'];
      return { runId: d.runId, key: `u:${d.oktaId}`, kind: 'user', oktaId: d.oktaId, label: d.label };
    }
    case 'push-group': {
      const d = data as JobPayloads['push-group'];
      return { runId: d.runId, key: `g:${d.oktaId}`, kind: 'group', oktaId: d.oktaId, label: d.label };
    }
    case 'push-members': {
      const d = data as JobPayloads['push-members'];
      return { runId: d.runId, key: `m:${d.oktaGroupId}:${d.batch}`, kind: 'membership', oktaId: d.oktaGroupId, label: d.label };
    }
    case 'full-sync':
    case 'apply-held':
    case 'reconcile':
    case 'incremental':
    case 'dirty-ids':
      return undefined;
  }
}

/** What IDaaS said about a rejected or conflicting write (`scimType: detail`), for the operator. */
function scimDetail(err: unknown): { detail?: string } {
  if (err instanceof RejectedError && err.detail) return { detail: [err.scimType, err.detail].filter(Boolean).join(': ') };
  if (err instanceof ConflictError && err.detail) {
    const scimType = err.details['scimType'];
    return { detail: [typeof scimType === 'string' ? scimType : '', err.detail].filter(Boolean).join(': ') };
  }
  return {};
}

/**
 * Runs BullMQ workers over our processors. The wrapper here is where job-level policy lives:
 * outcomes are recorded, a 429 pauses the whole queue for its Retry-After (without spending an
 * attempt), errors that retrying cannot fix fail at once with their reason, and a record's
 * final failure is stored for `runs show`.
 */
export class Workers {
  readonly workers: Worker[] = [];
  private readonly log: Logger;

  constructor(private readonly opts: WorkerOptions) {
    this.log = opts.ctx.logger.child({ component: 'worker' });
    const cfg = opts.ctx.config.queue;
    for (const queue of opts.queues) {
      const worker = new Worker(queue, (job: Job) => this.process(job), {
        connection: opts.connection,
        prefix: bullPrefix(opts.prefix),
        concurrency: queue === 'push' ? opts.pushConcurrency * 2 : 2,
        lockDuration: cfg.lockDurationMs,
        stalledInterval: cfg.stalledIntervalMs,
        maxStalledCount: 3,
        settings: { backoffStrategy: (attemptsMade, _type, err) => backoffDelay(attemptsMade, cfg.backoffMs, err) },
        autorun: true,
      });
      worker.on('error', (err) => this.log.warn({ err, queue }, 'worker connection error (BullMQ reconnects)'));
      this.workers.push(worker);
    }
  }

  private async process(job: Job): Promise<string | undefined> {
    const name = job.name as JobName;
    const processor = this.opts.processors[name] as unknown as (d: unknown, c: JobContext, i: JobInfo) => ReturnType<ProcessorTable[JobName]>;
    if (!processor || !JOB_QUEUE[name]) throw new UnrecoverableError(`unknown job name "${job.name}"`);
    const data = job.data as JobPayloads[typeof name];
    const identity = recordIdentity(name, data);
    const info: JobInfo = {
      id: job.id ?? '',
      attemptsMade: job.attemptsMade,
      attemptsStarted: job.attemptsStarted,
      updateProgress: (p) => job.updateProgress(p),
    };
    const attempts = job.opts.attempts ?? 1;
    try {
      const result = await processor(data, this.opts.ctx, info);
      if (result && identity) {
        await this.opts.ctx.state.recordOutcome(identity.runId, result);
        this.opts.onOutcome?.({ job: name, kind: result.kind, outcome: result.outcome });
        // A job that failed before may be an operator's retry of a finished run's failure.
        if (job.attemptsMade > 0) await settleRun(this.opts.ctx.state, identity.runId, this.opts.ctx.clock.now());
      }
      return result?.outcome;
    } catch (err) {
      if (isTransient(err) && err.status === 429 && err.retryAfterMs !== undefined && job.attemptsStarted < attempts * 4) {
        // The server asked everyone to slow down: pause the whole queue, keep the attempt.
        await this.opts.producer.queueFor(name).rateLimit(Math.max(err.retryAfterMs, 100));
        throw new RateLimitError();
      }
      const retry = shouldRetry(err);
      const final = !retry || job.attemptsMade + 1 >= attempts;
      const { code, message } = describeError(err);
      if (final && identity) {
        const failure: FailureRecord = {
          key: identity.key,
          kind: identity.kind,
          oktaId: identity.oktaId,
          label: identity.label,
          code,
          message,
          ...scimDetail(err),
          jobId: job.id ?? '',
          at: this.opts.ctx.clock.now().toISOString(),
        };
        await this.opts.ctx.state.recordOutcome(identity.runId, { key: identity.key, kind: identity.kind, outcome: 'failed', failure });
        this.opts.onOutcome?.({ job: name, kind: identity.kind, outcome: 'failed' });
        this.log.warn({ job: job.id, code, record: identity.label }, `record failed: ${message}`);
      } else {
        this.log.info({ job: job.id, code, attempt: job.attemptsMade + 1 }, `will retry: ${message}`);
      }
      if (!retry) throw new UnrecoverableError(`${code}: ${message}`);
      throw err;
    }
  }

  /** True while every worker of this process is taking jobs (readiness). */
  running(): boolean {
    return this.workers.length > 0 && this.workers.every((w) => w.isRunning());
  }

  /** Stop taking jobs; give running ones `graceMs` to finish, then leave them for another worker. */
  async close(graceMs: number): Promise<void> {
    const closing = Promise.all(this.workers.map((w) => w.close()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const r = await Promise.race([closing.then(() => 'closed' as const), timeout]);
    if (timer) clearTimeout(timer);
    if (r === 'timeout') {
      this.log.warn({ graceMs }, 'jobs still running after the grace period; leaving them for another worker');
      await Promise.all(this.workers.map((w) => w.close(true)));
    }
  }
}
