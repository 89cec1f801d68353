import { bodyHash } from '../domain/canonical-json.js';
import { flagId } from '../domain/flags.js';
import type { UserLink } from '../domain/links.js';
import { classifyPair, pairAction } from '../domain/reconcile.js';
import { userLabel, userMappingInput, type SourceUser } from '../domain/records.js';
import type { ScimUserBody } from '../domain/scim.js';
import type { UserAction } from '../queue/catalogue.js';
import { recordMappingFailure } from './mapping-failure.js';
import { changeText, planRepair, raise, report, type ReconcileContext } from './reconcile-context.js';
import { PageBatch } from './run-context.js';

/**
 * Classify every in-scope Okta user against IDaaS as it is now, and repair what policy allows
 * through the same push-user jobs a sync uses (same retries, rate limit, brake and outcomes).
 */
export async function reconcileUsers(rc: ReconcileContext): Promise<void> {
  for await (const page of rc.read.users()) {
    const batch = new PageBatch();
    const links = await rc.ctx.state.getUserLinks(page.map((u) => u.id));
    for (const user of page) {
      rc.scope.add(user.id);
      reconcileUser(rc, batch, user, links.get(user.id));
    }
    await batch.flush(rc);
  }
}

function reconcileUser(rc: ReconcileContext, batch: PageBatch, user: SourceUser, link: UserLink | undefined): void {
  const { ctx, snapshot } = rc;
  const switches = ctx.config.provisioning;
  const key = `u:${user.id}`;
  const label = userLabel(user);
  if (link) rc.matchedUsers.add(link.scimId);
  const mapped = rc.mapper.mapUser(userMappingInput(user));
  if (!mapped.ok) {
    // Its account is accounted for even though it cannot be compared: not an orphan, not a duplicate.
    for (const id of snapshot.idsWithExternalId('user', user.id)) rc.matchedUsers.add(id);
    recordMappingFailure(rc, batch, { kind: 'user', key, oktaId: user.id, label }, mapped.problems);
    return;
  }
  const body = mapped.body;
  const hash = bodyHash(body);
  const linked = link ? snapshot.user(link.scimId) : undefined;
  const taken = (scimId: string): boolean => {
    const owner = rc.userLinkOf.get(scimId);
    return owner !== undefined && owner !== user.id;
  };
  const verdict = classifyPair({ desired: body, hash, ...(link ? { link } : {}), ...(linked ? { linked } : {}), candidates: link ? [] : snapshot.userCandidates(user.id, body.userName, taken) });
  const deactivates = body.active === false && linked?.attrs['active'] !== false;
  const action = pairAction(verdict, rc.policy, {
    create: switches.createUsers,
    update: deactivates ? switches.deactivateUsers : switches.updateUserAttributes,
  });
  const now = ctx.clock.now().toISOString();
  const base = { kind: 'user' as const, oktaId: user.id, label };
  const groups = (scimId: string | undefined): readonly string[] => (scimId ? snapshot.groupsOf(scimId) : []);

  if (link?.outOfScopeSince) {
    // Back in scope: the flags about leaving it are answered.
    for (const kind of ['unassigned', 'orphan'] as const) batch.closeFlags.push({ id: flagId(kind, user.id), reason: 'back in the app scope in Okta' });
  }
  const target = { kind: 'user' as const, oktaId: user.id, label, body, hash, ...('changes' in verdict ? { changes: verdict.changes } : {}) };
  const job = (jobAction: UserAction, opts: { scimId?: string; destructive?: boolean; repair?: boolean; reason: string }): void => planRepair(rc, batch, target, jobAction, opts);
  const outcome = (o: 'unchanged' | 'adopted' | 'flagged' | 'skipped'): void => {
    batch.outcomes.push({ key, kind: 'user', outcome: o });
  };

  switch (verdict.class) {
    case 'in-sync': {
      batch.count('drift.user.in-sync');
      outcome('unchanged');
      if (link && (link.hash !== hash || link.outOfScopeSince)) {
        // IDaaS already holds this body (written by someone else, or by an older mapping that
        // produced the same result): remember it, so the next sync sends nothing.
        const { outOfScopeSince: _gone, ...rest } = link;
        batch.stateWrites.push(() => ctx.state.putUserLink({ ...rest, hash, mappingHash: rc.mapper.hash, body: { ...body } }));
      }
      return;
    }
    case 'drifted': {
      const why = verdict.oktaChanged ? 'Okta changed since the last write, and IDaaS differs' : 'changed in IDaaS since oisync wrote it';
      if (action === 'repair') {
        job('update', { scimId: verdict.scimId, destructive: deactivates, repair: true, reason: `drift: ${why}` });
        report(batch, { class: 'drifted', ...base, scimId: verdict.scimId, changes: verdict.changes, action: 'repair', reason: `${why}; Okta's values written back` }, rc.dryRun);
        return;
      }
      const policy = rc.policy.drift === 'report' ? 'reconcile.drift is report' : deactivates ? 'provisioning.deactivateUsers is off' : 'provisioning.updateUserAttributes is off';
      raise(rc, batch, { kind: 'drift', subject: user.id, oktaId: user.id, login: label, scimId: verdict.scimId, groups: groups(verdict.scimId), reason: `IDaaS differs from Okta (${changeText(verdict.changes)}); ${policy}, so nothing was written` });
      report(batch, { class: 'drifted', ...base, scimId: verdict.scimId, changes: verdict.changes, action: 'flag', reason: `${why}; ${policy}` }, rc.dryRun);
      outcome('flagged');
      return;
    }
    case 'deactivation-ignored': {
      raise(rc, batch, {
        kind: 'deactivation-ignored',
        subject: user.id,
        oktaId: user.id,
        login: label,
        scimId: verdict.scimId,
        groups: groups(verdict.scimId),
        reason: `inactive in Okta (${user.status}); oisync sent active:false but IDaaS still shows the account active — disable it in the IDaaS console`,
      });
      const reason = 'Okta says inactive, IDaaS ignored active:false (not retried)';
      if (action === 'repair') {
        job('update', { scimId: verdict.scimId, repair: true, reason: `drift: ${changeText(verdict.changes)}` });
        report(batch, { class: 'deactivation-ignored', ...base, scimId: verdict.scimId, changes: verdict.changes, action: 'repair', reason: `${reason}; the other attributes are written back` }, rc.dryRun);
        return;
      }
      report(batch, { class: 'deactivation-ignored', ...base, scimId: verdict.scimId, changes: [{ path: 'active', old: true, new: false }], action: 'flag', reason }, rc.dryRun);
      outcome('flagged');
      return;
    }
    case 'missing': {
      const why = verdict.wasLinked ? `linked IDaaS account ${link?.scimId ?? ''} no longer exists` : 'not in IDaaS';
      if (action === 'create') {
        // A stale link is repaired by the job: it confirms the 404 with a GET, then creates.
        if (verdict.wasLinked && link) job('update', { scimId: link.scimId, repair: true, reason: `missing: ${why}` });
        else job('create', { reason: 'missing in IDaaS' });
        report(batch, { class: 'missing', ...base, action: 'create', reason: `${why}; created` }, rc.dryRun);
        return;
      }
      if (verdict.wasLinked) {
        raise(rc, batch, { kind: 'drift', subject: user.id, oktaId: user.id, login: label, reason: `${why} (deleted in IDaaS?); reconcile.drift is report, so it was not recreated` });
        report(batch, { class: 'missing', ...base, action: 'flag', reason: `${why}; reconcile.drift is report` }, rc.dryRun);
        outcome('flagged');
        return;
      }
      report(batch, { class: 'missing', ...base, action: 'report', reason: `${why}; provisioning.createUsers is off` }, rc.dryRun);
      outcome('skipped');
      return;
    }
    case 'unlinked-match': {
      rc.matchedUsers.add(verdict.scimId);
      const found = snapshot.userRef(verdict.scimId);
      const how = found?.externalId === user.id ? 'externalId' : 'userName';
      if (action === 'adopt') {
        rc.userLinkOf.set(verdict.scimId, user.id);
        if (verdict.changes.length === 0) {
          // Already what Okta says: re-derive the link, write nothing to IDaaS.
          const derived = derivedLink({ oktaId: user.id, scimId: verdict.scimId, userName: body.userName, body, hash, mappingHash: rc.mapper.hash, now });
          batch.stateWrites.push(() => ctx.state.putUserLink(derived));
          report(batch, { class: 'unlinked-match', ...base, scimId: verdict.scimId, action: 'adopt', reason: `matched by ${how}; linked (already in sync, nothing written)` }, rc.dryRun);
          outcome('adopted');
          return;
        }
        job('adopt', { scimId: verdict.scimId, reason: `unlinked match by ${how}` });
        report(batch, { class: 'unlinked-match', ...base, scimId: verdict.scimId, changes: verdict.changes, action: 'adopt', reason: `matched by ${how}; linked and Okta's values written` }, rc.dryRun);
        return;
      }
      raise(rc, batch, { kind: 'unlinked', subject: user.id, oktaId: user.id, login: label, scimId: verdict.scimId, groups: groups(verdict.scimId), reason: `IDaaS account ${found?.userName ?? verdict.scimId} matches by ${how} but is not linked; reconcile.adoptUnlinked is off` });
      report(batch, { class: 'unlinked-match', ...base, scimId: verdict.scimId, changes: verdict.changes, action: 'flag', reason: `matched by ${how}; reconcile.adoptUnlinked is off` }, rc.dryRun);
      outcome('flagged');
      return;
    }
    case 'disputed': {
      for (const id of verdict.candidates) rc.matchedUsers.add(id);
      const ids = verdict.candidates.map((id) => `${id} (${snapshot.userRef(id)?.userName ?? '?'})`).join(', ');
      raise(rc, batch, { kind: 'disputed', subject: user.id, oktaId: user.id, login: label, reason: `${verdict.candidates.length} IDaaS accounts match this user (${ids}); nothing was written` });
      report(batch, { class: 'disputed', ...base, action: 'flag', reason: `candidates: ${ids}` }, rc.dryRun);
      outcome('flagged');
      return;
    }
  }
}

/**
 * A link re-derived from IDaaS (lost state, or an account that was already there). Its origin
 * is `adopted`: after the state is gone nothing proves oisync created the account, so it is
 * never deleted by oisync — the safe side.
 */
export function derivedLink(l: {
  oktaId: string;
  scimId: string;
  userName: string;
  body: ScimUserBody | null;
  hash: string;
  mappingHash: string;
  now: string;
}): UserLink {
  return {
    oktaId: l.oktaId,
    scimId: l.scimId,
    hash: l.hash,
    mappingHash: l.mappingHash,
    origin: 'adopted',
    userName: l.userName,
    body: l.body ? { ...l.body } : null,
    linkedAt: l.now,
    writtenAt: l.now,
  };
}
