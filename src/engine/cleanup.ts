import { cleanupRefusal, type Flag } from '../domain/flags.js';
import type { UserLink } from '../domain/links.js';
import type { StateStore } from '../domain/ports.js';
import { failedRecords, startingRun, type RunRecord } from '../domain/runs.js';
import { jobId, type JobSpec } from '../queue/catalogue.js';
import type { JobContext } from '../queue/job-context.js';
import { jobOfKey, recordKey } from './record-keys.js';
import { waitForRecords } from './wait.js';

export interface CleanupItem {
  readonly id: string;
  readonly flag?: Flag;
  readonly link?: UserLink;
  /** Why it is refused; undefined when it may go. */
  readonly refusal?: string;
}

/** Look each flag up and decide whether its account may be removed (see `cleanupRefusal`). */
export async function checkCleanup(state: StateStore, ids: readonly string[]): Promise<CleanupItem[]> {
  const out: CleanupItem[] = [];
  for (const id of ids) {
    const flag = await state.getFlag(id);
    if (!flag) {
      out.push({ id, refusal: 'no such flag' });
      continue;
    }
    const link = flag.oktaId ? await state.getUserLink(flag.oktaId) : undefined;
    const refusal = cleanupRefusal(flag, link);
    out.push({ id, flag, ...(link ? { link } : {}), ...(refusal ? { refusal } : {}) });
  }
  return out;
}

/**
 * Remove the accounts of the flags an admin confirmed: `leave-scope` jobs (which re-check that
 * oisync created the account before deleting) under a `cleanup` run, then each flag whose
 * account went is resolved with who did it. Waits for the jobs.
 */
export async function runCleanup(
  ctx: JobContext,
  req: { runId: string; items: readonly CleanupItem[]; action: 'delete' | 'deactivate'; by: string },
): Promise<RunRecord> {
  const { state } = ctx;
  await state.createRun(startingRun({ id: req.runId, kind: 'cleanup', phase: 'destructive', dryRun: false, trigger: `cli (${req.by})`, startedAt: ctx.clock.now().toISOString() }));
  const jobs: JobSpec[] = req.items.flatMap((item) =>
    item.refusal || !item.flag?.oktaId || !item.link
      ? []
      : [
          {
            name: 'leave-scope' as const,
            jobId: jobId('leave', req.runId, item.flag.oktaId),
            data: { runId: req.runId, oktaId: item.flag.oktaId, label: item.link.userName || item.flag.login || item.flag.oktaId, scimId: item.link.scimId, action: req.action },
          },
        ],
  );
  await state.addRunNote(req.runId, `${jobs.length} account(s) to ${req.action}, confirmed by ${req.by}`);
  await state.addPlanned(req.runId, jobs.map(recordKey));
  await ctx.enqueue.addBulk(jobs);
  const run = await waitForRecords(ctx, req.runId, jobOfKey(req.runId));
  for (const item of req.items) {
    if (item.refusal || !item.flag?.oktaId) continue;
    const outcome = await state.getOutcome(req.runId, `u:${item.flag.oktaId}`);
    if (outcome === 'deleted' || outcome === 'deactivated') {
      await state.resolveFlag(item.id, req.by, `${outcome} in IDaaS by oisync flags cleanup (run ${req.runId})`);
    }
  }
  await state.updateRun(req.runId, { status: failedRecords(run) > 0 ? 'failed' : 'succeeded', phase: 'done', finishedAt: ctx.clock.now().toISOString() });
  return (await state.getRun(req.runId)) as RunRecord;
}
