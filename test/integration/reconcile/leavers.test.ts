import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import type { DriftEntry } from '../../../src/domain/drift.js';
import type { RunRecord } from '../../../src/domain/runs.js';
import { Stack } from '../../helpers/stack.js';

const JOSE = 'jose.garcia@acme.example';
const GRACE = 'grace.hopper@acme.example';

async function reportOf(rt: Runtime, run: RunRecord): Promise<DriftEntry[]> {
  return [...(await rt.state.getReport(run.id, 0, 1000)).entries];
}

describe('reconcile: accounts Okta no longer accounts for (default policies: flag)', () => {
  let stack: Stack;
  let rt: Runtime;
  beforeAll(async () => {
    stack = await Stack.start();
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    expect((await stack.sync(rt)).status).toBe('succeeded');
  });
  afterAll(async () => {
    await rt?.close(1000);
    await stack?.close();
  });

  it('flags an unassigned user as unauthorized with the IDaaS groups to clean up, and writes nothing', async () => {
    stack.okta.org.unassignUser({ user: JOSE });
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    const jose = stack.idaasUser(JOSE);
    expect((await reportOf(rt, run)).filter((e) => e.kind === 'user')).toEqual([
      expect.objectContaining({ class: 'unauthorized', action: 'flag', label: JOSE, oktaId: stack.oktaId(JOSE), scimId: jose?.id }),
    ]);
    const flag = await rt.state.getFlag(`unassigned-${stack.oktaId(JOSE)}`);
    expect(flag).toMatchObject({ kind: 'unassigned', state: 'open', login: JOSE, scimId: jose?.id, groups: ['Sales'] });
    // Flagged leavers keep their memberships: reconcile did not take Jose out of Sales.
    expect(stack.idaasGroup('Sales')?.memberNames).toContain(JOSE);
    expect(stack.writes()).toEqual({});
  });

  it('auto-closes the flag when the user is assigned again', async () => {
    stack.okta.org.assignUser({ user: JOSE });
    const run = await stack.reconcile(rt);
    expect((await reportOf(rt, run)).filter((e) => e.kind === 'user')).toEqual([]);
    const flag = await rt.state.getFlag(`unassigned-${stack.oktaId(JOSE)}`);
    expect(flag?.state).toBe('auto-closed');
    expect(flag?.resolution?.by).toBe('oisync');
    expect((await rt.state.getUserLink(stack.oktaId(JOSE)))?.outOfScopeSince).toBeUndefined();
  });

  it('flags an account carrying the id of a user Okta does not have as an orphan; leaves hand-made ones alone', async () => {
    const ghost = stack.idaas.edit.createUser({ userName: 'ghost@acme.example', externalId: '00uGhostGhostGhost01' });
    const manual = stack.idaas.edit.createUser({ userName: 'contractor.x', externalId: 'EMP-1' });
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    const entries = await reportOf(rt, run);
    expect(entries.find((e) => e.scimId === ghost.id)).toMatchObject({ class: 'orphan', action: 'flag', oktaId: '00uGhostGhostGhost01' });
    expect(entries.find((e) => e.scimId === manual.id)).toMatchObject({ class: 'unmanaged', action: 'none' });
    expect(await rt.state.getFlag('orphan-00uGhostGhostGhost01')).toMatchObject({ state: 'open', scimId: ghost.id, login: 'ghost@acme.example' });
    expect((await rt.state.listFlags({ state: 'open' })).some((f) => f.scimId === manual.id)).toBe(false);
    // The lost link is re-derived as adopted: oisync can never prove it created the account.
    expect(await rt.state.getUserLink('00uGhostGhostGhost01')).toMatchObject({ scimId: ghost.id, origin: 'adopted' });
    expect(stack.writes()).toEqual({});

    stack.idaas.edit.deleteUser(ghost.id);
    await stack.reconcile(rt);
    expect((await rt.state.getFlag('orphan-00uGhostGhostGhost01'))?.state).toBe('auto-closed');
  });

  it('flags a user several IDaaS accounts match, writes none of them, and treats neither as an orphan', async () => {
    const { id } = stack.okta.org.createUser({ profile: { login: 'twin@acme.example', firstName: 'Tw', lastName: 'In', email: 'twin@acme.example' }, assign: true });
    const byName = stack.idaas.edit.createUser({ userName: 'twin@acme.example' });
    const byId = stack.idaas.edit.createUser({ userName: 'twin.other', externalId: id });
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    const entries = await reportOf(rt, run);
    expect(entries.filter((e) => e.oktaId === id)).toEqual([expect.objectContaining({ class: 'disputed', action: 'flag' })]);
    expect(entries.some((e) => e.scimId === byName.id || e.scimId === byId.id)).toBe(false);
    expect((await rt.state.getFlag(`disputed-${id}`))?.reason).toContain('2 IDaaS accounts match');
    expect(await rt.state.getUserLink(id)).toBeUndefined();
    expect(stack.writes()).toEqual({});
  });

  it('flags an IDaaS group whose Okta group is gone; never touches hand-made groups', async () => {
    const old = stack.idaas.edit.createGroup({ displayName: 'Old team', externalId: '00gOldOldOldOldOld01' });
    const mine = stack.idaas.edit.createGroup({ displayName: 'Made by hand' });
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    const entries = await reportOf(rt, run);
    expect(entries.find((e) => e.scimId === old.id)).toMatchObject({ kind: 'group', class: 'orphan', action: 'flag' });
    expect(entries.find((e) => e.scimId === mine.id)).toMatchObject({ kind: 'group', class: 'unmanaged', action: 'none' });
    expect((await rt.state.getFlag('orphan-00gOldOldOldOldOld01'))?.reason).toContain('Okta has no group 00gOldOldOldOldOld01');
    expect(stack.writes()).toEqual({});
  });
});

describe('reconcile: deactivation not honoured by IDaaS (emulator ignoreActive)', () => {
  let stack: Stack;
  let rt: Runtime;
  beforeAll(async () => {
    stack = await Stack.start({ idaas: { ignoreActive: true } });
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    expect((await stack.sync(rt)).status).toBe('succeeded');
  });
  afterAll(async () => {
    await rt?.close(1000);
    await stack?.close();
  });

  it('flags users Okta made inactive whom IDaaS keeps active, once, without writing again', async () => {
    stack.okta.org.deactivateUser({ user: GRACE });
    expect((await stack.sync(rt)).status).toBe('succeeded');
    // The sync's own check flagged Grace already; the demo's suspended, staged and deactivated users
    // were created with active:false, which IDaaS ignored too (a create is not checked).
    expect((await rt.state.getFlag(`deactivation-ignored-${stack.oktaId(GRACE)}`))?.state).toBe('open');
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    const ignored = (await reportOf(rt, run)).filter((e) => e.class === 'deactivation-ignored');
    expect(ignored.map((e) => e.label).sort()).toEqual(['amelie.dubois@acme.example', 'arjun.sharma@acme.example', GRACE, 'soren.oster@acme.example']);
    expect(ignored.every((e) => e.action === 'flag')).toBe(true);
    expect(stack.writes()).toEqual({});
    const flags = await rt.state.listFlags({ kind: 'deactivation-ignored', state: 'open' });
    expect(flags).toHaveLength(4);
    expect(flags.every((f) => f.lastSeen >= run.startedAt)).toBe(true);
  });

  it('auto-closes the flag when Okta makes the user active again', async () => {
    stack.okta.org.reactivateUser({ user: GRACE });
    expect((await stack.sync(rt)).status).toBe('succeeded');
    await stack.reconcile(rt);
    expect((await rt.state.getFlag(`deactivation-ignored-${stack.oktaId(GRACE)}`))?.state).toBe('auto-closed');
    expect((await rt.state.listFlags({ kind: 'deactivation-ignored', state: 'open' })).map((f) => f.login).sort()).toEqual([
      'amelie.dubois@acme.example',
      'arjun.sharma@acme.example',
      'soren.oster@acme.example',
    ]);
  });
});
