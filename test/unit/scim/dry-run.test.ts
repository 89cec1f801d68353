/**
 * Dry run is enforced at the transport: writes are recorded (without passwords) and answered
 * locally; only GETs reach IDaaS. With net connect disabled and only GET interceptors, any
 * write that escaped would fail the test.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_GROUP, SCHEMA_LIST_RESPONSE, SCHEMA_USER } from '../../../src/domain/scim.js';
import { Secret } from '../../../src/domain/secret.js';
import { createGotTransport } from '../../../src/scim/got-transport.js';
import type { RecordedWrite } from '../../../src/scim/index.js';
import { NOCK_BASE, NOCK_ORIGIN, NOCK_PATH, rejection, testClient } from '../../helpers/scim-client.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('dry run', () => {
  it('records every write with passwords removed, sends none, and returns plausible results', async () => {
    const seen: RecordedWrite[] = [];
    const client = testClient({}, { dryRun: true, onDryRunWrite: (w) => seen.push(w) });
    const created = await client.createUser({ schemas: [SCHEMA_USER], userName: 'ada@example.com', password: 'Sup3r!Secret', active: true });
    expect(created.id).toBe('dry-run-1');
    expect(created.userName).toBe('ada@example.com');
    expect(created).not.toHaveProperty('password');
    const group = await client.createGroup({ schemas: [SCHEMA_GROUP], displayName: 'Eng', members: [] });
    expect(group.id).toBe('dry-run-2');
    expect((await client.replaceUser('u1', { schemas: [SCHEMA_USER], userName: 'ada@example.com', password: 'Sup3r!Secret' })).id).toBe('u1');
    expect(await client.patchUser('u1', [{ op: 'replace', path: 'password', value: 'Sup3r!Secret' }, { op: 'replace', value: { active: false, password: 'Sup3r!Secret' } }])).toBeNull();
    await client.updateGroupMembers('g1', { add: [{ value: 'u1' }], remove: ['u2'] });
    await client.deleteUser('u3');
    await client.deleteGroup('g3');

    const recorded = client.recordedWrites();
    expect(recorded.map((w) => w.route)).toEqual([
      'POST /Users',
      'POST /Groups',
      'PUT /Users/{id}',
      'PATCH /Users/{id}',
      'PATCH /Groups/{id}',
      'DELETE /Users/{id}',
      'DELETE /Groups/{id}',
    ]);
    expect(recorded.map((w) => w.path)).toContain('/Users/u3');
    expect(seen).toEqual(recorded);
    expect(JSON.stringify(recorded)).not.toContain('Sup3r!Secret');
    expect(recorded[3]!.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'password', value: '[REDACTED]' }, { op: 'replace', value: { active: false } }],
    });
    expect(client.logs()).toMatch(/dry run: write recorded/);
  });

  it('reads still go to IDaaS (a plan needs the target state)', async () => {
    const scope = nock(NOCK_ORIGIN)
      .get(`${NOCK_PATH}/Users`)
      .query(true)
      .reply(200, { schemas: [SCHEMA_LIST_RESPONSE], totalResults: 1, Resources: [{ id: 'u1', userName: 'ada@example.com' }] });
    const client = testClient({}, { dryRun: true });
    expect((await client.findUsers('userName', 'ada@example.com')).map((u) => u.id)).toEqual(['u1']);
    expect(scope.isDone()).toBe(true);
    expect(client.recordedWrites()).toEqual([]);
  });

  it('write interceptors stay untouched in a dry run', async () => {
    const scope = nock(NOCK_ORIGIN).post(`${NOCK_PATH}/Users`).reply(201, { id: 'real', userName: 'x' }).delete(`${NOCK_PATH}/Users/u1`).reply(204);
    const client = testClient({}, { dryRun: true });
    await client.createUser({ schemas: [SCHEMA_USER], userName: 'x' });
    await client.deleteUser('u1');
    expect(scope.pendingMocks()).toHaveLength(2);
  });

  it('outside a dry run nothing is recorded', async () => {
    nock(NOCK_ORIGIN).delete(`${NOCK_PATH}/Users/u1`).reply(204);
    const client = testClient();
    await client.deleteUser('u1');
    expect(client.dryRun).toBe(false);
    expect(client.recordedWrites()).toEqual([]);
  });

  it('the network transport of a dry run refuses writes itself (second guard, SCIM_DRY_RUN)', async () => {
    const transport = createGotTransport({
      baseUrl: NOCK_BASE,
      token: new Secret('irrelevant-token-value'),
      timeoutMs: 1000,
      concurrency: 1,
      userAgent: 'test',
      readOnly: true,
      redact: (t) => t,
    });
    const err = await rejection(transport.send({ method: 'POST', path: '/Users', route: 'POST /Users', body: {} }));
    expect(err.code).toBe('SCIM_DRY_RUN');
    expect(err.message).toContain('POST /Users');
    transport.close();
  });
});
