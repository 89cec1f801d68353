import { describe, expect, it } from 'vitest';
import { bodyHash } from '../../../src/domain/canonical-json.js';
import { jobId } from '../../../src/queue/catalogue.js';
import { driftReport, useStack } from '../../helpers/stack.js';

const JOSE = 'jose.garcia@acme.example';

describe('reconcile: orphans: delete, provisioning.unassigned: deactivate', () => {
  const f = useStack({ provisioning: 'provisioning:\n  unassigned: deactivate', configYaml: 'reconcile:\n  orphans: delete' });

  it('deletes an orphan oisync created, and only flags one it cannot prove it created', async () => {
    // An account oisync created for an Okta user who has since been deleted in Okta.
    const former = f.stack.idaas.edit.createUser({ userName: 'former@acme.example', externalId: '00uFormerFormerFor01' });
    const at = new Date().toISOString();
    await f.rt.state.putUserLink({ oktaId: '00uFormerFormerFor01', scimId: former.id, hash: bodyHash(null), mappingHash: '', origin: 'created', userName: 'former@acme.example', body: null, linkedAt: at, writtenAt: at });
    // One with the same marker but no link (lost state, or made elsewhere): adopted at best.
    const adopted = f.stack.idaas.edit.createUser({ userName: 'former2@acme.example', externalId: '00uFormerFormerFor02' });
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt);
    expect(run.status).toBe('succeeded');
    const entries = await driftReport(f.rt, run);
    expect(entries.find((e) => e.scimId === former.id)).toMatchObject({ class: 'orphan', action: 'delete' });
    expect(entries.find((e) => e.scimId === adopted.id)).toMatchObject({ class: 'orphan', action: 'flag' });
    expect(f.stack.idaasUser('former@acme.example')).toBeUndefined();
    expect(f.stack.idaasUser('former2@acme.example')).toBeDefined();
    expect(await f.rt.state.getUserLink('00uFormerFormerFor01')).toBeUndefined();
    expect((await f.rt.state.getFlag('orphan-00uFormerFormerFor02'))?.reason).toContain('never deleted');
    expect(f.stack.writes()).toEqual({ 'DELETE /Users/{id}': 1 });
  });

  it('deactivates an unassigned user once, keeps its memberships, and does not write again', async () => {
    f.stack.okta.org.unassignUser({ user: JOSE });
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt);
    expect((await driftReport(f.rt, run)).find((e) => e.label === JOSE)).toMatchObject({ class: 'unauthorized', action: 'deactivate' });
    expect(f.stack.idaasUser(JOSE)?.active).toBe(false);
    expect(f.stack.idaasGroup('Sales')?.memberNames).toContain(JOSE);
    expect((await f.rt.state.getFlag(`unassigned-${f.stack.oktaId(JOSE)}`))?.reason).toContain('deactivated in IDaaS');
    expect(f.stack.writes()).toEqual({ 'PATCH /Users/{id}': 1 });

    f.stack.idaas.counters.reset();
    const again = await f.stack.reconcile(f.rt);
    expect((await driftReport(f.rt, again)).find((e) => e.label === JOSE)).toMatchObject({ class: 'unauthorized', action: 'flag' });
    expect(f.stack.writes()).toEqual({});
    expect((await f.rt.state.getFlag(`unassigned-${f.stack.oktaId(JOSE)}`))?.state).toBe('open');
  });
});

describe('reconcile: lost Redis state', () => {
  const f = useStack();

  it('re-derives every link and member list from IDaaS without creating, duplicating or writing anything', async () => {
    f.stack.okta.org.unassignUser({ user: JOSE });
    expect((await f.stack.sync(f.rt)).status).toBe('succeeded');
    const linksBefore = new Map<string, string>();
    for await (const page of f.rt.state.scanUserLinks()) for (const l of page) linksBefore.set(l.oktaId, l.scimId);
    const groupsBefore = new Map<string, string[]>();
    for await (const page of f.rt.state.scanGroupLinks()) for (const g of page) groupsBefore.set(g.scimId, [...(await f.rt.state.getGroupMembers(g.oktaId))].sort());
    const idaasBefore = f.stack.idaas.state();

    await f.stack.flushState();
    expect(await f.rt.state.countUserLinks()).toBe(0);
    f.stack.idaas.counters.reset();
    const run = await f.stack.reconcile(f.rt);
    expect(run.status).toBe('succeeded');
    expect(f.stack.writes()).toEqual({});
    expect(f.stack.idaas.state().users.map((u) => u.id).sort()).toEqual(idaasBefore.users.map((u) => u.id).sort());

    const linksAfter = new Map<string, string>();
    for await (const page of f.rt.state.scanUserLinks()) {
      for (const l of page) {
        linksAfter.set(l.oktaId, l.scimId);
        expect(l.origin).toBe('adopted'); // deletability is lost with the state: the safe side
      }
    }
    expect(linksAfter).toEqual(linksBefore);
    const groupsAfter = new Map<string, string[]>();
    for await (const page of f.rt.state.scanGroupLinks()) for (const g of page) groupsAfter.set(g.scimId, [...(await f.rt.state.getGroupMembers(g.oktaId))].sort());
    expect(groupsAfter).toEqual(groupsBefore);
    const entries = await driftReport(f.rt, run);
    expect(entries.filter((e) => e.class === 'unlinked-match')).toHaveLength(linksBefore.size - 1 + groupsBefore.size);
    expect(entries.find((e) => e.label === JOSE)).toMatchObject({ class: 'unauthorized', action: 'flag' });
    expect((await f.rt.state.getFlag(`unassigned-${f.stack.oktaId(JOSE)}`))?.state).toBe('open');

    // And the rebuilt state is as good as the lost one: a full sync sends nothing.
    const sync = await f.stack.sync(f.rt);
    expect(sync.status).toBe('succeeded');
    expect(sync.counts['user.unchanged']).toBe(linksBefore.size - 1);
    expect(f.stack.writes()).toEqual({});
  });
});

describe('reconcile: destructive repairs go through the safety brake', () => {
  const f = useStack({ safety: 'safety:\n  maxDestructive: { count: 0, percent: 100 }' });

  it('holds a membership removal for plan approve and repairs the rest at once', async () => {
    const eng = f.stack.idaasGroup('Engineering');
    const grace = f.stack.idaasUser('grace.hopper@acme.example');
    const zoe = f.stack.idaasUser('zoe.muller@acme.example');
    if (!eng || !grace || !zoe) throw new Error('demo org not synced');
    f.stack.idaas.edit.addMember(eng.id, grace.id);
    f.stack.idaas.edit.updateUser(zoe.id, { displayName: 'Zoe Edited' });
    const run = await f.stack.reconcile(f.rt);
    expect(run.status).toBe('held');
    expect(f.stack.idaasUser('zoe.muller@acme.example')?.displayName).toBe('Zoë Müller');
    expect(f.stack.idaasGroup('Engineering')?.memberNames).toContain('grace.hopper@acme.example');
    expect(await f.rt.state.getHeld(run.id)).toHaveLength(1);

    await f.rt.queues.add({ name: 'apply-held', jobId: jobId('apply', run.id), data: { runId: run.id, approvedBy: 'test' } });
    for (let i = 0; i < 100 && (await f.rt.state.getRun(run.id))?.status === 'held'; i++) await new Promise((r) => setTimeout(r, 50));
    const after = await f.stack.waitForRun(f.rt, run.id);
    expect(after.status).toBe('succeeded');
    expect(f.stack.idaasGroup('Engineering')?.memberNames).not.toContain('grace.hopper@acme.example');
  });
});
