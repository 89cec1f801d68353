import { flagId } from '../domain/flags.js';
import type { UserLink } from '../domain/links.js';
import { jobId } from '../queue/catalogue.js';
import { PageBatch, type RunContext } from './run-context.js';

/**
 * Users we linked who are no longer in scope (unassigned from the app, or deleted in Okta).
 * Called only after a complete read of the scope. By default nothing is deleted: the user is
 * flagged for manual cleanup with the IDaaS groups they still belong to (what IDaaS calls
 * "unauthorized", seed FAQ). `deactivate` and `delete` become destructive steps that go
 * through the safety brake; `delete` only ever touches users oisync created.
 */
export async function planLeavers(rc: RunContext): Promise<void> {
  const { ctx } = rc;
  const policy = ctx.config.provisioning.unassigned;
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

  const groupsOf = await groupNamesOf(rc, new Set(fresh.map((l) => l.scimId)));
  const batch = new PageBatch();
  for (const link of fresh) {
    const key = `u:${link.oktaId}`;
    const label = link.userName;
    const groups = groupsOf.get(link.scimId) ?? [];
    const base = { key, kind: 'user' as const, oktaId: link.oktaId, label, scimId: link.scimId };
    const deletable = policy === 'delete' && link.origin === 'created';
    const action = policy === 'deactivate' ? 'deactivate' : deletable ? 'delete' : 'flag';
    const reason =
      action === 'flag'
        ? policy === 'delete'
          ? 'left the app scope; adopted account (not created by oisync), so it is never deleted — clean up by hand'
          : 'left the app scope (unassigned in Okta); remove the account and its group memberships in IDaaS by hand'
        : `left the app scope; provisioning.unassigned: ${policy}`;
    batch.steps.push({ ...base, action, destructive: action !== 'flag', reason });
    batch.count(`plan.user.leave-${action}`);
    // Memberships of a flagged or deactivated user stay for the admin to review; a deleted
    // account takes its memberships with it. Either way no separate removal is planned.
    rc.keepMembers.add(link.scimId);
    if (action === 'flag' || action === 'deactivate') {
      batch.flags.push({
        id: flagId('unassigned', link.oktaId),
        kind: 'unassigned',
        oktaId: link.oktaId,
        login: link.userName,
        scimId: link.scimId,
        groups,
        reason: action === 'deactivate' ? `${reason}; deactivated in IDaaS, group memberships kept for review` : reason,
        lastSeen: now,
        runId: rc.runId,
      });
    }
    if (action === 'flag') {
      batch.outcomes.push({ key, kind: 'user', outcome: 'flagged' });
      if (!rc.dryRun) await ctx.state.putUserLink({ ...link, outOfScopeSince: now });
    } else {
      rc.destructive.push({
        name: 'leave-scope',
        jobId: jobId('leave', rc.runId, link.oktaId),
        data: { runId: rc.runId, oktaId: link.oktaId, label, scimId: link.scimId, action },
      });
    }
  }
  await batch.flush(rc);
}

/** IDaaS group names each of these users belongs to, from the member sets we keep. */
async function groupNamesOf(rc: RunContext, scimIds: ReadonlySet<string>): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for await (const links of rc.ctx.state.scanGroupLinks()) {
    for (const g of links) {
      const members = await rc.ctx.state.getGroupMembers(g.oktaId);
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
