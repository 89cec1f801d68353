import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import { userMappingInput, type SourceUser } from '../../../src/domain/records.js';
import { SCHEMA_CUSTOMFIELD_USER, type ScimUser } from '../../../src/domain/scim.js';
import { Stack } from '../../helpers/stack.js';

const PUSHED_GROUPS = ['Engineering', 'Sales', 'idaas-Finance', 'idaas-Support'];

/** IDaaS users by userName, without server-assigned fields. */
function idaasUsers(stack: Stack): Map<string, ScimUser> {
  return new Map(stack.idaas.state().users.map((u) => [u.userName, u]));
}

function writes(stack: Stack): number {
  const byRoute = stack.idaas.counters.snapshot().byRoute;
  return Object.entries(byRoute)
    .filter(([route]) => !route.startsWith('GET '))
    .reduce((n, [, c]) => n + c, 0);
}

describe('full sync of the demo org (real HTTP, real Redis, in-process workers)', () => {
  let stack: Stack;
  let rt: Runtime;
  let inScope: SourceUser[];

  beforeAll(async () => {
    stack = await Stack.start();
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    inScope = [];
    for await (const page of rt.adapters.source.readScope().users()) inScope.push(...page);
  });
  afterAll(async () => {
    await rt?.close(1000);
    await stack?.close();
  });

  it('creates exactly the in-scope users with every mapped attribute, the pushed groups and their memberships', async () => {
    const run = await stack.sync(rt);
    expect(await rt.state.getFailures(run.id)).toEqual([]);
    expect(run.status).toBe('succeeded');
    expect(run.counts['user.created']).toBe(inScope.length);

    const users = idaasUsers(stack);
    expect(users.size).toBe(inScope.length);
    const mapper = rt.adapters.mapping.current();
    for (const u of inScope) {
      const mapped = mapper.mapUser(userMappingInput(u));
      if (!mapped.ok) throw new Error(`demo user ${u.id} does not map: ${JSON.stringify(mapped.problems)}`);
      const actual = users.get(mapped.body.userName);
      expect(actual, mapped.body.userName).toBeDefined();
      expect(actual).toMatchObject({ ...mapped.body, externalId: u.id });
    }
    // the custom field landed where IDaaS expects it
    const zoe = users.get('zoe.muller@acme.example');
    expect(zoe?.[SCHEMA_CUSTOMFIELD_USER]).toEqual({ user_address: 'Musterstraße 12, 80331 München' });
    expect(zoe?.schemas).toContain(SCHEMA_CUSTOMFIELD_USER);
    // a suspended / deactivated Okta user is mapped through active
    const inactive = inScope.filter((u) => u.status === 'SUSPENDED' || u.status === 'DEPROVISIONED');
    expect(inactive.length).toBeGreaterThan(0);
    for (const u of inactive) expect(users.get(String(u.profile['login']))?.active).toBe(false);

    // groups: exactly the selected ones, members = Okta members that are in scope
    const scope = new Set(inScope.map((u) => u.id));
    const groups = stack.idaas.state().groups;
    expect(groups.map((g) => g.displayName).sort()).toEqual(PUSHED_GROUPS);
    const byScimId = new Map([...users.values()].map((u) => [u.id, u.externalId]));
    for (const g of groups) {
      const oktaGroup = stack.okta.org.findGroup(g.displayName);
      const expected = oktaGroup.members
        .map((o) => stack.okta.org.state.userAt(o)?.id ?? '')
        .filter((id) => scope.has(id))
        .sort();
      const actual = (g.members ?? []).map((m) => byScimId.get(m.value)).sort();
      expect(actual, g.displayName).toEqual(expected);
    }
  });

  it('a second sync sends zero writes and records every record unchanged', async () => {
    stack.idaas.counters.reset();
    const run = await stack.sync(rt);
    expect(run.status).toBe('succeeded');
    expect(writes(stack)).toBe(0);
    expect(run.counts['user.unchanged']).toBe(inScope.length);
    expect(run.counts['group.unchanged']).toBe(PUSHED_GROUPS.length);
    // linked users need no IDaaS read either
    expect(stack.idaas.counters.snapshot().total).toBe(0);
  });

  it('an Okta profile edit causes exactly one write, for that user', async () => {
    stack.okta.org.updateUserProfile({ user: 'zoe.muller@acme.example', profile: { postalAddress: 'Leopoldstraße 1, 80802 München' } });
    stack.idaas.counters.reset();
    const run = await stack.sync(rt);
    expect(run.counts['user.updated']).toBe(1);
    expect(writes(stack)).toBe(1);
    expect(idaasUsers(stack).get('zoe.muller@acme.example')?.[SCHEMA_CUSTOMFIELD_USER]).toEqual({ user_address: 'Leopoldstraße 1, 80802 München' });
    const plan = await rt.state.getPlanSteps(run.id, 0, 10);
    expect(plan.steps).toEqual([
      expect.objectContaining({
        action: 'update',
        label: 'zoe.muller@acme.example',
        reason: 'Okta changed',
        changes: [{ path: `${SCHEMA_CUSTOMFIELD_USER}:user_address`, old: 'Musterstraße 12, 80331 München', new: 'Leopoldstraße 1, 80802 München' }],
      }),
    ]);
  });

  it('an unassigned user is flagged with their groups, not deleted, and keeps their memberships', async () => {
    const before = stack.idaas.state().users.length;
    // assigned directly only (her group does not carry the app), so unassigning takes her out of scope
    stack.okta.org.unassignUser({ user: 'siobhan.obrien@acme.example' });
    stack.idaas.counters.reset();
    const run = await stack.sync(rt);
    expect(run.status).toBe('succeeded');
    expect(run.counts['user.flagged']).toBe(1);
    expect(stack.idaas.state().users).toHaveLength(before);
    expect(writes(stack)).toBe(0);
    const flags = await rt.state.listFlags({ kind: 'unassigned', state: 'open' });
    expect(flags).toEqual([
      expect.objectContaining({
        login: 'siobhan.obrien@acme.example',
        groups: ['idaas-Finance'],
        reason: expect.stringContaining('by hand'),
      }),
    ]);
    // a later sync keeps the flag current and does nothing else
    const again = await stack.sync(rt);
    expect(again.counts['user.flagged'] ?? 0).toBe(0);
    expect(writes(stack)).toBe(0);
    expect((await rt.state.listFlags({ kind: 'unassigned', state: 'open' }))[0]?.lastSeen).not.toBe(flags[0]?.lastSeen);
  });

  it('re-assigning the user auto-closes the flag; the untouched account needs no write', async () => {
    stack.okta.org.assignUser({ user: 'siobhan.obrien@acme.example' });
    stack.idaas.counters.reset();
    const run = await stack.sync(rt);
    expect(run.status).toBe('succeeded');
    expect(run.counts['user.unchanged']).toBe(inScope.length);
    expect(writes(stack)).toBe(0);
    expect(stack.idaas.state().groups.find((g) => g.displayName === 'idaas-Finance')?.members).toHaveLength(4);
    expect(await rt.state.listFlags({ kind: 'unassigned', state: 'open' })).toEqual([]);
    expect((await rt.state.listFlags({ kind: 'unassigned' }))[0]?.state).toBe('auto-closed');
  });

  it('a dry run stores the plan with diffs and sends no write at all', async () => {
    stack.okta.org.updateUserProfile({ user: 'li.lei@acme.example', profile: { mobilePhone: '+86 139 0000 1111' } });
    stack.okta.org.renameGroup({ group: 'idaas-Support', name: 'idaas-Helpdesk' });
    stack.idaas.counters.reset();
    const run = await stack.sync(rt, { dryRun: true });
    expect(run.status).toBe('planned');
    expect(writes(stack)).toBe(0);
    const { steps } = await rt.state.getPlanSteps(run.id, 0, 50);
    expect(steps.map((s) => `${s.kind}:${s.action}:${s.label}`).sort()).toEqual(['group:update:idaas-Helpdesk', 'user:update:li.lei@acme.example']);
    expect(steps.find((s) => s.kind === 'group')?.changes).toEqual([{ path: 'displayName', old: 'idaas-Support', new: 'idaas-Helpdesk' }]);
    // and the real run then applies exactly that
    const real = await stack.sync(rt);
    expect(real.counts['user.updated']).toBe(1);
    expect(real.counts['group.updated']).toBe(1);
    expect(stack.idaas.state().groups.map((g) => g.displayName)).toContain('idaas-Helpdesk');
  });

  it('a record that cannot be mapped fails alone, with its reason, and the run goes on', async () => {
    stack.okta.org.updateUserProfile({ user: 'li.lei@acme.example', profile: { login: 'li lei@acme.example' } });
    stack.okta.org.updateUserProfile({ user: 'grace.hopper@acme.example', profile: { lastName: 'Hopper-Murray' } });
    const run = await stack.sync(rt);
    expect(run.status).toBe('failed');
    expect(run.counts['user.failed']).toBe(1);
    expect(run.counts['user.updated']).toBe(1);
    const failures = await rt.state.getFailures(run.id);
    expect(failures).toEqual([expect.objectContaining({ code: 'MAPPING_RECORD', label: 'li lei@acme.example', message: expect.stringContaining('userName') })]);
  });
});
