import type { RunRecord } from '../domain/runs.js';
import type { JobContext } from '../queue/job-context.js';
import type { JobName } from '../queue/catalogue.js';

export interface WaitOptions {
  /** Called on every poll with the current run record (progress reporting). */
  readonly onTick?: (run: RunRecord) => Promise<void> | void;
  readonly pollMs?: number;
  /** How long without progress, with the push queue idle, before missing outcomes are investigated. */
  readonly stallMs?: number;
}

/** Which job a record key belongs to, so a lost outcome can be looked up by job id. */
export type JobOfKey = (key: string) => { name: JobName; jobId: string } | undefined;

/**
 * Wait until every planned record of a run has an outcome. Outcomes are recorded by the push
 * jobs; if the queue goes idle while records are still open (a job that failed without its
 * processor seeing it, e.g. after too many stalls), those records are marked failed with the
 * job's state as the reason, so a run always ends and nothing is silently dropped.
 */
export async function waitForRecords(ctx: JobContext, runId: string, jobOfKey: JobOfKey, opts: WaitOptions = {}): Promise<RunRecord> {
  const pollMs = opts.pollMs ?? 250;
  const stallMs = opts.stallMs ?? ctx.config.queue.lockDurationMs + ctx.config.queue.stalledIntervalMs * 2;
  let lastDone = -1;
  let lastProgressAt = Date.now();
  for (;;) {
    const run = await ctx.state.getRun(runId);
    if (!run) throw new Error(`run ${runId} disappeared from Redis`);
    await opts.onTick?.(run);
    if (run.done >= run.planned) return run;
    if (run.done !== lastDone) {
      lastDone = run.done;
      lastProgressAt = Date.now();
    } else if (Date.now() - lastProgressAt > stallMs && (await ctx.enqueue.pushQueueIdle())) {
      await settleLostRecords(ctx, runId, jobOfKey);
      lastProgressAt = Date.now();
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function settleLostRecords(ctx: JobContext, runId: string, jobOfKey: JobOfKey): Promise<void> {
  const pending = await ctx.state.pendingKeys(runId);
  for (const key of pending) {
    const job = jobOfKey(key);
    const state = job ? await ctx.enqueue.jobState(job.name, job.jobId) : 'unknown';
    if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized') continue;
    const kind = key.startsWith('g:') ? 'group' : key.startsWith('m:') ? 'membership' : 'user';
    const oktaId = key.split(':')[1] ?? key;
    await ctx.state.recordOutcome(runId, {
      key,
      kind,
      outcome: 'failed',
      failure: {
        key,
        kind,
        oktaId,
        label: oktaId,
        code: 'INTERNAL',
        message: `its job ${job?.jobId ?? '(none)'} ended in state "${state}" without recording an outcome; re-run the sync to retry it`,
        ...(job ? { jobId: job.jobId } : {}),
        at: ctx.clock.now().toISOString(),
      },
    });
    ctx.logger.warn({ runId, key, state }, 'record without outcome settled as failed');
  }
}
