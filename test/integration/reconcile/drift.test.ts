import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import type { DriftEntry } from '../../../src/domain/drift.js';
import type { RunRecord } from '../../../src/domain/runs.js';
import { Stack } from '../../helpers/stack.js';

const NS = 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User';
const ZOE = 'zoe.muller@acme.example';
const GRACE = 'grace.hopper@acme.example';

async function reportOf(rt: Runtime, run: RunRecord): Promise<DriftEntry[]> {
  return [...(await rt.state.getReport(run.id, 0, 1000)).entries];
}

/** IDaaS-side edits an admin could make by hand in the console, on a synced demo org. */
function driftZoe(stack: Stack): { zoeId: string; graceId: string; engId: string } {
  const zoe = stack.idaasUser(ZOE);
  const grace = stack.idaasUser(GRACE);
  const eng = stack.idaasGroup('Engineering');
  if (!zoe || !grace || !eng) throw new Error('demo org not synced');
  stack.idaas.edit.updateUser(zoe.id, { displayName: 'Zoe Edited', [`${NS}:user_address`]: null, 'emails[type eq "work"].value': 'zoe@elsewhere.example' });
  stack.idaas.edit.removeMember(eng.id, zoe.id);
  stack.idaas.edit.addMember(eng.id, grace.id);
  return { zoeId: zoe.id, graceId: grace.id, engId: eng.id };
}

describe('reconcile: drift under the default policy (overwrite)', () => {
  let stack: Stack;
  let rt: Runtime;
  let synced: { zoe: Record<string, unknown>; engineering: string[] };
  beforeAll(async () => {
    stack = await Stack.start();
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    expect((await stack.sync(rt)).status).toBe('succeeded');
    const { meta: _m, ...zoe } = stack.idaasUser(ZOE) ?? {};
    synced = { zoe, engineering: stack.idaasGroup('Engineering')?.memberNames ?? [] };
  });
  afterAll(async () => {
    await rt?.close(1000);
    await stack?.close();
  });

  it('finds everything in sync right after a sync, and writes nothing', async () => {
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    expect(run.status).toBe('succeeded');
    expect(await reportOf(rt, run)).toEqual([]);
    expect(run.counts['drift.user.in-sync']).toBe(stack.okta.org.assignedUserIds().length);
    expect(run.counts['drift.group.in-sync']).toBe(4);
    expect(run.counts['drift.membership.in-sync']).toBe(4);
    expect(stack.writes()).toEqual({});
  });

  it('reports attribute and membership drift old → new, and writes Okta back through the push jobs', async () => {
    driftZoe(stack);
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    expect(run.status).toBe('succeeded');
    const entries = await reportOf(rt, run);
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

    const { meta: _m, ...zoe } = stack.idaasUser(ZOE) ?? {};
    expect(zoe).toEqual(synced.zoe);
    expect(stack.idaasGroup('Engineering')?.memberNames).toEqual(synced.engineering);
    expect(stack.writes()).toEqual({ 'PUT /Users/{id}': 1, 'PATCH /Groups/{id}': 2 });
  });

  it('leaves links that describe IDaaS: the next sync and reconcile write nothing', async () => {
    stack.idaas.counters.reset();
    const sync = await stack.sync(rt);
    expect(sync.status).toBe('succeeded');
    const again = await stack.reconcile(rt);
    expect(await reportOf(rt, again)).toEqual([]);
    expect(stack.writes()).toEqual({});
  });

  it('recreates a linked account deleted in IDaaS, and relinks it', async () => {
    const before = stack.idaasUser(GRACE);
    if (!before) throw new Error('grace missing');
    stack.idaas.edit.deleteUser(before.id);
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    expect((await reportOf(rt, run)).filter((e) => e.kind === 'user')).toEqual([
      expect.objectContaining({ class: 'missing', action: 'create', label: GRACE }),
    ]);
    const after = stack.idaasUser(GRACE);
    expect(after?.id).toBeDefined();
    expect(after?.id).not.toBe(before.id);
    expect((await rt.state.getUserLink(stack.oktaId(GRACE)))?.scimId).toBe(after?.id);
    expect(stack.writes()['POST /Users']).toBe(1);
  });

  it('a dry run stores the report with what it would do, and writes nothing', async () => {
    driftZoe(stack);
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt, { dryRun: true });
    expect(run.status).toBe('planned');
    const entries = await reportOf(rt, run);
    expect(entries.map((e) => [e.kind, e.class, e.action])).toEqual([
      ['user', 'drifted', 'planned'],
      ['membership', 'drifted', 'planned'],
    ]);
    expect(entries[0]?.reason).toContain('(would repair)');
    expect(stack.writes()).toEqual({});
    expect(stack.idaasUser(ZOE)?.displayName).toBe('Zoe Edited');
    expect(await rt.state.listFlags({ state: 'open' })).toEqual([]);
  });
});

describe('reconcile: drift under reconcile.drift: report', () => {
  let stack: Stack;
  let rt: Runtime;
  beforeAll(async () => {
    stack = await Stack.start({ configYaml: 'reconcile:\n  drift: report\n  adoptUnlinked: false' });
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    expect((await stack.sync(rt)).status).toBe('succeeded');
  });
  afterAll(async () => {
    await rt?.close(1000);
    await stack?.close();
  });

  it('writes nothing and raises a drift flag per drifted user and group membership', async () => {
    const { zoeId, graceId, engId } = driftZoe(stack);
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    expect(run.status).toBe('succeeded');
    expect(stack.writes()).toEqual({});
    const entries = await reportOf(rt, run);
    expect(entries.map((e) => [e.kind, e.class, e.action])).toEqual([
      ['user', 'drifted', 'flag'],
      ['membership', 'drifted', 'flag'],
    ]);
    const flags = await rt.state.listFlags({ kind: 'drift', state: 'open' });
    expect(flags.map((f) => f.id).sort()).toEqual([`drift-${stack.oktaId(ZOE)}`, `drift-${stack.okta.org.findGroup('Engineering').id}-members`].sort());
    const zoeFlag = flags.find((f) => f.oktaId === stack.oktaId(ZOE));
    expect(zoeFlag?.reason).toContain('displayName: "Zoe Edited" → "Zoë Müller"');
    expect(zoeFlag?.scimId).toBe(zoeId);

    // The admin puts IDaaS right by hand: the next reconcile closes both flags on its own.
    stack.idaas.edit.updateUser(zoeId, { displayName: 'Zoë Müller', [`${NS}:user_address`]: 'Musterstraße 12, 80331 München', 'emails[type eq "work"].value': 'zoe.muller@acme.example' });
    stack.idaas.edit.addMember(engId, zoeId);
    stack.idaas.edit.removeMember(engId, graceId);
    const next = await stack.reconcile(rt);
    expect(await reportOf(rt, next)).toEqual([]);
    expect(await rt.state.listFlags({ kind: 'drift', state: 'open' })).toEqual([]);
    const closed = await rt.state.listFlags({ kind: 'drift', state: 'auto-closed' });
    expect(closed).toHaveLength(2);
    expect(closed[0]?.resolution?.note).toContain('IDaaS matches Okta again');
    expect(stack.writes()).toEqual({});
  });

  it('reports a user deleted in IDaaS instead of recreating it', async () => {
    const grace = stack.idaasUser(GRACE);
    if (!grace) throw new Error('grace missing');
    stack.idaas.edit.deleteUser(grace.id);
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    expect((await reportOf(rt, run)).find((e) => e.label === GRACE)).toMatchObject({ class: 'missing', action: 'flag' });
    expect(stack.writes()).toEqual({});
    expect((await rt.state.getFlag(`drift-${stack.oktaId(GRACE)}`))?.state).toBe('open');
  });

  it('flags an unlinked match instead of adopting it (reconcile.adoptUnlinked: false)', async () => {
    const { id } = stack.okta.org.createUser({ profile: { login: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire', email: 'new.hire@acme.example' }, assign: true });
    stack.idaas.edit.createUser({ userName: 'new.hire@acme.example', displayName: 'New Hire (made by hand)' });
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    expect((await reportOf(rt, run)).find((e) => e.oktaId === id)).toMatchObject({ class: 'unlinked-match', action: 'flag' });
    expect(await rt.state.getUserLink(id)).toBeUndefined();
    expect((await rt.state.getFlag(`unlinked-${id}`))?.reason).toContain('matches by userName');
    expect(stack.writes()).toEqual({});
  });
});
