import type { StateStore } from '../domain/ports.js';
import { failedRecords, type RunRecord } from '../domain/runs.js';

/**
 * A finished run whose failed records were all retried successfully or skipped by an operator
 * is no longer failed: flip it to `succeeded` (once, atomically) and say why in its notes, so
 * `runs show`, the status page and the metrics agree. Runs in any other state are left alone —
 * a running run gets its final status from its own orchestration job.
 */
export async function settleRun(state: StateStore, runId: string, now: Date): Promise<RunRecord | undefined> {
  const run = await state.getRun(runId);
  if (!run || run.status !== 'failed' || failedRecords(run) > 0) return run;
  if (await state.transitionRun(runId, 'failed', 'succeeded')) {
    await state.addRunNote(runId, `no failed record left (retried or skipped): status failed → succeeded at ${now.toISOString()}`);
  }
  return state.getRun(runId);
}
