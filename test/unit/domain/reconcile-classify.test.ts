import { describe, expect, it } from 'vitest';
import { bodyHash } from '../../../src/domain/canonical-json.js';
import { compareResource } from '../../../src/domain/drift.js';
import {
  classifyPair,
  classifyTargetOnly,
  hasOktaMarker,
  leaveAction,
  membershipDelta,
  pairAction,
  type PairVerdict,
  type ReconcilePolicy,
} from '../../../src/domain/reconcile.js';

const NS = 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User';

const desired = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', NS],
  userName: 'zoe@acme.example',
  externalId: '00u1zoe',
  displayName: 'Zoë Müller',
  name: { givenName: 'Zoë', familyName: 'Müller' },
  active: true,
  emails: [{ value: 'zoe@acme.example', type: 'work', primary: true }],
  phoneNumbers: [{ value: '+49 151 2345 6789', type: 'mobile', primary: true }],
  [NS]: { user_address: 'Musterstraße 12' },
};

/** What the IDaaS emulator returns for the body above: plus id and meta. */
const asStored = (body: Record<string, unknown>, id = 'user_1'): Record<string, unknown> => ({
  ...structuredClone(body),
  id,
  meta: { resourceType: 'User', version: 'W/"1"', location: `https://x/Users/${id}` },
});

const link = (body: Record<string, unknown> = desired, scimId = 'user_1') => ({ scimId, hash: bodyHash(body), body });

describe('compareResource', () => {
  it('finds nothing between a body and the same resource as IDaaS returns it', () => {
    expect(compareResource(desired, asStored(desired), desired)).toEqual([]);
  });

  it('reports sub-attributes, the custom field and typed multi-valued entries old → new', () => {
    const actual = asStored(desired);
    (actual['name'] as Record<string, string>)['givenName'] = 'Zoe';
    actual[NS] = {};
    actual['emails'] = [{ value: 'zoe.old@acme.example', type: 'work', primary: true }];
    expect(compareResource(desired, actual, desired)).toEqual([
      { path: 'emails[type eq "work"].value', old: 'zoe.old@acme.example', new: 'zoe@acme.example' },
      { path: 'name.givenName', old: 'Zoe', new: 'Zoë' },
      { path: `${NS}:user_address`, old: null, new: 'Musterstraße 12' },
    ]);
  });

  it('reports an attribute Okta cleared (we wrote it before) that IDaaS still holds', () => {
    const { phoneNumbers: _p, ...withoutPhone } = desired;
    expect(compareResource(withoutPhone, asStored(desired), desired)).toEqual([
      { path: 'phoneNumbers[type eq "mobile"]', old: { value: '+49 151 2345 6789', type: 'mobile', primary: true }, new: null },
    ]);
  });

  it('ignores attributes the mapping never set, server-added display/$ref, list order and userName case', () => {
    const actual = asStored({ ...desired, title: 'set by hand in IDaaS', userName: 'Zoe@ACME.example' });
    actual['emails'] = [{ value: 'zoe@acme.example', type: 'work', primary: true, display: 'zoe' }];
    expect(compareResource(desired, actual, desired)).toEqual([]);
  });

  it('treats an empty value and an absent one alike', () => {
    expect(compareResource({ userName: 'a', displayName: '' }, { userName: 'a' }, null)).toEqual([]);
  });

  it('reports a whole entry when more than its value differs', () => {
    const actual = asStored({ ...desired, emails: [{ value: 'zoe@acme.example', type: 'work', primary: false }] });
    expect(compareResource(desired, actual, desired)).toEqual([
      {
        path: 'emails[type eq "work"]',
        old: { value: 'zoe@acme.example', type: 'work', primary: false },
        new: { value: 'zoe@acme.example', type: 'work', primary: true },
      },
    ]);
  });
});

describe('classifyPair', () => {
  it('in sync', () => {
    expect(classifyPair({ desired, hash: bodyHash(desired), link: link(), linked: { id: 'user_1', attrs: asStored(desired) }, candidates: [] })).toEqual({
      class: 'in-sync',
      scimId: 'user_1',
    });
  });

  it('drifted in IDaaS only (hash equal) or because Okta changed too', () => {
    const actual = asStored({ ...desired, displayName: 'Changed by hand' });
    const v = classifyPair({ desired, hash: bodyHash(desired), link: link(), linked: { id: 'user_1', attrs: actual }, candidates: [] });
    expect(v).toEqual({ class: 'drifted', scimId: 'user_1', oktaChanged: false, changes: [{ path: 'displayName', old: 'Changed by hand', new: 'Zoë Müller' }] });
    const newer = { ...desired, displayName: 'Zoë M.' };
    const w = classifyPair({ desired: newer, hash: bodyHash(newer), link: link(), linked: { id: 'user_1', attrs: asStored(desired) }, candidates: [] });
    expect(w).toMatchObject({ class: 'drifted', oktaChanged: true });
  });

  it('missing: linked but gone from IDaaS, or never linked and no match', () => {
    expect(classifyPair({ desired, hash: 'h', link: link(), candidates: [] })).toEqual({ class: 'missing', wasLinked: true });
    expect(classifyPair({ desired, hash: 'h', candidates: [] })).toEqual({ class: 'missing', wasLinked: false });
  });

  it('unlinked match with and without attribute differences; disputed with several', () => {
    expect(classifyPair({ desired, hash: 'h', candidates: [{ id: 'u9', attrs: asStored(desired, 'u9') }] })).toEqual({
      class: 'unlinked-match',
      scimId: 'u9',
      changes: [],
    });
    const differs = asStored({ ...desired, displayName: 'Hand made' }, 'u9');
    expect(classifyPair({ desired, hash: 'h', candidates: [{ id: 'u9', attrs: differs }] })).toMatchObject({ class: 'unlinked-match', changes: [{ path: 'displayName' }] });
    const same = { id: 'u9', attrs: {} };
    expect(classifyPair({ desired, hash: 'h', candidates: [same, same, { id: 'u8', attrs: {} }] })).toEqual({ class: 'disputed', candidates: ['u9', 'u8'] });
  });

  it('deactivation not honoured only after we sent active:false', () => {
    const inactive = { ...desired, active: false };
    const stillActive = { id: 'user_1', attrs: asStored(desired) };
    const sent = classifyPair({ desired: inactive, hash: bodyHash(inactive), link: link(inactive), linked: stillActive, candidates: [] });
    expect(sent).toEqual({ class: 'deactivation-ignored', scimId: 'user_1', changes: [] });
    // Okta deactivated the user since our last write: an ordinary change to push (it is destructive, the brake sees it).
    const notYet = classifyPair({ desired: inactive, hash: bodyHash(inactive), link: link(desired), linked: stillActive, candidates: [] });
    expect(notYet).toMatchObject({ class: 'drifted', oktaChanged: true, changes: [{ path: 'active', old: true, new: false }] });
  });
});

describe('pairAction', () => {
  const overwrite: ReconcilePolicy = { drift: 'overwrite', adoptUnlinked: true, orphans: 'flag' };
  const report: ReconcilePolicy = { drift: 'report', adoptUnlinked: false, orphans: 'flag' };
  const on = { create: true, update: true };
  const cases: [PairVerdict, ReconcilePolicy, { create: boolean; update: boolean }, string][] = [
    [{ class: 'in-sync', scimId: 'a' }, overwrite, on, 'none'],
    [{ class: 'drifted', scimId: 'a', changes: [], oktaChanged: false }, overwrite, on, 'repair'],
    [{ class: 'drifted', scimId: 'a', changes: [], oktaChanged: false }, report, on, 'report'],
    [{ class: 'drifted', scimId: 'a', changes: [], oktaChanged: false }, overwrite, { create: true, update: false }, 'report'],
    [{ class: 'deactivation-ignored', scimId: 'a', changes: [] }, overwrite, on, 'flag'],
    [{ class: 'deactivation-ignored', scimId: 'a', changes: [{ path: 'displayName', old: 1, new: 2 }] }, overwrite, on, 'repair'],
    [{ class: 'missing', wasLinked: true }, overwrite, on, 'create'],
    [{ class: 'missing', wasLinked: true }, report, on, 'report'],
    [{ class: 'missing', wasLinked: false }, report, on, 'create'],
    [{ class: 'missing', wasLinked: false }, overwrite, { create: false, update: true }, 'report'],
    [{ class: 'unlinked-match', scimId: 'a', changes: [] }, overwrite, on, 'adopt'],
    [{ class: 'unlinked-match', scimId: 'a', changes: [] }, report, on, 'flag'],
    [{ class: 'disputed', candidates: ['a', 'b'] }, overwrite, on, 'flag'],
  ];
  it.each(cases)('%j under %j → %s', (verdict, policy, switches, action) => {
    expect(pairAction(verdict, policy, switches)).toBe(action);
  });
});

describe('accounts Okta no longer accounts for', () => {
  it('hand-made accounts are unmanaged; marked or linked ones are unauthorized or orphans', () => {
    expect(classifyTargetOnly({ linked: false, externalId: 'EMP-42', okta: 'not-found' })).toBe('unmanaged');
    expect(classifyTargetOnly({ linked: false, okta: 'not-found' })).toBe('unmanaged');
    expect(classifyTargetOnly({ linked: false, externalId: '00u9abc', okta: 'not-assigned' })).toBe('unauthorized');
    expect(classifyTargetOnly({ linked: true, externalId: 'EMP-42', okta: 'not-found' })).toBe('orphan');
    expect(classifyTargetOnly({ linked: false, externalId: '00u9abc', okta: 'not-found' })).toBe('orphan');
  });

  it('knows the markers of users and groups', () => {
    expect(hasOktaMarker('00u1abc', 'user')).toBe(true);
    expect(hasOktaMarker('00g1abc', 'user')).toBe(false);
    expect(hasOktaMarker('00g1abc', 'group')).toBe(true);
    expect(hasOktaMarker('00u', 'user')).toBe(false);
    expect(hasOktaMarker(42, 'user')).toBe(false);
  });

  it('deletes only what oisync created', () => {
    expect(leaveAction('delete', 'created')).toBe('delete');
    expect(leaveAction('delete', 'adopted')).toBe('flag');
    expect(leaveAction('delete', undefined)).toBe('flag');
    expect(leaveAction('deactivate', undefined)).toBe('deactivate');
    expect(leaveAction('flag', 'created')).toBe('flag');
  });
});

describe('membershipDelta', () => {
  it('adds who is missing and removes only members we manage and do not keep', () => {
    const d = membershipDelta(new Set(['a', 'b']), new Set(['b', 'c', 'manual', 'kept']), new Set(['a', 'b', 'c', 'kept']), new Set(['kept']));
    expect(d).toEqual({ add: ['a'], remove: ['c'] });
  });
});
