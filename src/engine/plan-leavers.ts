import { flagId, type FlagKind } from '../domain/flags.js';
import type { UserLink } from '../domain/links.js';
import type { StateStore } from '../domain/ports.js';
import { leaveAction } from '../domain/reconcile.js';
import { jobId } from '../queue/catalogue.js';
import { PageBatch, type PlanContext, type RunContext } from './run-context.js';

export type LeavePolicy = 'flag' | 'deactivate' | 'delete';

/** A linked user who is no longer in scope, and why. */
export interface Leaver {
  readonly link: UserLink;
  /** IDaaS groups (display names) the account still belongs to, for the flag. */
  readonly groups: readonly string[];
  /** `unassigned`: the Okta user exists but lost the app ("unauthorized"); `deleted`: Okta has no such user. */
  readonly cause: 'unassigned' | 'deleted';
}

/**
 * Users we linked who are no longer in scope (unassigned from the app, or deleted in Okta).
 * Called only after a complete read of the scope. By default nothing is deleted: the user is
 * flagged for manual cleanup with the IDaaS groups they still belong to (what IDaaS calls
 * "unauthorized", seed FAQ). `deactivate` and `delete` become destructive steps that go
 * through the safety brake; `delete` only ever touches users oisync created.
 */
export async function planLeavers(rc: RunContext): Promise<void> {
  const { ctx } = rc;
  const seen = new Set<string>();
  const fresh: UserLink[] = [];
  const known: UserLink[] = [];
  for await (const links of ctx.state.scanUserLinks()) {
    for (const link of links) {
      if (rc.scope.has(link.oktaId) || seen.has(link.oktaId)) continue;
      seen.add(link.oktaId);
      (link.outOfScopeSince ? known : fresh).push(link);
    }
  }
  const now = ctx.clock.now().toISOString();
  // Already handled in an earlier run: keep the flag current, keep their memberships.
  for (const link of known) {
    rc.keepMembers.add(link.scimId);
    const existing = rc.dryRun ? undefined : await ctx.state.getFlag(flagId('unassigned', link.oktaId));
    if (existing) await ctx.state.upsertFlag({ ...existing, lastSeen: now, runId: rc.runId });
  }
  if (fresh.length === 0) return;

  const groupsOf = await groupNamesOf(ctx.state, new Set(fresh.map((l) => l.scimId)));
  const batch = new PageBatch();
  for (const link of fresh) {
    await planLeaver(rc, batch, { link, groups: groupsOf.get(link.scimId) ?? [], cause: 'unassigned' }, ctx.config.provisioning.unassigned);
  }
  await batch.flush(rc);
}

/**
 * One user leaving scope, under `policy`: flag (write nothing, remember they are out of scope),
 * or a destructive `leave-scope` step (deactivate; delete only if oisync created the account,
 * otherwise flag). Flagged and deactivated users keep their IDaaS group memberships for review.
 */
export async function planLeaver(pc: PlanContext, batch: PageBatch, leaver: Leaver, policy: LeavePolicy): Promise<LeavePolicy> {
  const { link, groups, cause } = leaver;
  const key = `u:${link.oktaId}`;
  const label = link.userName;
  const now = pc.ctx.clock.now().toISOString();
  const why = cause === 'deleted' ? 'deleted in Okta' : 'left the app scope (unassigned in Okta)';
  const flagKind: FlagKind = cause === 'deleted' ? 'orphan' : 'unassigned';
  const base = { key, kind: 'user' as const, oktaId: link.oktaId, label, scimId: link.scimId };
  const action = leaveAction(policy, link.origin);
  const reason =
    action === 'flag'
      ? policy === 'delete'
        ? `${why}; adopted account (not created by oisync), so it is never deleted — clean up by hand`
        : `${why}; remove the account and its group memberships in IDaaS by hand`
      : `${why}; policy: ${policy}`;
  batch.steps.push({ ...base, action, destructive: action !== 'flag', reason });
  batch.count(`plan.user.leave-${action}`);
  // Memberships of a flagged or deactivated user stay for the admin to review; a deleted
  // account takes its memberships with it. Either way no separate removal is planned.
  pc.keepMembers.add(link.scimId);
  if (action === 'flag' || action === 'deactivate') {
    batch.flags.push({
      id: flagId(flagKind, link.oktaId),
      kind: flagKind,
      oktaId: link.oktaId,
      login: link.userName,
      scimId: link.scimId,
      groups: [...groups],
      reason: action === 'deactivate' ? `${reason}; deactivated in IDaaS, group memberships kept for review` : reason,
      lastSeen: now,
      runId: pc.runId,
    });
  }
  if (action === 'flag') {
    batch.outcomes.push({ key, kind: 'user', outcome: 'flagged' });
    if (!pc.dryRun && !link.outOfScopeSince) await pc.ctx.state.putUserLink({ ...link, outOfScopeSince: now });
    return action;
  }
  pc.destructive.push({
    name: 'leave-scope',
    jobId: jobId('leave', pc.runId, link.oktaId),
    data: { runId: pc.runId, oktaId: link.oktaId, label, scimId: link.scimId, action },
  });
  return action;
}

/** IDaaS group names each of these users belongs to, from the member sets we keep. */
export async function groupNamesOf(state: StateStore, scimIds: ReadonlySet<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for await (const links of state.scanGroupLinks()) {
    for (const g of links) {
      const members = await state.getGroupMembers(g.oktaId);
      for (const id of scimIds) {
        if (!members.has(id)) continue;
        const list = out.get(id) ?? [];
        if (!list.includes(g.displayName)) list.push(g.displayName);
        out.set(id, list);
      }
    }
  }
  return out;
}
