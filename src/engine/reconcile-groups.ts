import { bodyHash } from '../domain/canonical-json.js';
import type { GroupLink } from '../domain/links.js';
import { classifyPair, pairAction } from '../domain/reconcile.js';
import { groupMappingInput, type SourceGroup } from '../domain/records.js';
import type { UserAction } from '../queue/catalogue.js';
import { recordMappingFailure } from './mapping-failure.js';
import { groupLabel } from './plan-groups.js';
import { changeText, planRepair, raise, report, type ReconcileContext } from './reconcile-context.js';
import { PageBatch } from './run-context.js';

/**
 * Classify every group selected for push against IDaaS, and repair what policy allows through
 * push-group jobs. Memberships are compared later, once users and groups are linked.
 */
export async function reconcileGroups(rc: ReconcileContext): Promise<void> {
  for await (const page of rc.read.groups()) {
    const batch = new PageBatch();
    const links = await rc.ctx.state.getGroupLinks(page.map((g) => g.id));
    for (const group of page) reconcileGroup(rc, batch, group, links.get(group.id));
    await batch.flush(rc);
  }
}

function reconcileGroup(rc: ReconcileContext, batch: PageBatch, group: SourceGroup, link: GroupLink | undefined): void {
  const { ctx, snapshot } = rc;
  const key = `g:${group.id}`;
  const label = groupLabel(group);
  rc.groups.set(group.id, label);
  if (link) rc.matchedGroups.add(link.scimId);
  const mapped = rc.mapper.mapGroup(groupMappingInput(group));
  if (!mapped.ok) {
    for (const id of snapshot.idsWithExternalId('group', group.id)) rc.matchedGroups.add(id);
    recordMappingFailure(rc, batch, { kind: 'group', key, oktaId: group.id, label }, mapped.problems);
    return;
  }
  const body = mapped.body;
  const hash = bodyHash(body);
  const current = link ? snapshot.groups.get(link.scimId) : undefined;
  const taken = (scimId: string): boolean => {
    const owner = rc.groupLinkOf.get(scimId);
    return owner !== undefined && owner !== group.id;
  };
  const verdict = classifyPair({
    desired: body,
    hash,
    ...(link ? { link } : {}),
    ...(current ? { linked: { id: current.id, attrs: current.attrs } } : {}),
    candidates: link ? [] : snapshot.groupCandidates(group.id, body.displayName, taken),
  });
  const action = pairAction(verdict, rc.policy, { create: true, update: true });
  const base = { kind: 'group' as const, oktaId: group.id, label };
  const now = ctx.clock.now().toISOString();
  const target = { kind: 'group' as const, oktaId: group.id, label, body, hash, ...('changes' in verdict ? { changes: verdict.changes } : {}) };
  const job = (jobAction: UserAction, opts: { scimId?: string; repair?: boolean; reason: string }): void => planRepair(rc, batch, target, jobAction, opts);
  const outcome = (o: 'unchanged' | 'adopted' | 'flagged'): void => {
    batch.outcomes.push({ key, kind: 'group', outcome: o });
  };

  switch (verdict.class) {
    case 'in-sync':
      batch.count('drift.group.in-sync');
      outcome('unchanged');
      return;
    case 'drifted':
    case 'deactivation-ignored': // groups have no `active`; here only for exhaustiveness
      if (action === 'repair') {
        job('update', { scimId: verdict.scimId, repair: true, reason: 'drift: renamed in IDaaS' });
        report(batch, { class: 'drifted', ...base, scimId: verdict.scimId, changes: verdict.changes, action: 'repair', reason: "changed in IDaaS; Okta's values written back" }, rc.dryRun);
        return;
      }
      raise(rc, batch, { kind: 'drift', subject: group.id, oktaId: group.id, login: label, scimId: verdict.scimId, reason: `IDaaS group differs from Okta (${changeText(verdict.changes)}); reconcile.drift is report, so nothing was written` });
      report(batch, { class: 'drifted', ...base, scimId: verdict.scimId, changes: verdict.changes, action: 'flag', reason: 'changed in IDaaS; reconcile.drift is report' }, rc.dryRun);
      outcome('flagged');
      return;
    case 'missing':
      if (action === 'create') {
        if (verdict.wasLinked && link) job('update', { scimId: link.scimId, repair: true, reason: 'missing: the linked IDaaS group no longer exists' });
        else job('create', { reason: 'missing in IDaaS' });
        report(batch, { class: 'missing', ...base, action: 'create', reason: verdict.wasLinked ? 'the linked IDaaS group no longer exists; created' : 'not in IDaaS; created' }, rc.dryRun);
        return;
      }
      raise(rc, batch, { kind: 'drift', subject: group.id, oktaId: group.id, login: label, reason: 'the linked IDaaS group no longer exists (deleted in IDaaS?); reconcile.drift is report, so it was not recreated' });
      report(batch, { class: 'missing', ...base, action: 'flag', reason: 'the linked IDaaS group no longer exists; reconcile.drift is report' }, rc.dryRun);
      outcome('flagged');
      return;
    case 'unlinked-match': {
      rc.matchedGroups.add(verdict.scimId);
      const found = snapshot.groups.get(verdict.scimId);
      const how = found?.externalId === group.id ? 'externalId' : 'displayName';
      if (action === 'adopt') {
        rc.groupLinkOf.set(verdict.scimId, group.id);
        if (verdict.changes.length === 0) {
          const derived: GroupLink = { oktaId: group.id, scimId: verdict.scimId, hash, mappingHash: rc.mapper.hash, origin: 'adopted', displayName: body.displayName, body: { ...body }, linkedAt: now, writtenAt: now };
          const members = found?.members ?? [];
          batch.stateWrites.push(async () => {
            await ctx.state.putGroupLink(derived);
            await ctx.state.replaceGroupMembers(group.id, members);
          });
          report(batch, { class: 'unlinked-match', ...base, scimId: verdict.scimId, action: 'adopt', reason: `matched by ${how}; linked (already in sync, nothing written)` }, rc.dryRun);
          outcome('adopted');
          return;
        }
        job('adopt', { scimId: verdict.scimId, reason: `unlinked match by ${how}` });
        report(batch, { class: 'unlinked-match', ...base, scimId: verdict.scimId, changes: verdict.changes, action: 'adopt', reason: `matched by ${how}; linked and renamed` }, rc.dryRun);
        return;
      }
      raise(rc, batch, { kind: 'unlinked', subject: group.id, oktaId: group.id, login: label, scimId: verdict.scimId, reason: `IDaaS group "${found?.displayName ?? verdict.scimId}" matches by ${how} but is not linked; reconcile.adoptUnlinked is off` });
      report(batch, { class: 'unlinked-match', ...base, scimId: verdict.scimId, changes: verdict.changes, action: 'flag', reason: `matched by ${how}; reconcile.adoptUnlinked is off` }, rc.dryRun);
      outcome('flagged');
      return;
    }
    case 'disputed': {
      for (const id of verdict.candidates) rc.matchedGroups.add(id);
      raise(rc, batch, { kind: 'disputed', subject: group.id, oktaId: group.id, login: label, reason: `${verdict.candidates.length} IDaaS groups match "${body.displayName}" (${verdict.candidates.join(', ')}); nothing was written` });
      report(batch, { class: 'disputed', ...base, action: 'flag', reason: `candidates: ${verdict.candidates.join(', ')}` }, rc.dryRun);
      outcome('flagged');
      return;
    }
  }
}
