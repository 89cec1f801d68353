import { bodyHash } from '../domain/canonical-json.js';
import { classifyTargetOnly, hasOktaMarker } from '../domain/reconcile.js';
import { planLeaver, type LeavePolicy } from './plan-leavers.js';
import { raise, report, type ReconcileContext } from './reconcile-context.js';
import { derivedLink } from './reconcile-users.js';
import { PageBatch } from './run-context.js';

/**
 * IDaaS accounts no in-scope Okta user accounts for. Called only after a complete read of the
 * Okta scope. Hand-made accounts (no link, no Okta-shaped externalId) are reported as
 * unmanaged and never touched. The others are looked up in Okta by id: a user who exists but
 * lost the app is "unauthorized" (`provisioning.unassigned` decides), one Okta no longer has is
 * an orphan (`reconcile.orphans` decides). Either way deletion only ever applies to accounts
 * oisync created, and a lost link is re-derived first (origin `adopted`: never deleted).
 */
export async function reconcileLeftoverUsers(rc: ReconcileContext): Promise<void> {
  const { ctx, snapshot } = rc;
  const batch = new PageBatch();
  for (const scimId of snapshot.userIds()) {
    if (rc.matchedUsers.has(scimId)) continue;
    const ref = snapshot.userRef(scimId);
    if (!ref) continue;
    const linkedTo = rc.userLinkOf.get(scimId);
    const oktaId = linkedTo ?? (hasOktaMarker(ref.externalId, 'user') ? ref.externalId : undefined);
    const base = { kind: 'user' as const, label: ref.userName, scimId };
    if (!oktaId) {
      report(batch, { class: 'unmanaged', ...base, action: 'none', reason: 'no link and no Okta id as externalId (made in IDaaS by hand?); never touched' }, rc.dryRun);
      continue;
    }
    if (rc.scope.has(oktaId)) {
      // The Okta user is in scope and accounted for by another account: this one claims it too.
      raise(rc, batch, { kind: 'disputed', subject: `${oktaId}-${scimId}`, oktaId, login: ref.userName, scimId, groups: snapshot.groupsOf(scimId), reason: `this IDaaS account also carries Okta user ${oktaId}, which is linked to another account; nothing was written` });
      report(batch, { class: 'disputed', ...base, oktaId, action: 'flag', reason: 'a second IDaaS account for an Okta user in scope' }, rc.dryRun);
      continue;
    }
    const lookup = await ctx.source.getUser(oktaId);
    if (lookup.kind === 'in-scope') continue; // assigned since the scope was read: the next run sees it
    const cls = classifyTargetOnly({ linked: linkedTo !== undefined, externalId: ref.externalId, okta: lookup.kind });
    if (cls === 'unmanaged') continue;
    const now = ctx.clock.now().toISOString();
    let link = linkedTo ? await ctx.state.getUserLink(linkedTo) : undefined;
    if (!link) {
      link = derivedLink({ oktaId, scimId, userName: ref.userName, body: null, hash: bodyHash(null), mappingHash: '', now });
      if (!rc.dryRun) await ctx.state.putUserLink(link);
    }
    const current = snapshot.user(scimId);
    const active = current?.attrs['active'] !== false;
    const sentInactive = link.body?.['active'] === false;
    const policy: LeavePolicy = cls === 'unauthorized' ? ctx.config.provisioning.unassigned : rc.policy.orphans;
    // Already handled by an earlier run: refresh its flag; deactivate only if that never happened.
    const handled = link.outOfScopeSince !== undefined && (policy !== 'deactivate' || !active || sentInactive);
    if (active && sentInactive) {
      raise(rc, batch, { kind: 'deactivation-ignored', subject: oktaId, oktaId, login: ref.userName, scimId, groups: snapshot.groupsOf(scimId), reason: 'left the app scope and was deactivated, but IDaaS still shows the account active — disable it in the IDaaS console' });
    }
    const done = await planLeaver(rc, batch, { link, groups: snapshot.groupsOf(scimId), cause: cls === 'unauthorized' ? 'unassigned' : 'deleted' }, handled && policy === 'deactivate' ? 'flag' : policy);
    const why = cls === 'unauthorized' ? `Okta user ${oktaId} is no longer assigned to the app` : `Okta has no user ${oktaId} any more`;
    report(batch, { class: cls, ...base, oktaId, action: done, reason: `${why}; ${cls === 'unauthorized' ? 'provisioning.unassigned' : 'reconcile.orphans'}: ${policy}` }, rc.dryRun);
  }
  await batch.flush(rc);
}

/**
 * IDaaS groups no selected Okta group accounts for. Groups are never deleted by oisync (a
 * group carries memberships someone may rely on): orphans are flagged, hand-made groups are
 * reported as unmanaged.
 */
export async function reconcileLeftoverGroups(rc: ReconcileContext): Promise<void> {
  const { ctx, snapshot } = rc;
  const batch = new PageBatch();
  for (const [scimId, g] of snapshot.groups) {
    if (rc.matchedGroups.has(scimId)) continue;
    const linkedTo = rc.groupLinkOf.get(scimId);
    const oktaId = linkedTo ?? (hasOktaMarker(g.externalId, 'group') ? g.externalId : undefined);
    const base = { kind: 'group' as const, label: g.displayName, scimId };
    if (!oktaId) {
      report(batch, { class: 'unmanaged', ...base, action: 'none', reason: 'no link and no Okta group id as externalId (made in IDaaS by hand?); never touched' }, rc.dryRun);
      continue;
    }
    if (rc.groups.has(oktaId)) {
      raise(rc, batch, { kind: 'disputed', subject: `${oktaId}-${scimId}`, oktaId, login: g.displayName, scimId, reason: `this IDaaS group also carries Okta group ${oktaId}, which is linked to another group; nothing was written` });
      report(batch, { class: 'disputed', ...base, oktaId, action: 'flag', reason: 'a second IDaaS group for a pushed Okta group' }, rc.dryRun);
      continue;
    }
    const lookup = await ctx.source.getGroup(oktaId);
    if (lookup.kind === 'selected') continue; // selected since the groups were read
    const why = lookup.kind === 'not-found' ? `Okta has no group ${oktaId} any more` : `Okta group ${oktaId} is no longer selected by okta.groups`;
    raise(rc, batch, { kind: 'orphan', subject: oktaId, oktaId, login: g.displayName, scimId, reason: `${why}; the IDaaS group (${g.members.length} members) is left as it is — delete it by hand if it is no longer needed` });
    report(batch, { class: 'orphan', ...base, oktaId, action: 'flag', reason: why }, rc.dryRun);
  }
  await batch.flush(rc);
}
