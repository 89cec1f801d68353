import { applyHeld as applyHeldSteps } from '../src/engine/apply-held.js';
import type { Processor } from '../src/queue/job-context.js';

/** Runs the destructive steps a run's safety brake held, once an operator approved them. */
export const applyHeld: Processor<'apply-held'> = async (d, ctx, job) => {
  await applyHeldSteps(ctx, d.runId, d.approvedBy, job);
  return undefined;
};
