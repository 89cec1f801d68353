import type { RunRecord } from '../domain/runs.js';
import type { JobContext } from '../queue/job-context.js';
import type { JobName } from '../queue/catalogue.js';
import { recordKindOf, type JobOfKey } from './record-keys.js';

export interface WaitOptions {
  /** Called on every poll with the current run record (progress reporting). */
  readonly onTick?: (run: RunRecord) => Promise<void> | void;
  readonly pollMs?: number;
  /** How long without progress, with the push queue idle, before missing outcomes are investigated. */
  readonly stallMs?: number;
}

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
    // A record may be carried by one of several jobs (a user by push-user or leave-scope): the
    // one that exists says what happened to it.
    let job: { name: JobName; jobId: string } | undefined;
    let state = 'unknown';
    for (const candidate of jobOfKey(key)) {
      const s = await ctx.enqueue.jobState(candidate.name, candidate.jobId);
      if (s === 'unknown') continue;
      job = candidate;
      state = s;
      break;
    }
    if (state === 'waiting' || state === 'active' || state === 'delayed' || state === 'prioritized' || state === 'waiting-children') continue;
    const kind = recordKindOf(key);
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
