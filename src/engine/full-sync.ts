import type { RunRecord } from '../domain/runs.js';
import type { JobContext, JobInfo } from '../queue/job-context.js';
import { planGroups } from './plan-groups.js';
import { planLeavers } from './plan-leavers.js';
import { planMemberships, prefetchMembers } from './plan-memberships.js';
import { planUsers } from './plan-users.js';
import type { RunContext } from './run-context.js';
import { initLogCursor } from './system-log-poll.js';
import { withWriterRun } from './writer-run.js';

export interface FullSyncRequest {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly trigger: string;
}

/**
 * One full sync: plan then execute, in phases — users and groups; memberships (their members
 * are SCIM ids, so after the users); then destructive steps through the safety brake.
 * Re-entrant: a control job that is retried after a crash re-plans the same run id, and
 * deterministic job ids plus per-record outcomes make the second pass add nothing twice.
 */
export async function runFullSync(ctx: JobContext, req: FullSyncRequest, job: JobInfo): Promise<RunRecord> {
  return withWriterRun(ctx, { ...req, kind: 'full-sync' }, job, async (run) => {
    const { state } = ctx;
    // Changes made from here on are the System Log's to deliver, if nobody has started reading it.
    if (!req.dryRun) await initLogCursor(ctx);
    const rc: RunContext = { ...run.plan, read: ctx.source.readScope(), scope: new Set(), groups: new Map() };
    await state.updateRun(req.runId, { phase: 'users' });
    await planUsers(rc);
    if (rc.read.report().complete) await planLeavers(rc);
    if (ctx.config.provisioning.pushGroups) {
      await state.updateRun(req.runId, { phase: 'groups' });
      await planGroups(rc);
      rc.members = prefetchMembers(rc);
      // surfaced by planMemberships; this only keeps an early failure from being "unhandled"
      rc.members.catch(() => undefined);
      // users and groups are written together; the progress shown is mostly users
      await state.updateRun(req.runId, { phase: 'users' });
    }
    if (!req.dryRun) await run.wait();

    if (ctx.config.provisioning.pushGroups) {
      await state.updateRun(req.runId, { phase: 'memberships' });
      await planMemberships(rc);
      if (!req.dryRun) await run.wait();
    }

    await run.checkRead(rc.read, 'no destructive step was planned from this incomplete read');
    if ((await run.brake()) === false && !req.dryRun) await run.wait();
  });
}
