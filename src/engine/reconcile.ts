import type { RunRecord } from '../domain/runs.js';
import type { JobContext, JobInfo } from '../queue/job-context.js';
import { autoCloseFlags } from './reconcile-flags.js';
import type { ReconcileContext } from './reconcile-context.js';
import { reconcileGroups } from './reconcile-groups.js';
import { reconcileLeftoverGroups, reconcileLeftoverUsers } from './reconcile-leftovers.js';
import { reconcileMemberships } from './reconcile-members.js';
import { reconcileUsers } from './reconcile-users.js';
import { TargetSnapshot } from './target-snapshot.js';
import { withWriterRun } from './writer-run.js';

export interface ReconcileRequest {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly trigger: string;
}

/**
 * One reconcile (DESIGN §7): read everything IDaaS holds and the Okta scope, classify every
 * pair, store the drift report, repair what `reconcile.*` and `provisioning.*` allow through
 * the ordinary push jobs (same retries, rate limit, outcomes and safety brake as a sync), flag
 * the rest, and auto-close flags whose cause went away. Takes the writer lock: it excludes a
 * full sync. With the links lost, it re-derives them from externalId/userName without
 * writing to IDaaS what already matches.
 */
export async function runReconcile(ctx: JobContext, req: ReconcileRequest, job: JobInfo): Promise<RunRecord> {
  const startedAt = ctx.clock.now().toISOString();
  return withWriterRun(ctx, { ...req, kind: 'reconcile' }, job, async (run) => {
    const { state } = ctx;
    const pushGroups = ctx.config.provisioning.pushGroups;
    const snapshot = await TargetSnapshot.load(run.plan.target, ctx.config.idaas.concurrency);
    await state.addRunNote(req.runId, `read IDaaS: ${snapshot.userCount} users, ${snapshot.groups.size} groups with their members`);
    const userLinkOf = new Map<string, string>();
    const groupLinkOf = new Map<string, string>();
    for await (const links of state.scanUserLinks()) for (const l of links) userLinkOf.set(l.scimId, l.oktaId);
    for await (const links of state.scanGroupLinks()) for (const l of links) groupLinkOf.set(l.scimId, l.oktaId);
    const rc: ReconcileContext = {
      ...run.plan,
      read: ctx.source.readScope(),
      scope: new Set(),
      groups: new Map(),
      policy: ctx.config.reconcile,
      snapshot,
      userLinkOf,
      groupLinkOf,
      matchedUsers: new Set(),
      matchedGroups: new Set(),
      startedAt,
    };

    await state.updateRun(req.runId, { phase: 'users' });
    await reconcileUsers(rc);
    const usersComplete = rc.read.report().complete;
    if (pushGroups) {
      await state.updateRun(req.runId, { phase: 'groups' });
      await reconcileGroups(rc);
    }
    // Leavers before memberships: a flagged leaver keeps its group memberships.
    if (usersComplete) await reconcileLeftoverUsers(rc);
    const groupsComplete = rc.read.report().complete;
    if (pushGroups && groupsComplete) await reconcileLeftoverGroups(rc);
    if (!req.dryRun) await run.wait();

    if (pushGroups) {
      await state.updateRun(req.runId, { phase: 'memberships' });
      await reconcileMemberships(rc);
      if (!req.dryRun) await run.wait();
    }

    const complete = await run.checkRead(rc.read, 'no destructive step was planned and no flag was auto-closed from this incomplete read');
    if ((await run.brake()) === false && !req.dryRun) await run.wait();
    if (!req.dryRun && complete) await autoCloseFlags(rc, pushGroups);
  });
}
