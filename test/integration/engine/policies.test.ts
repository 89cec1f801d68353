import { afterEach, describe, expect, it } from 'vitest';
import { pushUser } from '../../../jobs/push-user.js';
import type { Runtime } from '../../../src/cli/runtime.js';
import { Stack, type StackOptions } from '../../helpers/stack.js';

/** Each case gets its own emulators and Redis prefix. */
let open: { stack: Stack; rt: Runtime }[] = [];
async function start(opts: StackOptions = {}): Promise<{ stack: Stack; rt: Runtime }> {
  const stack = await Stack.start(opts);
  const rt = await stack.runtime();
  rt.startWorkers(['control', 'push']);
  open.push({ stack, rt });
  return { stack, rt };
}
afterEach(async () => {
  for (const { stack, rt } of open) {
    await rt.close(1000);
    await stack.close();
  }
  open = [];
});

const userByName = (stack: Stack, userName: string) => stack.idaas.state().users.find((u) => u.userName === userName);
const NO_BRAKE = 'safety:\n  maxDestructive: { count: 1000, percent: 100 }';

describe('leaving scope: provisioning.unassigned', () => {
  it('deactivate: sends active:false, verifies it, and keeps a flag for the memberships', async () => {
    const { stack, rt } = await start({ provisioning: 'provisioning:\n  unassigned: deactivate', safety: NO_BRAKE });
    await stack.sync(rt);
    stack.okta.org.unassignUser({ user: 'siobhan.obrien@acme.example' });
    const run = await stack.sync(rt);
    expect(run.status).toBe('succeeded');
    expect(run.counts['user.deactivated']).toBe(1);
    expect(userByName(stack, 'siobhan.obrien@acme.example')?.active).toBe(false);
    const [flag] = await rt.state.listFlags({ kind: 'unassigned' });
    expect(flag).toMatchObject({ state: 'open', groups: ['idaas-Finance'], reason: expect.stringContaining('deactivated in IDaaS') });
    // handled once: the next sync does nothing more
    stack.idaas.counters.reset();
    await stack.sync(rt);
    expect(stack.idaas.counters.snapshot().byRoute['PATCH /Users/{id}'] ?? 0).toBe(0);
    // re-assigned: the account is switched back on
    stack.okta.org.assignUser({ user: 'siobhan.obrien@acme.example' });
    const back = await stack.sync(rt);
    expect(back.counts['user.updated']).toBe(1);
    expect(userByName(stack, 'siobhan.obrien@acme.example')?.active).toBe(true);
    expect((await rt.state.listFlags({ kind: 'unassigned' }))[0]?.state).toBe('auto-closed');
  });

  it('deactivate against an IDaaS that ignores active:false: flagged, not retried forever', async () => {
    const { stack, rt } = await start({ provisioning: 'provisioning:\n  unassigned: deactivate', safety: NO_BRAKE, idaas: { ignoreActive: true } });
    await stack.sync(rt);
    stack.okta.org.unassignUser({ user: 'siobhan.obrien@acme.example' });
    const run = await stack.sync(rt);
    expect(run.counts['user.flagged']).toBe(1);
    expect(await rt.state.listFlags({ kind: 'deactivation-ignored' })).toEqual([
      expect.objectContaining({ login: 'siobhan.obrien@acme.example', reason: expect.stringContaining('still active') }),
    ]);
    stack.idaas.counters.reset();
    await stack.sync(rt);
    expect(stack.idaas.counters.snapshot().byRoute['PATCH /Users/{id}'] ?? 0).toBe(0);
  });

  it('delete: only accounts oisync created are deleted; an adopted one is flagged', async () => {
    const { stack, rt } = await start({ provisioning: 'provisioning:\n  unassigned: delete', safety: NO_BRAKE });
    // Chidi's account exists in IDaaS before the first sync (made by hand): it will be adopted.
    stack.idaas.edit.createUser({ userName: 'Chidi.Okafor@acme.example', name: { givenName: 'Chidi', familyName: 'Okafor' } });
    const first = await stack.sync(rt);
    expect(first.counts['user.adopted']).toBe(1);
    expect(stack.idaas.state().users.filter((u) => u.userName.toLowerCase() === 'chidi.okafor@acme.example')).toHaveLength(1);

    stack.okta.org.unassignUser({ user: 'siobhan.obrien@acme.example' });
    stack.okta.org.unassignUser({ user: 'chidi.okafor@acme.example' });
    const run = await stack.sync(rt);
    expect(run.status).toBe('succeeded');
    expect(run.counts['user.deleted']).toBe(1);
    expect(run.counts['user.flagged']).toBe(1);
    expect(userByName(stack, 'siobhan.obrien@acme.example')).toBeUndefined();
    expect(userByName(stack, 'chidi.okafor@acme.example')).toBeDefined();
    const flags = await rt.state.listFlags({ kind: 'unassigned', state: 'open' });
    expect(flags).toEqual([expect.objectContaining({ login: 'chidi.okafor@acme.example', reason: expect.stringContaining('never deleted') })]);
  });
});

describe('safety brake', () => {
  it('holds every destructive step over the limit, lets the rest through, and applies them on approval', async () => {
    const { stack, rt } = await start({
      provisioning: 'provisioning:\n  unassigned: delete',
      safety: 'safety:\n  maxDestructive: { count: 2, percent: 100 }',
    });
    await stack.sync(rt);
    for (const user of ['siobhan.obrien@acme.example', 'jose.garcia@acme.example', 'grace.hopper@acme.example']) {
      stack.okta.org.unassignUser({ user });
    }
    stack.okta.org.updateUserProfile({ user: 'li.lei@acme.example', profile: { lastName: 'Lee' } });
    stack.okta.org.removeGroupMember({ group: 'Sales', user: 'chidi.okafor@acme.example' });
    const run = await stack.sync(rt);
    expect(run.status).toBe('held');
    expect(run.counts['user.updated']).toBe(1); // non-destructive work went ahead
    expect(run.counts['user.held']).toBe(3);
    expect(run.counts['membership.held']).toBe(1);
    expect(run.notes.join('\n')).toContain('exceed safety.maxDestructive.count (2)');
    expect(stack.idaas.state().users.find((u) => u.userName === 'siobhan.obrien@acme.example')).toBeDefined();
    expect(await rt.state.getHeld(run.id)).toHaveLength(4);

    await rt.queues.add({ name: 'apply-held', jobId: `apply-${run.id}`, data: { runId: run.id, approvedBy: 'test' } });
    for (let i = 0; i < 100 && (await rt.state.getRun(run.id))?.status === 'held'; i++) await new Promise((r) => setTimeout(r, 50));
    const after = await stack.waitForRun(rt, run.id);
    expect(after.status).toBe('succeeded');
    expect(after.counts['user.deleted']).toBe(3);
    expect(after.counts['user.held'] ?? 0).toBe(0);
    expect(after.counts['membership.updated']).toBeGreaterThanOrEqual(1);
    expect(userByName(stack, 'siobhan.obrien@acme.example')).toBeUndefined();
    const sales = stack.idaas.state().groups.find((g) => g.displayName === 'Sales');
    const chidi = userByName(stack, 'chidi.okafor@acme.example');
    expect(sales?.members?.map((m) => m.value)).not.toContain(chidi?.id);
    expect(after.notes.join('\n')).toContain('approved by test');
  });

  it('plans no destructive step from an incomplete Okta read', async () => {
    const { stack, rt } = await start({
      provisioning: 'provisioning:\n  unassigned: delete',
      safety: NO_BRAKE,
      okta: { maxPageSize: 5 },
      oktaYaml: '  maxRetries: 1',
    });
    await stack.sync(rt);
    stack.okta.org.unassignUser({ user: 'siobhan.obrien@acme.example' });
    // the third page of app users fails for longer than the reader retries
    stack.okta.faults.add({ path: `/api/v1/apps/${stack.okta.appId}/users`, status: 500, skip: 2, times: 100 });
    const run = await stack.sync(rt);
    expect(run.sourceComplete).toBe(false);
    expect(run.status).toBe('failed');
    expect(run.notes.join('\n')).toContain('no destructive step was planned');
    expect(userByName(stack, 'siobhan.obrien@acme.example')).toBeDefined();
    expect(await rt.state.listFlags({ kind: 'unassigned' })).toEqual([]);
  });
});

describe('matching and idempotent writes', () => {
  it('a user matching two IDaaS accounts is flagged as disputed and nothing is written for them', async () => {
    const { stack, rt } = await start();
    const jose = stack.okta.org.findUser('jose.garcia@acme.example');
    stack.idaas.edit.createUser({ userName: 'jose.garcia@acme.example' });
    stack.idaas.edit.createUser({ userName: 'jgarcia@acme.example', externalId: jose.id });
    const run = await stack.sync(rt);
    expect(run.counts['user.flagged']).toBe(1);
    const [flag] = await rt.state.listFlags({ kind: 'disputed' });
    expect(flag?.login).toBe('jose.garcia@acme.example');
    expect(flag?.reason).toContain('2 IDaaS accounts');
    expect(stack.idaas.state().users.filter((u) => u.userName.startsWith('j'))).toHaveLength(2);
  });

  it('a create that meets a 409 looks the account up and links it instead of failing', async () => {
    const { stack, rt } = await start();
    stack.idaas.edit.createUser({ userName: 'grace.hopper@acme.example' });
    const grace = stack.okta.org.findUser('grace.hopper@acme.example');
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'grace.hopper@acme.example', externalId: grace.id, active: true };
    await rt.state.createRun({ id: 'r-409', kind: 'full-sync', status: 'running', phase: 'users', dryRun: false, trigger: 'test', startedAt: new Date().toISOString(), planned: 0, done: 0, counts: {}, notes: [] });
    const result = await pushUser(
      { runId: 'r-409', oktaId: grace.id, label: 'grace', action: 'create', body, hash: 'h', mappingHash: 'm', destructive: false },
      rt.ctx,
      { id: 'j', attemptsMade: 0, attemptsStarted: 1, updateProgress: () => Promise.resolve() },
    );
    expect(result).toMatchObject({ outcome: 'adopted' });
    expect(stack.idaas.state().users.filter((u) => u.userName === 'grace.hopper@acme.example')).toHaveLength(1);
    expect((await rt.state.getUserLink(grace.id))?.origin).toBe('adopted');
    // run twice (a worker died before acknowledging): nothing more is written
    stack.idaas.counters.reset();
    await pushUser(
      { runId: 'r-409', oktaId: grace.id, label: 'grace', action: 'create', body, hash: 'h', mappingHash: 'm', destructive: false },
      rt.ctx,
      { id: 'j', attemptsMade: 0, attemptsStarted: 2, updateProgress: () => Promise.resolve() },
    );
    expect(stack.idaas.counters.snapshot().total).toBe(0);
  });

  it("a create whose answer was lost (IDaaS committed it) is recognised as ours on the retry's 409", async () => {
    const { stack, rt } = await start();
    const grace = stack.okta.org.findUser('grace.hopper@acme.example');
    const body = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'grace.hopper@acme.example', externalId: grace.id, active: true };
    // what a worker killed right after POST /Users leaves behind: the mark, and the account
    await rt.state.markCreating(grace.id, 'r-lost');
    stack.idaas.edit.createUser(body);
    await rt.state.createRun({ id: 'r-lost', kind: 'full-sync', status: 'running', phase: 'users', dryRun: false, trigger: 'test', startedAt: new Date().toISOString(), planned: 0, done: 0, counts: {}, notes: [] });
    const result = await pushUser(
      { runId: 'r-lost', oktaId: grace.id, label: 'grace', action: 'create', body, hash: 'h', mappingHash: 'm', destructive: false },
      rt.ctx,
      { id: 'j', attemptsMade: 1, attemptsStarted: 2, updateProgress: () => Promise.resolve() },
    );
    expect(result).toMatchObject({ outcome: 'created' });
    expect((await rt.state.getUserLink(grace.id))?.origin).toBe('created');
    expect(await rt.state.creatingBy(grace.id)).toBeUndefined();
  });

  it('random passwords obey the IDaaS policy and are never stored', async () => {
    const { stack, rt } = await start({
      provisioning: 'provisioning:\n  password: random',
      idaas: { passwordPolicy: { minLength: 12, lowercase: 2, uppercase: 2, digits: 2, special: 2 } },
      idaasYaml: '  passwordPolicy: { minLength: 12, lowercase: 2, uppercase: 2, digits: 2, special: 2 }',
    });
    const run = await stack.sync(rt);
    expect(run.status).toBe('succeeded');
    expect(stack.idaas.state().usersWithPassword).toHaveLength(run.counts['user.created'] ?? -1);
    const keys = await rt.redis.keys(`{${stack.prefix}}*`);
    for (const k of keys) {
      const type = await rt.redis.type(k);
      const dump = type === 'hash' ? JSON.stringify(await rt.redis.hgetall(k)) : type === 'string' ? ((await rt.redis.get(k)) ?? '') : '';
      expect(dump).not.toMatch(/"password"/);
    }
  });
});
