import { runFullSync } from '../src/engine/full-sync.js';
import { runIdForJob } from '../src/engine/writer-run.js';
import type { Processor } from '../src/queue/job-context.js';

/** The orchestration job of a full sync (plan, fan out, wait, brake); see src/engine/full-sync.ts. */
export const fullSync: Processor<'full-sync'> = async (d, ctx, job) => {
  const runId = runIdForJob(d.runId, job.id, ctx.clock.now());
  await runFullSync(ctx, { runId, dryRun: d.dryRun, trigger: d.trigger }, job);
  return undefined;
};
