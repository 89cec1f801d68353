/**
 * The Okta SCIM 2.0 SPEC test (Runscope) expectations, reference/scim-and-idaas.md §2.10 and
 * §2.2–2.6, run against the IDaaS emulator over real HTTP. A server that Okta's connector
 * would reject fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdaasEmulator, type IdaasEmulator } from '../../src/emulators/idaas/index.js';
import { SCHEMA_ERROR, SCHEMA_LIST_RESPONSE, SCHEMA_USER } from '../../src/domain/scim.js';
import { groupBody, oktaUserBody, patchBody, scimHttp, uniqueUserName, type ScimHttp } from '../helpers/scim-http.js';

let emu: IdaasEmulator;
let http: ScimHttp;

beforeAll(async () => {
  emu = await startIdaasEmulator();
  http = scimHttp(emu.url, emu.token);
  for (let i = 0; i < 3; i++) expect((await http.post('/Users', oktaUserBody())).status).toBe(201);
});
afterAll(async () => emu.close());

describe('Okta SCIM 2.0 SPEC test', () => {
  it('GET /Users?count=1&startIndex=1 is a ListResponse with integer paging fields and a complete first user', async () => {
    const res = await http.get('/Users?count=1&startIndex=1');
    expect(res.status).toBe(200);
    expect(res.body.schemas).toEqual([SCHEMA_LIST_RESPONSE]);
    expect(Number.isInteger(res.body.itemsPerPage)).toBe(true);
    expect(Number.isInteger(res.body.startIndex)).toBe(true);
    expect(Number.isInteger(res.body.totalResults)).toBe(true);
    expect(res.body.itemsPerPage).toBe(1);
    expect(res.body.totalResults).toBeGreaterThanOrEqual(3);
    const first = res.body.Resources![0]!;
    expect(typeof first.id).toBe('string');
    expect(first.name?.familyName).toBe('Lovelace');
    expect(first.name?.givenName).toBe('Ada');
    expect(typeof first.userName).toBe('string');
    expect(first.active).toBe(true);
    expect(typeof first.emails?.[0]?.value).toBe('string');
  });

  it('GET /Users/{id} returns the same user with a matching id', async () => {
    const list = await http.get('/Users?count=1&startIndex=1');
    const first = list.body.Resources![0]!;
    const res = await http.get(`/Users/${first.id}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(first.id);
    expect(res.body.userName).toBe(first.userName);
    expect(res.body.name).toEqual(first.name);
    expect(res.body.emails?.[0]?.value).toBe(first.emails?.[0]?.value);
  });

  it('a userName filter that matches nobody is 200 with totalResults 0, not a 404', async () => {
    const res = await http.filter('Users', `userName eq "${uniqueUserName('nobody')}"`, '&startIndex=1&count=100');
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(0);
    expect(res.body.Resources ?? []).toEqual([]);
  });

  it('GET /Users/<invalid id> is 404 with the Error schema and a detail', async () => {
    const res = await http.get('/Users/not-a-real-id-010101');
    expect(res.status).toBe(404);
    expect(res.body.schemas).toEqual([SCHEMA_ERROR]);
    expect(res.body.status).toBe('404');
    expect(res.body.detail).toMatch(/not found/i);
  });

  it('POST /Users is 201 with id, active:true, the core schema and the names sent; re-POST is 409', async () => {
    const body = oktaUserBody();
    const res = await http.post('/Users', body);
    expect(res.status).toBe(201);
    expect(res.body.id).toMatch(/\S/);
    expect(res.body.active).toBe(true);
    expect(res.body.schemas).toContain(SCHEMA_USER);
    expect(res.body.userName).toBe(body['userName']);
    expect(res.body.name).toEqual(body['name']);
    expect(res.body.externalId).toBe(body['externalId']);
    const again = await http.post('/Users', body);
    expect(again.status).toBe(409);
    expect(again.body.schemas).toEqual([SCHEMA_ERROR]);
    expect(again.body.scimType).toBe('uniqueness');
  });

  it('a userName filter written in upper case finds the user (userName is caseExact:false)', async () => {
    const userName = uniqueUserName('MixedCase');
    await http.post('/Users', oktaUserBody({ userName }));
    const res = await http.filter('Users', `userName eq "${userName.toUpperCase()}"`, '&startIndex=1&count=100');
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources![0]!.userName).toBe(userName);
  });

  it('answers the constant test-connector calls GET /Users?startIndex=1&count=2 and GET /Groups?startIndex=1&count=100', async () => {
    const users = await http.get('/Users?startIndex=1&count=2');
    expect(users.status).toBe(200);
    expect(users.body.itemsPerPage).toBe(2);
    const groups = await http.get('/Groups?startIndex=1&count=100');
    expect(groups.status).toBe(200);
    expect(groups.body.schemas).toEqual([SCHEMA_LIST_RESPONSE]);
  });
});

describe('Okta CRUD flow (assign, update, deactivate, reactivate, push group)', () => {
  it('PUT with the full resource updates it; PATCH replace {active:false} deactivates; {active:true} reactivates', async () => {
    const created = (await http.post('/Users', oktaUserBody())).body;
    const full = { ...created, displayName: 'Ada King', name: { givenName: 'Ada', familyName: 'King' } };
    const put = await http.put(`/Users/${created.id}`, full);
    expect(put.status).toBe(200);
    expect(put.body.displayName).toBe('Ada King');
    expect((await http.get(`/Users/${created.id}`)).body.name?.familyName).toBe('King');

    const off = await http.patch(`/Users/${created.id}`, patchBody({ op: 'replace', value: { active: false } }));
    expect(off.status).toBe(200);
    expect((await http.get(`/Users/${created.id}`)).body.active).toBe(false);
    const on = await http.patch(`/Users/${created.id}`, patchBody({ op: 'replace', value: { active: true } }));
    expect(on.status).toBe(200);
    expect((await http.get(`/Users/${created.id}`)).body.active).toBe(true);
  });

  it('push group: POST with members [], rename by PATCH value {id, displayName}, membership by PATCH remove+add in one request', async () => {
    const a = (await http.post('/Users', oktaUserBody())).body;
    const b = (await http.post('/Users', oktaUserBody())).body;
    const g = await http.post('/Groups', groupBody(`Okta Push ${uniqueUserName('g')}`, []));
    expect(g.status).toBe(201);
    const gid = g.body.id!;
    const add = await http.patch(`/Groups/${gid}`, patchBody({ op: 'add', path: 'members', value: [{ value: a.id, display: a.userName }] }));
    expect(add.status).toBe(200);
    const rename = await http.patch(`/Groups/${gid}`, patchBody({ op: 'replace', value: { id: gid, displayName: `Renamed ${gid}` } }));
    expect(rename.status).toBe(200);
    const swap = await http.patch(
      `/Groups/${gid}`,
      patchBody({ op: 'remove', path: `members[value eq "${a.id}"]` }, { op: 'add', path: 'members', value: [{ value: b.id, display: b.userName }] }),
    );
    expect(swap.status).toBe(200);
    const got = await http.get(`/Groups/${gid}`);
    expect(got.body.displayName).toBe(`Renamed ${gid}`);
    expect(got.body.members!.map((m) => m.value)).toEqual([b.id]);
  });

  it('DELETE /Groups/{id} is 204 and the group is gone', async () => {
    const g = await http.post('/Groups', groupBody(`Doomed ${uniqueUserName('g')}`));
    expect((await http.del(`/Groups/${g.body.id}`)).status).toBe(204);
    expect((await http.get(`/Groups/${g.body.id}`)).status).toBe(404);
  });
});
