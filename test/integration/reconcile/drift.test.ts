import { beforeAll, describe, expect, it } from 'vitest';
import { driftReport, useStack, type Stack } from '../../helpers/stack.js';

const NS = 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User';
const ZOE = 'zoe.muller@acme.example';
const GRACE = 'grace.hopper@acme.example';

/** IDaaS-side edits an admin could make by hand in the console, on a synced demo org. */
function driftZoe(s: Stack): { zoeId: string; graceId: string; engId: string } {
  const zoe = s.idaasUser(ZOE);
  const grace = s.idaasUser(GRACE);
  const eng = s.idaasGroup('Engineering');
  if (!zoe || !grace || !eng) throw new Error('demo org not synced');
  s.idaas.edit.updateUser(zoe.id, { displayName: 'Zoe Edited', [`${NS}:user_address`]: null, 'emails[type eq "work"].value': 'zoe@elsewhere.example' });
  s.idaas.edit.removeMember(eng.id, zoe.id);
  s.idaas.edit.addMember(eng.id, grace.id);
  return { zoeId: zoe.id, graceId: grace.id, engId: eng.id };
}

describe('reconcile: drift under the default policy (overwrite)', () => {
  const f = useStack();
  let synced: { zoe: Record<string, unknown>; engineering: string[] };
  beforeAll(() => {
    const { meta: _m, ...zoe } = f.stack.idaasUser(ZOE) ?? {};
    synced = { zoe, engineering: f.stack.idaasGroup('Engineering')?.memberNames ?? [] };
  });

  it('finds everything in sync right after a sync, and writes nothing', async () => {
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt);
    expect(run.status).toBe('succeeded');
    expect(await driftReport(f.rt, run)).toEqual([]);
    expect(run.counts['drift.user.in-sync']).toBe(f.stack.okta.org.assignedUserIds().length);
    expect(run.counts['drift.group.in-sync']).toBe(4);
    expect(run.counts['drift.membership.in-sync']).toBe(4);
    expect(f.stack.writes()).toEqual({});
  });

  it('reports attribute and membership drift old → new, and writes Okta back through the push jobs', async () => {
    driftZoe(f.stack);
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt);
    expect(run.status).toBe('succeeded');
    const entries = await driftReport(f.rt, run);
    const user = entries.find((e) => e.kind === 'user');
    expect(user).toMatchObject({ class: 'drifted', action: 'repair', label: ZOE });
    expect(user?.changes).toEqual([
      { path: 'displayName', old: 'Zoe Edited', new: 'Zoë Müller' },
      { path: 'emails[type eq "work"].value', old: 'zoe@elsewhere.example', new: 'zoe.muller@acme.example' },
      { path: `${NS}:user_address`, old: null, new: 'Musterstraße 12, 80331 München' },
    ]);
    const members = entries.find((e) => e.kind === 'membership');
    expect(members).toMatchObject({ class: 'drifted', action: 'repair', label: 'Engineering' });
    expect(members?.changes).toEqual([
      { path: 'members', old: null, new: ZOE },
      { path: 'members', old: GRACE, new: null },
    ]);
    expect(entries).toHaveLength(2);

    const { meta: _m, ...zoe } = f.stack.idaasUser(ZOE) ?? {};
    expect(zoe).toEqual(synced.zoe);
    expect(f.stack.idaasGroup('Engineering')?.memberNames).toEqual(synced.engineering);
    expect(f.stack.writes()).toEqual({ 'PUT /Users/{id}': 1, 'PATCH /Groups/{id}': 2 });
  });

  it('leaves links that describe IDaaS: the next sync and reconcile write nothing', async () => {
    f.stack.idaas.counters.reset();
    const sync = await f.stack.sync(f.rt);
    expect(sync.status).toBe('succeeded');
    const again = await f.stack.reconcile(f.rt);
    expect(await driftReport(f.rt, again)).toEqual([]);
    expect(f.stack.writes()).toEqual({});
  });

  it('recreates a linked account deleted in IDaaS, and relinks it', async () => {
    const before = f.stack.idaasUser(GRACE);
    if (!before) throw new Error('grace missing');
    f.stack.idaas.edit.deleteUser(before.id);
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt);
    expect((await driftReport(f.rt, run)).filter((e) => e.kind === 'user')).toEqual([
      expect.objectContaining({ class: 'missing', action: 'create', label: GRACE }),
    ]);
    const after = f.stack.idaasUser(GRACE);
    expect(after?.id).toBeDefined();
    expect(after?.id).not.toBe(before.id);
    expect((await f.rt.state.getUserLink(f.stack.oktaId(GRACE)))?.scimId).toBe(after?.id);
    expect(f.stack.writes()['POST /Users']).toBe(1);
  });

  it('a dry run stores the report with what it would do, and writes nothing', async () => {
    driftZoe(f.stack);
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt, { dryRun: true });
    expect(run.status).toBe('planned');
    const entries = await driftReport(f.rt, run);
    expect(entries.map((e) => [e.kind, e.class, e.action])).toEqual([
      ['user', 'drifted', 'planned'],
      ['membership', 'drifted', 'planned'],
    ]);
    expect(entries[0]?.reason).toContain('(would repair)');
    expect(f.stack.writes()).toEqual({});
    expect(f.stack.idaasUser(ZOE)?.displayName).toBe('Zoe Edited');
    expect(await f.rt.state.listFlags({ state: 'open' })).toEqual([]);
  });
});

describe('reconcile: drift under reconcile.drift: report', () => {
  const f = useStack({ configYaml: 'reconcile:\n  drift: report\n  adoptUnlinked: false' });

  it('writes nothing and raises a drift flag per drifted user and group membership', async () => {
    const { zoeId, graceId, engId } = driftZoe(f.stack);
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt);
    expect(run.status).toBe('succeeded');
    expect(f.stack.writes()).toEqual({});
    const entries = await driftReport(f.rt, run);
    expect(entries.map((e) => [e.kind, e.class, e.action])).toEqual([
      ['user', 'drifted', 'flag'],
      ['membership', 'drifted', 'flag'],
    ]);
    const flags = await f.rt.state.listFlags({ kind: 'drift', state: 'open' });
    expect(flags.map((fl) => fl.id).sort()).toEqual([`drift-${f.stack.oktaId(ZOE)}`, `drift-${f.stack.okta.org.findGroup('Engineering').id}-members`].sort());
    const zoeFlag = flags.find((fl) => fl.oktaId === f.stack.oktaId(ZOE));
    expect(zoeFlag?.reason).toContain('displayName: "Zoe Edited" → "Zoë Müller"');
    expect(zoeFlag?.scimId).toBe(zoeId);

    // The admin puts IDaaS right by hand: the next reconcile closes both flags on its own.
    f.stack.idaas.edit.updateUser(zoeId, { displayName: 'Zoë Müller', [`${NS}:user_address`]: 'Musterstraße 12, 80331 München', 'emails[type eq "work"].value': 'zoe.muller@acme.example' });
    f.stack.idaas.edit.addMember(engId, zoeId);
    f.stack.idaas.edit.removeMember(engId, graceId);
    const next = await f.stack.reconcile(f.rt);
    expect(await driftReport(f.rt, next)).toEqual([]);
    expect(await f.rt.state.listFlags({ kind: 'drift', state: 'open' })).toEqual([]);
    const closed = await f.rt.state.listFlags({ kind: 'drift', state: 'auto-closed' });
    expect(closed).toHaveLength(2);
    expect(closed[0]?.resolution?.note).toContain('IDaaS matches Okta again');
    expect(f.stack.writes()).toEqual({});
  });

  it('reports a user deleted in IDaaS instead of recreating it', async () => {
    const grace = f.stack.idaasUser(GRACE);
    if (!grace) throw new Error('grace missing');
    f.stack.idaas.edit.deleteUser(grace.id);
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt);
    expect((await driftReport(f.rt, run)).find((e) => e.label === GRACE)).toMatchObject({ class: 'missing', action: 'flag' });
    expect(f.stack.writes()).toEqual({});
    expect((await f.rt.state.getFlag(`drift-${f.stack.oktaId(GRACE)}`))?.state).toBe('open');
  });

  it('flags an unlinked match instead of adopting it (reconcile.adoptUnlinked: false)', async () => {
    const { id } = f.stack.okta.org.createUser({ profile: { login: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire', email: 'new.hire@acme.example' }, assign: true });
    f.stack.idaas.edit.createUser({ userName: 'new.hire@acme.example', displayName: 'New Hire (made by hand)' });
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt);
    expect((await driftReport(f.rt, run)).find((e) => e.oktaId === id)).toMatchObject({ class: 'unlinked-match', action: 'flag' });
    expect(await f.rt.state.getUserLink(id)).toBeUndefined();
    expect((await f.rt.state.getFlag(`unlinked-${id}`))?.reason).toContain('matches by userName');
    expect(f.stack.writes()).toEqual({});
  });
});

describe('reconcile: drift repaired with idaas.updateMethod: patch', () => {
  const f = useStack({ idaasYaml: '  updateMethod: patch' });

  it('patches only what differs from what IDaaS holds now (not from the stored body)', async () => {
    const zoe = f.stack.idaasUser(ZOE);
    if (!zoe) throw new Error('zoe missing');
    f.stack.idaas.edit.updateUser(zoe.id, { displayName: 'Zoe Edited', [`${NS}:user_address`]: null });
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt);
    expect(run.status).toBe('succeeded');
    expect(f.stack.writes()).toEqual({ 'PATCH /Users/{id}': 1 });
    const after = f.stack.idaasUser(ZOE);
    expect(after?.displayName).toBe('Zoë Müller');
    expect(after?.[NS]).toEqual({ user_address: 'Musterstraße 12, 80331 München' });
    f.stack.idaas.counters.reset();
    expect((await f.stack.sync(f.rt)).status).toBe('succeeded');
    expect(f.stack.writes()).toEqual({});
  });
});
