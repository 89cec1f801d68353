import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import { bodyHash } from '../../../src/domain/canonical-json.js';
import type { DriftEntry } from '../../../src/domain/drift.js';
import type { RunRecord } from '../../../src/domain/runs.js';
import { jobId } from '../../../src/queue/catalogue.js';
import { Stack } from '../../helpers/stack.js';

const JOSE = 'jose.garcia@acme.example';

async function reportOf(rt: Runtime, run: RunRecord): Promise<DriftEntry[]> {
  return [...(await rt.state.getReport(run.id, 0, 1000)).entries];
}

describe('reconcile: orphans: delete, provisioning.unassigned: deactivate', () => {
  let stack: Stack;
  let rt: Runtime;
  beforeAll(async () => {
    stack = await Stack.start({ provisioning: 'provisioning:\n  unassigned: deactivate', configYaml: 'reconcile:\n  orphans: delete' });
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    expect((await stack.sync(rt)).status).toBe('succeeded');
  });
  afterAll(async () => {
    await rt?.close(1000);
    await stack?.close();
  });

  it('deletes an orphan oisync created, and only flags one it cannot prove it created', async () => {
    // An account oisync created for an Okta user who has since been deleted in Okta.
    const former = stack.idaas.edit.createUser({ userName: 'former@acme.example', externalId: '00uFormerFormerFor01' });
    const at = new Date().toISOString();
    await rt.state.putUserLink({ oktaId: '00uFormerFormerFor01', scimId: former.id, hash: bodyHash(null), mappingHash: '', origin: 'created', userName: 'former@acme.example', body: null, linkedAt: at, writtenAt: at });
    // One with the same marker but no link (lost state, or made elsewhere): adopted at best.
    const adopted = stack.idaas.edit.createUser({ userName: 'former2@acme.example', externalId: '00uFormerFormerFor02' });
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    expect(run.status).toBe('succeeded');
    const entries = await reportOf(rt, run);
    expect(entries.find((e) => e.scimId === former.id)).toMatchObject({ class: 'orphan', action: 'delete' });
    expect(entries.find((e) => e.scimId === adopted.id)).toMatchObject({ class: 'orphan', action: 'flag' });
    expect(stack.idaasUser('former@acme.example')).toBeUndefined();
    expect(stack.idaasUser('former2@acme.example')).toBeDefined();
    expect(await rt.state.getUserLink('00uFormerFormerFor01')).toBeUndefined();
    expect((await rt.state.getFlag('orphan-00uFormerFormerFor02'))?.reason).toContain('never deleted');
    expect(stack.writes()).toEqual({ 'DELETE /Users/{id}': 1 });
  });

  it('deactivates an unassigned user once, keeps its memberships, and does not write again', async () => {
    stack.okta.org.unassignUser({ user: JOSE });
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    expect((await reportOf(rt, run)).find((e) => e.label === JOSE)).toMatchObject({ class: 'unauthorized', action: 'deactivate' });
    expect(stack.idaasUser(JOSE)?.active).toBe(false);
    expect(stack.idaasGroup('Sales')?.memberNames).toContain(JOSE);
    expect((await rt.state.getFlag(`unassigned-${stack.oktaId(JOSE)}`))?.reason).toContain('deactivated in IDaaS');
    expect(stack.writes()).toEqual({ 'PATCH /Users/{id}': 1 });

    stack.idaas.counters.reset();
    const again = await stack.reconcile(rt);
    expect((await reportOf(rt, again)).find((e) => e.label === JOSE)).toMatchObject({ class: 'unauthorized', action: 'flag' });
    expect(stack.writes()).toEqual({});
    expect((await rt.state.getFlag(`unassigned-${stack.oktaId(JOSE)}`))?.state).toBe('open');
  });
});

describe('reconcile: lost Redis state', () => {
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

  it('re-derives every link and member list from IDaaS without creating, duplicating or writing anything', async () => {
    stack.okta.org.unassignUser({ user: JOSE });
    expect((await stack.sync(rt)).status).toBe('succeeded');
    const linksBefore = new Map<string, string>();
    for await (const page of rt.state.scanUserLinks()) for (const l of page) linksBefore.set(l.oktaId, l.scimId);
    const groupsBefore = new Map<string, string[]>();
    for await (const page of rt.state.scanGroupLinks()) for (const g of page) groupsBefore.set(g.scimId, [...(await rt.state.getGroupMembers(g.oktaId))].sort());
    const idaasBefore = stack.idaas.state();

    await stack.flushState();
    expect(await rt.state.countUserLinks()).toBe(0);
    stack.idaas.counters.reset();
    const run = await stack.reconcile(rt);
    expect(run.status).toBe('succeeded');
    expect(stack.writes()).toEqual({});
    expect(stack.idaas.state().users.map((u) => u.id).sort()).toEqual(idaasBefore.users.map((u) => u.id).sort());

    const linksAfter = new Map<string, string>();
    for await (const page of rt.state.scanUserLinks()) {
      for (const l of page) {
        linksAfter.set(l.oktaId, l.scimId);
        expect(l.origin).toBe('adopted'); // deletability is lost with the state: the safe side
      }
    }
    expect(linksAfter).toEqual(linksBefore);
    const groupsAfter = new Map<string, string[]>();
    for await (const page of rt.state.scanGroupLinks()) for (const g of page) groupsAfter.set(g.scimId, [...(await rt.state.getGroupMembers(g.oktaId))].sort());
    expect(groupsAfter).toEqual(groupsBefore);
    const entries = await reportOf(rt, run);
    expect(entries.filter((e) => e.class === 'unlinked-match')).toHaveLength(linksBefore.size - 1 + groupsBefore.size);
    expect(entries.find((e) => e.label === JOSE)).toMatchObject({ class: 'unauthorized', action: 'flag' });
    expect((await rt.state.getFlag(`unassigned-${stack.oktaId(JOSE)}`))?.state).toBe('open');

    // And the rebuilt state is as good as the lost one: a full sync sends nothing.
    const sync = await stack.sync(rt);
    expect(sync.status).toBe('succeeded');
    expect(sync.counts['user.unchanged']).toBe(linksBefore.size - 1);
    expect(stack.writes()).toEqual({});
  });
});

describe('reconcile: destructive repairs go through the safety brake', () => {
  let stack: Stack;
  let rt: Runtime;
  beforeAll(async () => {
    stack = await Stack.start({ safety: 'safety:\n  maxDestructive: { count: 0, percent: 100 }' });
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    expect((await stack.sync(rt)).status).toBe('succeeded');
  });
  afterAll(async () => {
    await rt?.close(1000);
    await stack?.close();
  });

  it('holds a membership removal for plan approve and repairs the rest at once', async () => {
    const eng = stack.idaasGroup('Engineering');
    const grace = stack.idaasUser('grace.hopper@acme.example');
    const zoe = stack.idaasUser('zoe.muller@acme.example');
    if (!eng || !grace || !zoe) throw new Error('demo org not synced');
    stack.idaas.edit.addMember(eng.id, grace.id);
    stack.idaas.edit.updateUser(zoe.id, { displayName: 'Zoe Edited' });
    const run = await stack.reconcile(rt);
    expect(run.status).toBe('held');
    expect(stack.idaasUser('zoe.muller@acme.example')?.displayName).toBe('Zoë Müller');
    expect(stack.idaasGroup('Engineering')?.memberNames).toContain('grace.hopper@acme.example');
    expect(await rt.state.getHeld(run.id)).toHaveLength(1);

    await rt.queues.add({ name: 'apply-held', jobId: jobId('apply', run.id), data: { runId: run.id, approvedBy: 'test' } });
    for (let i = 0; i < 100 && (await rt.state.getRun(run.id))?.status === 'held'; i++) await new Promise((r) => setTimeout(r, 50));
    const after = await stack.waitForRun(rt, run.id);
    expect(after.status).toBe('succeeded');
    expect(stack.idaasGroup('Engineering')?.memberNames).not.toContain('grace.hopper@acme.example');
  });
});
