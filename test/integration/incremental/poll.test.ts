import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { processors } from '../../../jobs/index.js';
import type { Runtime } from '../../../src/cli/runtime.js';
import { Secret } from '../../../src/domain/secret.js';
import { LOG_CURSOR, pollSystemLog, type PollResult } from '../../../src/engine/system-log-poll.js';
import { dirtyIdsEnqueuer, EVENT_HOOK_PATH, registerEventHook } from '../../../src/http/event-hook.js';
import type { JobInfo } from '../../../src/queue/job-context.js';
import { useStack } from '../../helpers/stack.js';

const ZOE = 'zoe.muller@acme.example';
const LI = 'li.lei@acme.example';
const GRACE = 'grace.hopper@acme.example';
const JOSE = 'jose.garcia@acme.example';
const NS = 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User';

let seq = 0;
function jobInfo(): JobInfo {
  return { id: `test-poll-${++seq}`, attemptsMade: 0, attemptsStarted: 1, updateProgress: () => Promise.resolve() };
}

/** One poll in this process, then wait until every record of its run has an outcome. */
async function poll(runtime: Runtime): Promise<PollResult> {
  const result = await pollSystemLog(runtime.ctx, jobInfo(), 'test');
  if (result.run) await waitDone(runtime, result.run.id);
  return result;
}

async function waitDone(runtime: Runtime, runId: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const run = await runtime.state.getRun(runId);
    if (run && run.done >= run.planned) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`run ${runId} did not finish`);
}

describe('incremental sync from the System Log', () => {
  const f = useStack({}, { sync: false });

  it('the first full sync stores the cursor, and a quiet poll writes nothing', async () => {
    expect(await f.rt.state.getCursor(LOG_CURSOR)).toBeUndefined();
    expect((await f.stack.sync(f.rt)).status).toBe('succeeded');
    expect(await f.rt.state.getCursor(LOG_CURSOR)).toMatch(/\/api\/v1\/logs\?/);
    f.stack.idaas.counters.reset();
    const r = await poll(f.rt);
    expect(r).toMatchObject({ ran: true, events: 0 });
    expect(r.run).toBeUndefined();
    expect(f.stack.writes()).toEqual({});
  });

  it('pushes only the users that changed; a burst of events on one user is one write', async () => {
    for (const city of ['Berlin', 'Hamburg', 'Köln', 'Bonn', 'Ulm']) f.stack.okta.org.updateUserProfile({ user: ZOE, profile: { postalAddress: `Hauptstraße 1, ${city}` } });
    f.stack.okta.org.updateUserProfile({ user: LI, profile: { lastName: 'Li' } });
    f.stack.idaas.counters.reset();
    const r = await poll(f.rt);
    expect(r.events).toBe(6);
    expect(r.run?.kind).toBe('incremental');
    expect(r.run?.planned).toBe(2);
    expect(f.stack.idaasUser(ZOE)?.[NS]).toEqual({ user_address: 'Hauptstraße 1, Ulm' });
    expect(f.stack.idaasUser(LI)?.name?.familyName).toBe('Li');
    expect(f.stack.writes()).toEqual({ 'PUT /Users/{id}': 2 });
    // The run is settled by the next poll (passes never wait for their jobs).
    await poll(f.rt);
    expect((await f.rt.state.getRun(r.run?.id ?? ''))?.status).toBe('succeeded');
  });

  it('a crash before the cursor is stored repeats the batch without applying anything twice', async () => {
    const before = await f.rt.state.getCursor(LOG_CURSOR);
    f.stack.okta.org.updateUserProfile({ user: GRACE, profile: { lastName: 'Hopper-Murray' } });
    f.stack.idaas.counters.reset();
    const first = await poll(f.rt);
    expect(f.stack.writes()).toEqual({ 'PUT /Users/{id}': 1 });
    // As if the process died right after enqueueing: the stored cursor is the old one.
    await f.rt.state.setCursor(LOG_CURSOR, before ?? '');
    const again = await poll(f.rt);
    expect(again.events).toBe(first.events);
    expect(again.run?.id).toBe(first.run?.id);
    expect(f.stack.writes()).toEqual({ 'PUT /Users/{id}': 1 });
    expect((await poll(f.rt)).events).toBe(0);
  });

  it('after a restart it resumes from the stored cursor: changes made while down arrive once', async () => {
    await f.restart(() => {
      f.stack.okta.org.updateUserProfile({ user: JOSE, profile: { lastName: 'García-Pérez' } });
      f.stack.okta.org.updateUserProfile({ user: ZOE, profile: { postalAddress: 'Marienplatz 1, München' } });
    });
    f.stack.idaas.counters.reset();
    const r = await poll(f.rt);
    expect(r.events).toBe(2);
    expect(f.stack.idaasUser(JOSE)?.name?.familyName).toBe('García-Pérez');
    expect(f.stack.idaasUser(ZOE)?.[NS]).toEqual({ user_address: 'Marienplatz 1, München' });
    expect(f.stack.writes()).toEqual({ 'PUT /Users/{id}': 2 });
    await poll(f.rt);
    expect(f.stack.writes()).toEqual({ 'PUT /Users/{id}': 2 });
  });

  it('a new hire assigned and added to a pushed group in one burst is created and becomes a member', async () => {
    f.stack.okta.org.createUser({ profile: { login: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire', email: 'new.hire@acme.example' }, groups: ['Engineering'], assign: true });
    f.stack.idaas.counters.reset();
    await poll(f.rt);
    expect(f.stack.idaasUser('new.hire@acme.example')?.active).toBe(true);
    expect(f.stack.idaasGroup('Engineering')?.memberNames).toContain('new.hire@acme.example');
    expect(f.stack.writes()).toEqual({ 'POST /Users': 1, 'PATCH /Groups/{id}': 1 });
  });

  it('a group renamed and a member removed in Okta follow; a user unassigned is flagged, not deleted', async () => {
    f.stack.okta.org.renameGroup({ group: 'idaas-Support', name: 'idaas-Helpdesk' }); // still selected by ^idaas-
    f.stack.okta.org.removeGroupMember({ group: 'Engineering', user: 'new.hire@acme.example' });
    f.stack.okta.org.unassignUser({ user: GRACE });
    f.stack.idaas.counters.reset();
    await poll(f.rt);
    expect(f.stack.idaasGroup('idaas-Helpdesk')).toBeDefined();
    expect(f.stack.idaasGroup('idaas-Support')).toBeUndefined();
    expect(f.stack.idaasGroup('Engineering')?.memberNames).not.toContain('new.hire@acme.example');
    expect(f.stack.idaasUser(GRACE)).toBeDefined();
    expect((await f.rt.state.getFlag(`unassigned-${f.stack.oktaId(GRACE)}`))?.state).toBe('open');
    expect(f.stack.writes()).toEqual({ 'PATCH /Groups/{id}': 2 });
  });

  it('re-assigning the user closes the flag on its own', async () => {
    f.stack.okta.org.assignUser({ user: GRACE });
    await poll(f.rt);
    const flag = await f.rt.state.getFlag(`unassigned-${f.stack.oktaId(GRACE)}`);
    expect(flag?.state).toBe('auto-closed');
    expect(flag?.resolution?.note).toContain('re-assigned');
    expect((await f.rt.state.getUserLink(f.stack.oktaId(GRACE)))?.outOfScopeSince).toBeUndefined();
  });

  it('a pushed group that is no longer selected is flagged as an orphan and left in IDaaS', async () => {
    f.stack.okta.org.renameGroup({ group: 'Sales', name: 'Sales EMEA' }); // okta.groups selects { name: Sales }
    f.stack.idaas.counters.reset();
    await poll(f.rt);
    const id = f.stack.okta.org.findGroup('Sales EMEA').id;
    expect((await f.rt.state.getFlag(`orphan-${id}`))?.reason).toContain('no longer selected by okta.groups');
    expect(f.stack.idaasGroup('Sales')).toBeDefined();
    expect(f.stack.writes()).toEqual({});
  });

  it('the Event Hook receiver feeds the same path: a delivery becomes a pass that writes the change', async () => {
    const app = Fastify();
    await registerEventHook(app, { secret: new Secret('s3cret-hook-value'), appId: f.stack.okta.appId, enqueue: dirtyIdsEnqueuer(f.rt.queues), logger: f.stack.logger });
    const { events } = f.stack.okta.org.updateUserProfile({ user: LI, profile: { lastName: 'Lei' } });
    f.stack.idaas.counters.reset();
    const r = await app.inject({
      method: 'POST',
      url: EVENT_HOOK_PATH,
      headers: { authorization: 's3cret-hook-value', 'content-type': 'application/json' },
      payload: JSON.stringify({ eventType: 'com.okta.event_hook', eventId: 'hook-delivery-1', data: { events } }),
    });
    expect(r.statusCode).toBe(204);
    for (let i = 0; i < 200 && f.stack.idaasUser(LI)?.name?.familyName !== 'Lei'; i++) await new Promise((res) => setTimeout(res, 25));
    expect(f.stack.idaasUser(LI)?.name?.familyName).toBe('Lei');
    expect(f.stack.writes()).toEqual({ 'PUT /Users/{id}': 1 });
    // The poll sees the same event later: the user is already written, so nothing is sent again.
    await poll(f.rt);
    expect(f.stack.writes()).toEqual({ 'PUT /Users/{id}': 1 });
    await app.close();
  });

  it('a push-user write planned from an older Okta read than the link\'s last write is dropped as stale', async () => {
    const link = await f.rt.state.getUserLink(f.stack.oktaId(ZOE));
    if (!link) throw new Error('zoe not linked');
    f.stack.idaas.counters.reset();
    const stale = { ...(link.body as never as Record<string, unknown>), displayName: 'Old Read' };
    const result = await processors['push-user'](
      { runId: 'r-stale', oktaId: link.oktaId, label: ZOE, action: 'update', scimId: link.scimId, body: stale as never, hash: 'older', mappingHash: link.mappingHash, destructive: false, plannedAt: '2000-01-01T00:00:00.000Z' },
      f.rt.ctx,
      jobInfo(),
    );
    expect(result?.outcome).toBe('skipped');
    expect(f.stack.writes()).toEqual({});
  });
});
