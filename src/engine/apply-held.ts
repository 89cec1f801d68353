import { OisyncError } from '../domain/errors.js';
import { failedRecords, type RunRecord } from '../domain/runs.js';
import type { JobSpec } from '../queue/catalogue.js';
import type { JobContext, JobInfo } from '../queue/job-context.js';
import { jobOfKey, recordKey } from './record-keys.js';
import { waitForRecords } from './wait.js';
import { WRITER_LOCK } from './writer-run.js';

/**
 * `oisync plan approve RUN`: release the destructive steps the brake held, under the same
 * run, and finish the run with their outcomes. Taking the held list is atomic, so a second
 * approval finds nothing to do.
 */
export async function applyHeld(ctx: JobContext, runId: string, approvedBy: string, job: JobInfo): Promise<RunRecord> {
  const { state } = ctx;
  const run = await state.getRun(runId);
  if (!run) throw new OisyncError('RUN_NOT_FOUND', `no run ${runId}`);
  if (!(await state.acquireLock(WRITER_LOCK, runId, 60_000))) {
    throw new OisyncError('LOCK_HELD', `another run is in progress (${(await state.lockHolder(WRITER_LOCK)) ?? 'unknown'}); approve again when it ends`);
  }
  try {
    const held = (await state.takeHeld(runId)) as JobSpec[];
    if (held.length === 0) throw new OisyncError('PLAN_NOT_FOUND', `run ${runId} has no held steps (already approved?)`);
    const keys = held.map(recordKey);
    await state.resetOutcomes(runId, keys);
    await state.addRunNote(runId, `${held.length} held step(s) approved by ${approvedBy} at ${ctx.clock.now().toISOString()}`);
    await state.updateRun(runId, { status: 'running', phase: 'destructive' });
    await ctx.enqueue.addBulk(held);
    const after = await waitForRecords(ctx, runId, jobOfKey(runId), {
      onTick: (r) => job.updateProgress({ phase: r.phase, planned: r.planned, done: r.done }),
    });
    await state.updateRun(runId, { status: failedRecords(after) > 0 ? 'failed' : 'succeeded', phase: 'done', finishedAt: ctx.clock.now().toISOString() });
    return (await state.getRun(runId)) as RunRecord;
  } finally {
    await state.releaseLock(WRITER_LOCK, runId);
  }
}
