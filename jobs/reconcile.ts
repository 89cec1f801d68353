import { runReconcile } from '../src/engine/reconcile.js';
import { runIdForJob } from '../src/engine/writer-run.js';
import type { Processor } from '../src/queue/job-context.js';

/** The orchestration job of a reconcile (read both sides, classify, repair, flag); see src/engine/reconcile.ts. */
export const reconcile: Processor<'reconcile'> = async (d, ctx, job) => {
  const runId = runIdForJob(d.runId, job.id, ctx.clock.now());
  await runReconcile(ctx, { runId, dryRun: d.dryRun, trigger: d.trigger }, job);
  return undefined;
};
