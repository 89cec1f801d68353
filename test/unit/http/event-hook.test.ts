import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/domain/secret.js';
import { EVENT_HOOK_PATH, registerEventHook } from '../../../src/http/event-hook.js';
import type { DirtyIdsJob } from '../../../src/queue/catalogue.js';
import { silentLogger } from '../../../src/log/logger.js';

const SECRET = 'hook-secret-3f9a7c1e5b2d4068a1c3e5f7';
const APP = '0oa1idaasdemoapp0001';

function event(uuid: string, eventType: string, targets: { id: string; type: string }[]): Record<string, unknown> {
  return { uuid, eventType, published: '2026-01-01T00:00:00.000Z', target: targets };
}

const userUpdate = (uuid: string, userId: string) => event(uuid, 'user.account.update_profile', [{ id: userId, type: 'User' }]);

function delivery(eventId: string, events: unknown[]): Record<string, unknown> {
  return { eventType: 'com.okta.event_hook', eventTypeVersion: '1.0', cloudEventsVersion: '0.1', source: 'https://acme.okta.com/api/v1/eventHooks/who1', eventId, eventTime: '2026-01-01T00:00:01.000Z', contentType: 'application/json', data: { events } };
}

describe('Okta Event Hook receiver', () => {
  let app: FastifyInstance;
  let jobs: DirtyIdsJob[];
  let failNext: boolean;
  beforeEach(async () => {
    jobs = [];
    failNext = false;
    app = Fastify();
    await registerEventHook(app, {
      secret: new Secret(SECRET),
      appId: APP,
      logger: silentLogger(),
      enqueue: (job) => {
        if (failNext) {
          failNext = false;
          return Promise.reject(new Error('redis down'));
        }
        jobs.push(job);
        return Promise.resolve();
      },
    });
  });
  afterEach(async () => {
    await app.close();
  });

  /** `null`: no Authorization header at all. */
  const post = (body: unknown, authorization: string | null = SECRET) =>
    app.inject({ method: 'POST', url: EVENT_HOOK_PATH, headers: { 'content-type': 'application/json', ...(authorization !== null ? { authorization } : {}) }, payload: JSON.stringify(body) });

  it('answers the one-time verification challenge', async () => {
    const r = await app.inject({ method: 'GET', url: EVENT_HOOK_PATH, headers: { authorization: SECRET, 'x-okta-verification-challenge': 'Vz3hV0RBsnJ7jHa1' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ verification: 'Vz3hV0RBsnJ7jHa1' });
    const missing = await app.inject({ method: 'GET', url: EVENT_HOOK_PATH, headers: { authorization: SECRET } });
    expect(missing.statusCode).toBe(400);
  });

  it('refuses a missing or wrong secret (401) on both methods, and enqueues nothing', async () => {
    for (const auth of [null, '', 'wrong', `${SECRET}x`, SECRET.slice(0, -1), `Bearer ${SECRET}`]) {
      expect((await post(delivery('e1', [userUpdate('u1', '00u1')]), auth)).statusCode).toBe(401);
    }
    const get = await app.inject({ method: 'GET', url: EVENT_HOOK_PATH, headers: { authorization: 'nope', 'x-okta-verification-challenge': 'x' } });
    expect(get.statusCode).toBe(401);
    expect(get.body).not.toContain('x-okta');
    expect(jobs).toEqual([]);
  });

  it('turns a delivery into one dirty-ids job and answers 204 with no body', async () => {
    const r = await post(
      delivery('evt-1', [
        userUpdate('u1', '00uA'),
        event('u2', 'group.user_membership.add', [
          { id: '00uB', type: 'User' },
          { id: '00gE', type: 'UserGroup' },
        ]),
        event('u3', 'group.application_assignment.add', [
          { id: '00gF', type: 'UserGroup' },
          { id: APP, type: 'AppInstance' },
        ]),
        event('u4', 'application.user_membership.add', [
          { id: '0uaX', type: 'AppUser' },
          { id: '0oaOTHERAPP', type: 'AppInstance' },
          { id: '00uC', type: 'User' },
        ]),
        event('u5', 'user.session.start', [{ id: '00uD', type: 'User' }]),
      ]),
    );
    expect(r.statusCode).toBe(204);
    expect(r.body).toBe('');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ key: 'evt-1', trigger: 'event-hook', userIds: ['00uA', '00uB'], membershipGroupIds: ['00gE'], assignedGroupIds: ['00gF'] });
    expect([...(jobs[0]?.groupIds ?? [])].sort()).toEqual(['00gE', '00gF']);
    expect(jobs[0]?.runId).toMatch(/^r\d{8}T\d{6}Z-[0-9a-f]{6}$/);
  });

  it('de-duplicates on the delivery eventId and on each event uuid', async () => {
    expect((await post(delivery('evt-1', [userUpdate('u1', '00uA')]))).statusCode).toBe(204);
    expect((await post(delivery('evt-1', [userUpdate('u1', '00uA')]))).statusCode).toBe(204); // redelivery
    expect((await post(delivery('evt-2', [userUpdate('u1', '00uA')]))).statusCode).toBe(204); // same event, new envelope
    expect((await post(delivery('evt-3', [userUpdate('u1', '00uA'), userUpdate('u9', '00uZ')]))).statusCode).toBe(204);
    expect(jobs.map((j) => j.userIds)).toEqual([['00uA'], ['00uZ']]);
  });

  it('answers 503 when the job cannot be stored, so Okta retries, and accepts the retry', async () => {
    failNext = true;
    expect((await post(delivery('evt-7', [userUpdate('u7', '00uA')]))).statusCode).toBe(503);
    expect(jobs).toEqual([]);
    expect((await post(delivery('evt-7', [userUpdate('u7', '00uA')]))).statusCode).toBe(204);
    expect(jobs).toHaveLength(1);
  });

  it('refuses what is not a delivery (400), which Okta does not retry', async () => {
    expect((await post({ hello: 'world' })).statusCode).toBe(400);
    expect((await post({ data: { events: 'nope' } })).statusCode).toBe(400);
    expect((await post(delivery('evt-8', [null, 42, userUpdate('u8', '00uQ')]))).statusCode).toBe(204);
    expect(jobs.map((j) => j.userIds)).toEqual([['00uQ']]);
  });
});
