/**
 * The emulator's inspection and drift-editing API, in-process and over `/__admin`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startIdaasEmulator, type IdaasEmulator } from '../../../src/emulators/idaas/index.js';
import { SCHEMA_CUSTOMFIELD_USER } from '../../../src/domain/scim.js';
import { customFieldBody, groupBody, oktaUserBody, scimHttp, type ScimBody, type ScimHttp } from '../../helpers/scim-http.js';

let emu: IdaasEmulator;
let http: ScimHttp;

beforeAll(async () => {
  emu = await startIdaasEmulator({ token: 'scim-token-0123456789', adminToken: 'admin-token-0123456789', ignoreActive: true });
  http = scimHttp(emu.url, emu.token);
});
beforeEach(() => emu.reset());
afterAll(async () => emu.close());

const admin = async (method: string, path: string, body?: unknown, token = emu.adminToken) => {
  const res = await fetch(`${emu.adminUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as ScimBody };
};

describe('state', () => {
  it('dumps users and groups with members, in-process and over HTTP, as deep copies', async () => {
    const u = (await http.post('/Users', customFieldBody('9 Drift Road'))).body;
    await http.post('/Groups', groupBody('Admins', [{ value: u.id! }]));
    const state = emu.state();
    expect(state.users).toHaveLength(1);
    expect(state.users[0]).toMatchObject({ id: u.id, [SCHEMA_CUSTOMFIELD_USER]: { user_address: '9 Drift Road' } });
    expect(state.groups[0]).toMatchObject({ displayName: 'Admins', members: [{ value: u.id }] });
    state.users[0]!.name!.givenName = 'Mutated';
    expect((await http.get(`/Users/${u.id}`)).body.name?.givenName).toBe('Ada');
    const viaHttp = await admin('GET', '/state');
    expect(viaHttp.status).toBe(200);
    expect((viaHttp.body['groups'] as ScimBody[])[0]!.members![0]!.value).toBe(u.id);
  });

  it('the admin endpoint needs the admin token; the SCIM token is not enough', async () => {
    expect((await admin('GET', '/state', undefined, 'wrong')).status).toBe(401);
    expect((await admin('GET', '/state', undefined, emu.token)).status).toBe(401);
    const res = await fetch(`${emu.adminUrl}/state`);
    expect(res.status).toBe(401);
  });

  it('the admin token does not open the SCIM API', async () => {
    expect((await http.get('/Users', { headers: { authorization: `Bearer ${emu.adminToken}` } })).status).toBe(401);
  });
});

describe('drift edits (as an IDaaS admin would make them in the console)', () => {
  it('update a user attribute by SCIM path, including the work email and the custom field; version changes', async () => {
    const u = (await http.post('/Users', customFieldBody('1 A St'))).body;
    const edited = emu.edit.updateUser(u.id!, {
      displayName: 'Edited In Console',
      'emails[type eq "work"].value': 'console@example.com',
      [`${SCHEMA_CUSTOMFIELD_USER}:user_address`]: '2 B St',
    });
    expect(edited['displayName']).toBe('Edited In Console');
    const got = (await http.get(`/Users/${u.id}`)).body;
    expect(got.emails?.[0]?.value).toBe('console@example.com');
    expect(got[SCHEMA_CUSTOMFIELD_USER]).toEqual({ user_address: '2 B St' });
    expect(got.meta?.version).not.toBe(u.meta?.version);
    expect(got.meta?.source).toBe('SCIM Import');
  });

  it('can disable a user even when SCIM active:false is ignored, and null removes an attribute', async () => {
    const u = (await http.post('/Users', oktaUserBody({ title: 'CTO' }))).body;
    emu.edit.updateUser(u.id!, { active: false, title: null });
    const got = (await http.get(`/Users/${u.id}`)).body;
    expect(got.active).toBe(false);
    expect(got).not.toHaveProperty('title');
  });

  it('edits obey the IDaaS rules', () => {
    const u = emu.edit.createUser({ userName: 'rules@example.com' });
    expect(() => emu.edit.updateUser(u.id, { userName: 'bad name' })).toThrow(/userName/);
    expect(() => emu.edit.updateUser('user_missing', { displayName: 'x' })).toThrow(/not found/);
  });

  it('create by hand (source manual), delete, and membership add/remove — none of it counted as SCIM traffic', async () => {
    const manual = emu.edit.createUser({ userName: 'manual@example.com', name: { givenName: 'M', familyName: 'N' } });
    expect(manual.meta?.['source']).toBe('manual');
    const g = emu.edit.createGroup({ displayName: 'Hand Made' });
    emu.edit.addMember(g.id, manual.id);
    expect((await http.get(`/Groups/${g.id}`)).body.members!.map((m) => m.value)).toEqual([manual.id]);
    emu.edit.removeMember(g.id, manual.id);
    expect((await http.get(`/Groups/${g.id}`)).body.members ?? []).toEqual([]);
    emu.edit.deleteUser(manual.id);
    expect((await http.get(`/Users/${manual.id}`)).status).toBe(404);
    expect(emu.counters.count('POST /Users')).toBe(0);
    expect(() => emu.edit.addMember(g.id, 'user_missing')).toThrow(/not found/);
  });

  it('the same edits over HTTP', async () => {
    const u = (await admin('POST', '/users', { userName: 'http.manual@example.com' })).body;
    expect(u.meta?.source).toBe('manual');
    expect((await admin('PATCH', `/users/${u.id}`, { displayName: 'Via Admin' })).body.displayName).toBe('Via Admin');
    const g = (await admin('POST', '/groups', { displayName: 'Via Admin Group' })).body;
    expect((await admin('PUT', `/groups/${g.id}/members/${u.id}`)).status).toBe(204);
    expect(emu.state().groups[0]!.members).toEqual([expect.objectContaining({ value: u.id })]);
    expect((await admin('DELETE', `/groups/${g.id}/members/${u.id}`)).status).toBe(204);
    expect((await admin('PATCH', `/groups/${g.id}`, { displayName: 'Renamed' })).body.displayName).toBe('Renamed');
    expect((await admin('DELETE', `/users/${u.id}`)).status).toBe(204);
    expect((await admin('DELETE', `/users/${u.id}`)).status).toBe(404);
    expect((await admin('DELETE', `/groups/${g.id}`)).status).toBe(204);
    expect(emu.state()).toEqual({ users: [], groups: [], usersWithPassword: [] });
    expect((await admin('POST', '/users', { userName: 'bad name' })).status).toBe(400);
  });
});

describe('faults, counters and reset over HTTP', () => {
  it('set, merge, read, clear faults; read and reset counters; reset everything', async () => {
    expect((await admin('PUT', '/faults', { errorRate: 1 })).body).toEqual({ errorRate: 1 });
    expect((await http.get('/Users')).status).toBe(503);
    expect((await admin('PATCH', '/faults', { retryAfterSeconds: 3 })).body).toEqual({ errorRate: 1, retryAfterSeconds: 3 });
    expect((await admin('PATCH', '/faults', { errorRate: 5 })).status).toBe(400);
    expect((await admin('GET', '/faults')).body).toEqual({ errorRate: 1, retryAfterSeconds: 3 });
    expect((await admin('DELETE', '/faults')).status).toBe(204);
    expect((await http.get('/Users')).status).toBe(200);
    const counters = (await admin('GET', '/counters')).body;
    expect(counters['byRoute']).toEqual({ 'GET /Users': 2 });
    expect((await admin('DELETE', '/counters')).status).toBe(204);
    expect((await admin('GET', '/counters')).body['total']).toBe(0);
    await http.post('/Users', oktaUserBody());
    await admin('PUT', '/faults', { latencyMs: 1 });
    expect((await admin('POST', '/reset')).status).toBe(204);
    expect(emu.state().users).toHaveLength(0);
    expect(emu.faults.get()).toEqual({});
    expect(emu.counters.snapshot().total).toBe(0);
    expect((await admin('GET', '/nope')).status).toBe(404);
  });
});
