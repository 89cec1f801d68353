import { describeError } from '../domain/errors.js';
import { membershipDelta } from '../domain/reconcile.js';
import type { AttributeChange } from '../domain/runs.js';
import { addMembershipJobs } from './plan-memberships.js';
import { raise, report, type ReconcileContext } from './reconcile-context.js';
import { PageBatch } from './run-context.js';

/**
 * Membership drift per pushed group: the members IDaaS has now (read per group, since the list
 * omits them) against the linked in-scope members of the Okta group. The member cache is set
 * to what IDaaS holds, so the push-members jobs compute their deltas from the truth. Adds go out
 * as jobs; removals are destructive and go through the brake; only members oisync manages are
 * removed, and users kept on purpose (flagged leavers) stay.
 */
export async function reconcileMemberships(rc: ReconcileContext): Promise<void> {
  const { ctx, snapshot } = rc;
  const owned = new Map<string, string>();
  const scimOf = new Map<string, string>();
  for await (const links of ctx.state.scanUserLinks()) {
    for (const l of links) {
      owned.set(l.scimId, l.userName);
      scimOf.set(l.oktaId, l.scimId);
      if (l.outOfScopeSince) rc.keepMembers.add(l.scimId);
    }
  }
  // A dry run stored no link it re-derived; use what the planner decided.
  for (const [scimId, oktaId] of rc.userLinkOf) {
    if (scimOf.has(oktaId)) continue;
    scimOf.set(oktaId, scimId);
    owned.set(scimId, snapshot.userRef(scimId)?.userName ?? scimId);
  }
  const groupScimOf = new Map<string, string>();
  for (const [scimId, oktaId] of rc.groupLinkOf) groupScimOf.set(oktaId, scimId);

  for (const [groupId, label] of rc.groups) {
    const batch = new PageBatch();
    const link = await ctx.state.getGroupLink(groupId);
    const scimId = link?.scimId ?? groupScimOf.get(groupId);
    if (!scimId) continue; // not in IDaaS (its push failed, was flagged, or a dry run would create it)
    const inSnapshot = snapshot.groups.get(scimId);
    const actual = inSnapshot ? [...inSnapshot.members] : [...(await ctx.state.getGroupMembers(groupId))];
    if (inSnapshot && link && !rc.dryRun) await ctx.state.replaceGroupMembers(groupId, actual);

    const desired = new Set<string>();
    let complete = true;
    let pending = 0;
    try {
      for await (const ids of rc.read.groupMemberIds(groupId)) {
        for (const id of ids) {
          if (!rc.scope.has(id)) continue;
          const s = scimOf.get(id);
          if (s) desired.add(s);
          else pending++;
        }
      }
    } catch (err) {
      complete = false;
      await ctx.state.addRunNote(rc.runId, `members of group ${label} could not be read completely (${describeError(err).message}); no removals planned for it`);
    }
    if (pending) batch.count('membership.pending', pending);
    const delta = membershipDelta(desired, new Set(actual), new Set(owned.keys()), rc.keepMembers);
    const remove = complete ? delta.remove : [];
    if (delta.add.length === 0 && remove.length === 0) {
      batch.count('drift.membership.in-sync');
      await batch.flush(rc);
      continue;
    }
    const name = (s: string): string => owned.get(s) ?? snapshot.userRef(s)?.userName ?? s;
    const changes: AttributeChange[] = [
      ...delta.add.map((s) => ({ path: 'members', old: null, new: name(s) })),
      ...remove.map((s) => ({ path: 'members', old: name(s), new: null })),
    ];
    const base = { kind: 'membership' as const, oktaId: groupId, label, scimId };
    const what = `${delta.add.length} missing, ${remove.length} not in Okta`;
    if (rc.policy.drift === 'report') {
      raise(rc, batch, { kind: 'drift', subject: `${groupId}-members`, oktaId: groupId, login: label, scimId, reason: `IDaaS members differ from Okta (${what}: ${[...delta.add.map((s) => `+${name(s)}`), ...remove.map((s) => `-${name(s)}`)].slice(0, 20).join(', ')}); reconcile.drift is report, so nothing was written` });
      report(batch, { class: 'drifted', ...base, changes, action: 'flag', reason: `${what}; reconcile.drift is report` }, rc.dryRun);
      batch.outcomes.push({ key: `m:${groupId}:report`, kind: 'membership', outcome: 'flagged' });
      await batch.flush(rc);
      continue;
    }
    report(batch, { class: 'drifted', ...base, changes, action: 'repair', reason: `${what}; members written back${remove.length ? ' (removals through the safety brake)' : ''}` }, rc.dryRun);
    batch.count('plan.membership.add', delta.add.length);
    batch.count('plan.membership.remove', remove.length);
    batch.steps.push({ key: `m:${groupId}`, kind: 'membership', action: 'members', oktaId: groupId, label, scimId, destructive: remove.length > 0, reason: `drift: ${what}`, changes: changes.slice(0, 100) });
    const oktaOf = new Map([...scimOf].map(([o, s]) => [s, o]));
    const add = delta.add.flatMap((s) => {
      const o = oktaOf.get(s);
      return o ? [o] : [];
    });
    addMembershipJobs(rc, batch, { groupId, label, add, remove, waitForMembers: false });
    await batch.flush(rc);
  }
}
