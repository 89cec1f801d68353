import { randomBytes } from 'node:crypto';
import { newRunId } from '../domain/runs.js';
import { jobId } from '../queue/catalogue.js';
import type { Enqueuer } from '../queue/job-context.js';

/**
 * Enqueue one full sync or reconcile with a fresh run id (the CLI, the demo and the status page
 * all start runs this way). The deterministic job id makes a repeated request a no-op.
 */
export async function startRunJob(
  enqueue: Pick<Enqueuer, 'addBulk'>,
  name: 'full-sync' | 'reconcile',
  opts: { dryRun: boolean; trigger: string; now?: Date },
): Promise<string> {
  const runId = newRunId(opts.now ?? new Date(), randomBytes(3).toString('hex'));
  await enqueue.addBulk([{ name, jobId: jobId(name, runId), data: { runId, dryRun: opts.dryRun, trigger: opts.trigger } }]);
  return runId;
}

/** A full sync (see startRunJob). */
export function startFullSync(enqueue: Pick<Enqueuer, 'addBulk'>, opts: { dryRun: boolean; trigger: string; now?: Date }): Promise<string> {
  return startRunJob(enqueue, 'full-sync', opts);
}
