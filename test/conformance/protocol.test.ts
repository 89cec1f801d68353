/**
 * Protocol-level rules (RFC 7644 §3.1, §3.3, §3.5.1, §3.6, §3.12, §3.14, §4) and IDaaS's
 * endpoint table (reference/scim-and-idaas.md §1.2–1.3): auth, discovery, status codes,
 * error bodies, media types, versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdaasEmulator, type IdaasEmulator } from '../../src/emulators/idaas/index.js';
import { SCHEMA_CUSTOMFIELD_USER, SCHEMA_ENTERPRISE_USER, SCHEMA_ERROR, SCHEMA_GROUP, SCHEMA_USER } from '../../src/domain/scim.js';
import { groupBody, oktaUserBody, patchBody, scimHttp, type ScimHttp } from '../helpers/scim-http.js';

let emu: IdaasEmulator;
let http: ScimHttp;

beforeAll(async () => {
  emu = await startIdaasEmulator({ maxBodyBytes: 64 * 1024 });
  http = scimHttp(emu.url, emu.token);
});
afterAll(async () => emu.close());

function expectScimError(res: { status: number; body: { schemas?: string[]; status?: string; detail?: string } }, status: number) {
  expect(res.status).toBe(status);
  expect(res.body.schemas).toEqual([SCHEMA_ERROR]);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe('string');
}

describe('base URL', () => {
  it('is opaque and app-scoped: /api/v2/<app>/scim/v2', () => {
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/app_[0-9a-f]+\/scim\/v2$/);
  });

  it('paths outside it are 404 in SCIM shape', async () => {
    const res = await fetch(`${emu.origin}/scim/v2/Users`, { headers: { authorization: `Bearer ${emu.token}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { schemas: string[] }).schemas).toEqual([SCHEMA_ERROR]);
  });
});

describe('authentication', () => {
  it.each(['/Users', '/Groups', '/Users/some-id'])('%s without a token is 401 with a SCIM error and WWW-Authenticate', async (path) => {
    const res = await http.get(path, { noAuth: true });
    expectScimError(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('a wrong token, or Basic auth, is 401', async () => {
    expectScimError(await http.get('/Users', { headers: { authorization: 'Bearer wrong-token' } }), 401);
    expectScimError(await http.get('/Users', { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }), 401);
  });

  it('a write without a token changes nothing', async () => {
    const before = emu.state().users.length;
    expectScimError(await http.post('/Users', oktaUserBody(), { noAuth: true }), 401);
    expect(emu.state().users.length).toBe(before);
  });

  it.each(['/ServiceProviderConfig', '/ResourceTypes', '/Schemas', '/ResourceTypes/User', `/Schemas/${SCHEMA_USER}`])(
    'discovery %s needs no token',
    async (path) => {
      expect((await http.get(path, { noAuth: true })).status).toBe(200);
    },
  );
});

describe('discovery', () => {
  it('/ServiceProviderConfig advertises patch, filter (max 100), etag; no bulk, no sort', async () => {
    const spc = (await http.get('/ServiceProviderConfig')).body as Record<string, { supported: boolean; maxResults?: number }>;
    expect(spc['patch']?.supported).toBe(true);
    expect(spc['filter']).toMatchObject({ supported: true, maxResults: 100 });
    expect(spc['etag']?.supported).toBe(true);
    expect(spc['bulk']?.supported).toBe(false);
    expect(spc['sort']?.supported).toBe(false);
  });

  it('/ResourceTypes lists User (with the custom and enterprise extensions) and Group', async () => {
    const res = await http.get('/ResourceTypes');
    const types = res.body.Resources as unknown as { id: string; endpoint: string; schema: string; schemaExtensions: { schema: string }[] }[];
    expect(types.map((t) => t.id).sort()).toEqual(['Group', 'User']);
    const user = types.find((t) => t.id === 'User')!;
    expect(user).toMatchObject({ endpoint: '/Users', schema: SCHEMA_USER });
    expect(user.schemaExtensions.map((e) => e.schema)).toEqual([SCHEMA_CUSTOMFIELD_USER, SCHEMA_ENTERPRISE_USER]);
  });

  it('/Schemas has User, EnterpriseUser, Group and the custom field schema with exactly the allowed field ids', async () => {
    const res = await http.get('/Schemas');
    const schemas = res.body.Resources as unknown as { id: string; attributes: { name: string; caseExact: boolean }[] }[];
    expect(schemas.map((s) => s.id).sort()).toEqual([SCHEMA_CUSTOMFIELD_USER, SCHEMA_GROUP, SCHEMA_ENTERPRISE_USER, SCHEMA_USER].sort());
    expect(schemas.find((s) => s.id === SCHEMA_CUSTOMFIELD_USER)!.attributes.map((a) => a.name)).toEqual(['user_address']);
    const userName = schemas.find((s) => s.id === SCHEMA_USER)!.attributes.find((a) => a.name === 'userName')!;
    expect(userName.caseExact).toBe(false);
    expect((await http.get('/Schemas/urn:nope')).status).toBe(404);
  });
});

describe('unsupported IDaaS endpoints', () => {
  it.each([
    ['POST', '/Bulk'],
    ['GET', '/Me'],
    ['POST', '/.search'],
    ['POST', '/Users/.search'],
    ['POST', '/Groups/.search'],
  ])('%s %s is 501 Not Implemented', async (method, path) => {
    expectScimError(await http.raw(method, path, method === 'GET' ? {} : { body: '{}' }), 501);
  });

  it('methods a route does not take are 405 with Allow; unknown endpoints are 404', async () => {
    const res = await http.raw('DELETE', '/Users');
    expectScimError(res, 405);
    expect(res.headers.get('allow')).toBe('GET, POST');
    expectScimError(await http.get('/Widgets'), 404);
  });
});

describe('create, read, replace, delete', () => {
  it('POST is 201 with Location pointing at the resource, an ETag equal to meta.version, and meta', async () => {
    const res = await http.post('/Users', oktaUserBody());
    expect(res.status).toBe(201);
    const location = res.headers.get('location');
    expect(location).toBe(`${emu.url}/Users/${res.body.id}`);
    expect(res.body.meta?.location).toBe(location);
    expect(res.headers.get('etag')).toBe(res.body.meta?.version);
    expect(res.body.meta).toMatchObject({ resourceType: 'User', source: 'SCIM Import' });
    expect(Date.parse(res.body.meta!.created!)).not.toBeNaN();
    const got = await fetch(location!, { headers: { authorization: `Bearer ${emu.token}` } });
    expect(got.status).toBe(200);
  });

  it('an id sent on POST is ignored (server-assigned)', async () => {
    const res = await http.post('/Users', oktaUserBody({ id: 'client-chosen' }));
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe('client-chosen');
  });

  it('meta.version changes on every write and lastModified moves; created stays', async () => {
    const created = (await http.post('/Users', oktaUserBody())).body;
    const put = (await http.put(`/Users/${created.id}`, { ...created, displayName: 'V2' })).body;
    const patched = (await http.patch(`/Users/${created.id}`, patchBody({ op: 'replace', path: 'displayName', value: 'V3' }))).body;
    const versions = [created.meta!.version, put.meta!.version, patched.meta!.version];
    expect(new Set(versions).size).toBe(3);
    expect(patched.meta!.created).toBe(created.meta!.created);
    expect(patched.meta!.lastModified! >= created.meta!.lastModified!).toBe(true);
  });

  it('a group version changes when its membership changes', async () => {
    const u = (await http.post('/Users', oktaUserBody())).body;
    const g = (await http.post('/Groups', groupBody('Versioned'))).body;
    const after = (await http.patch(`/Groups/${g.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: u.id }] }))).body;
    expect(after.meta!.version).not.toBe(g.meta!.version);
  });

  it('PUT never creates: an unknown id is 404 and nothing appears', async () => {
    const before = emu.state().users.length;
    expectScimError(await http.put('/Users/user_does_not_exist', oktaUserBody()), 404);
    expectScimError(await http.put('/Groups/group_does_not_exist', groupBody('Nope')), 404);
    expect(emu.state().users.length).toBe(before);
  });

  it('PUT with a different id in the body is refused', async () => {
    const u = (await http.post('/Users', oktaUserBody())).body;
    const res = await http.put(`/Users/${u.id}`, { ...u, id: 'someone-else' });
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('mutability');
  });

  it('PUT replaces: attributes left out are cleared', async () => {
    const u = (await http.post('/Users', oktaUserBody({ title: 'Engineer' }))).body;
    const { title: _t, ...rest } = u;
    const res = await http.put(`/Users/${u.id}`, rest);
    expect(res.body).not.toHaveProperty('title');
  });

  it('DELETE is 204 with no body, then 404; a second DELETE is 404', async () => {
    const u = (await http.post('/Users', oktaUserBody())).body;
    const del = await http.del(`/Users/${u.id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expectScimError(await http.get(`/Users/${u.id}`), 404);
    expectScimError(await http.del(`/Users/${u.id}`), 404);
  });

  it('concurrent POSTs of one userName create exactly one user', async () => {
    const body = oktaUserBody();
    const results = await Promise.all(Array.from({ length: 8 }, () => http.post('/Users', body)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(7);
  });
});

describe('ETag / If-Match (RFC 7644 §3.14)', () => {
  it('a write with a stale If-Match is 412 and changes nothing; the current one succeeds', async () => {
    const u = (await http.post('/Users', oktaUserBody())).body;
    const stale = u.meta!.version!;
    await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'displayName', value: 'Moved On' }));
    const res = await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'displayName', value: 'Lost Update' }), { headers: { 'if-match': stale } });
    expectScimError(res, 412);
    const current = (await http.get(`/Users/${u.id}`)).body;
    expect(current.displayName).toBe('Moved On');
    const ok = await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'displayName', value: 'Fine' }), { headers: { 'if-match': current.meta!.version! } });
    expect(ok.status).toBe(200);
    expectScimError(await http.del(`/Users/${u.id}`, { headers: { 'if-match': stale } }), 412);
  });
});

describe('bad requests get the SCIM error shape, never a crash', () => {
  it('malformed JSON is 400 invalidSyntax', async () => {
    const res = await http.raw('POST', '/Users', { body: '{"userName": ' });
    expectScimError(res, 400);
    expect(res.body.scimType).toBe('invalidSyntax');
  });

  it('a JSON body that is not an object is 400', async () => {
    expectScimError(await http.raw('POST', '/Users', { body: '[1,2]' }), 400);
    expectScimError(await http.raw('POST', '/Users', { body: '"text"' }), 400);
    expectScimError(await http.raw('POST', '/Users', { body: '' }), 400);
  });

  it('a wrong content type is 415; application/json and application/scim+json with charset are both accepted', async () => {
    expectScimError(await http.raw('POST', '/Users', { body: JSON.stringify(oktaUserBody()), headers: { 'content-type': 'text/plain' } }), 415);
    expectScimError(await http.raw('POST', '/Users', { body: 'userName=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415);
    expect((await http.raw('POST', '/Users', { body: JSON.stringify(oktaUserBody()), headers: { 'content-type': 'application/json' } })).status).toBe(201);
    expect((await http.raw('POST', '/Users', { body: JSON.stringify(oktaUserBody()), headers: { 'content-type': 'application/scim+json; charset=utf-8' } })).status).toBe(201);
  });

  it('a body over the size limit is 413, and the server keeps serving', async () => {
    const huge = JSON.stringify(oktaUserBody({ displayName: 'x'.repeat(200 * 1024) }));
    expectScimError(await http.raw('POST', '/Users', { body: huge }), 413);
    expect((await http.get('/Users?count=1')).status).toBe(200);
  });

  it('responses are application/scim+json', async () => {
    const res = await http.get('/Users?count=1');
    expect(res.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
  });
});

describe('authentication before routing', () => {
  it('an unknown path under the base URL is 401 without a token, 404 with one', async () => {
    expectScimError(await http.get('/Widgets', { noAuth: true }), 401);
    expectScimError(await http.get('/Widgets'), 404);
  });
});
