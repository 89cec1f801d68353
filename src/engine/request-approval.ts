import { OisyncError } from '../domain/errors.js';
import type { StateStore } from '../domain/ports.js';
import { jobId } from '../queue/catalogue.js';
import type { Enqueuer } from '../queue/job-context.js';

/**
 * Approve the destructive steps the safety brake held for a run (`oisync plan approve RUN`, or
 * the status page's Approve button): check there is something to approve, then enqueue the
 * `apply-held` job that releases it. The job id is per run, so approving twice enqueues once.
 * Returns how many held steps were released.
 */
export async function requestApproval(
  state: StateStore,
  enqueue: Pick<Enqueuer, 'addBulk'>,
  runId: string,
  approvedBy: string,
): Promise<{ held: number }> {
  const run = await state.getRun(runId);
  if (!run) throw new OisyncError('RUN_NOT_FOUND', `no run "${runId}" is stored; see \`oisync runs list\``);
  const held = await state.getHeld(runId);
  if (run.status !== 'held' || held.length === 0) {
    throw new OisyncError('PLAN_NOT_FOUND', `run ${runId} has nothing held for approval (status ${run.status})`);
  }
  await enqueue.addBulk([{ name: 'apply-held', jobId: jobId('apply', runId), data: { runId, approvedBy } }]);
  return { held: held.length };
}
