/**
 * IDaaS account rules (reference/scim-and-idaas.md §1.5, §1.6, §1.8) and RFC 7643 typing,
 * enforced by the emulator as IDaaS would: a lenient server fails these.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdaasEmulator, type IdaasEmulator } from '../../src/emulators/idaas/index.js';
import { SCHEMA_CUSTOMFIELD_USER, SCHEMA_ENTERPRISE_USER, SCHEMA_USER } from '../../src/domain/scim.js';
import { customFieldBody, groupBody, oktaUserBody, patchBody, scimHttp, uniqueUserName, type ScimHttp } from '../helpers/scim-http.js';

let emu: IdaasEmulator;
let http: ScimHttp;

beforeAll(async () => {
  emu = await startIdaasEmulator({ passwordPolicy: { minLength: 10, lowercase: 1, uppercase: 1, digits: 1, special: 1 } });
  http = scimHttp(emu.url, emu.token);
});
afterAll(async () => emu.close());

async function expect400(res: Promise<{ status: number; body: { scimType?: string; detail?: string; status?: string } }>, scimType: string, detail: RegExp) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.status).toBe('400');
  expect(r.body.scimType).toBe(scimType);
  expect(r.body.detail).toMatch(detail);
}

describe('userName', () => {
  it.each(['has space@example.com', 'quote"d', 'semi;colon', 'ünïcode', 'slash/name', ''])('refuses %j', async (userName) => {
    await expect400(http.post('/Users', oktaUserBody({ userName, emails: [{ value: 'x@example.com', type: 'work', primary: true }] })), 'invalidValue', /userName/);
  });

  it('accepts letters, digits and _ . @ - up to 64 characters, and refuses 65', async () => {
    const ok64 = `a_b.c-d@${'x'.repeat(56)}`;
    expect(ok64).toHaveLength(64);
    expect((await http.post('/Users', oktaUserBody({ userName: ok64 }))).status).toBe(201);
    await expect400(http.post('/Users', oktaUserBody({ userName: `${ok64}y` })), 'invalidValue', /64/);
  });

  it('is required', async () => {
    const body = oktaUserBody();
    delete body['userName'];
    await expect400(http.post('/Users', body), 'invalidValue', /userName.*required/);
  });

  it('is unique case-insensitively (409 uniqueness), also on PUT', async () => {
    const name = uniqueUserName('Dup');
    expect((await http.post('/Users', oktaUserBody({ userName: name }))).status).toBe(201);
    const dup = await http.post('/Users', oktaUserBody({ userName: name.toLowerCase() }));
    expect(dup.status).toBe(409);
    expect(dup.body.scimType).toBe('uniqueness');
    const other = (await http.post('/Users', oktaUserBody())).body;
    const put = await http.put(`/Users/${other.id}`, { ...other, userName: name.toUpperCase() });
    expect(put.status).toBe(409);
    expect(put.body.scimType).toBe('uniqueness');
  });
});

describe('other account limits', () => {
  it('displayName is at most 64 characters', async () => {
    expect((await http.post('/Users', oktaUserBody({ displayName: 'd'.repeat(64) }))).status).toBe(201);
    await expect400(http.post('/Users', oktaUserBody({ displayName: 'd'.repeat(65) })), 'invalidValue', /displayName.*64/);
  });

  it('externalId is at most 64 characters', async () => {
    await expect400(http.post('/Users', oktaUserBody({ externalId: 'e'.repeat(65) })), 'invalidValue', /externalId/);
  });

  it('at most one primary email, and emails must be addresses', async () => {
    await expect400(
      http.post('/Users', oktaUserBody({ emails: [{ value: 'a@x.io', primary: true }, { value: 'b@x.io', primary: true }] })),
      'invalidValue',
      /primary/,
    );
    await expect400(http.post('/Users', oktaUserBody({ emails: [{ value: 'not-an-address', type: 'work' }] })), 'invalidValue', /email/);
  });

  it('booleans must be JSON booleans, not "True"/"False" strings', async () => {
    await expect400(http.post('/Users', oktaUserBody({ active: 'true' })), 'invalidValue', /active.*boolean/);
    await expect400(http.post('/Users', oktaUserBody({ emails: [{ value: 'a@x.io', primary: 'true' }] })), 'invalidValue', /primary.*boolean/);
    const u = (await http.post('/Users', oktaUserBody())).body;
    await expect400(http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'active', value: 'False' })), 'invalidValue', /boolean/);
    expect((await http.get(`/Users/${u.id}`)).body.active).toBe(true);
  });

  it('unknown attributes and sub-attributes are refused, naming them', async () => {
    await expect400(http.post('/Users', oktaUserBody({ favouriteColour: 'blue' })), 'invalidSyntax', /favouriteColour/);
    await expect400(http.post('/Users', oktaUserBody({ name: { givenName: 'A', nickname: 'x' } })), 'invalidSyntax', /nickname/);
  });

  it('attribute names are case-insensitive and stored canonically', async () => {
    const body = oktaUserBody();
    const { userName, displayName, ...rest } = body;
    const res = await http.post('/Users', { ...rest, UserName: userName, DISPLAYNAME: displayName });
    expect(res.status).toBe(201);
    expect(res.body.userName).toBe(userName);
    expect(res.body.displayName).toBe(displayName);
    expect(res.body).not.toHaveProperty('UserName');
  });

  it('schemas must list the core User schema', async () => {
    await expect400(http.post('/Users', oktaUserBody({ schemas: [] })), 'invalidSyntax', /schemas/);
    await expect400(http.post('/Users', oktaUserBody({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'] })), 'invalidValue', /not supported/);
  });
});

describe('password policy', () => {
  it.each([
    ['Sh0rt!pw', /10 characters/],
    ['alllowercase1!', /uppercase/],
    ['ALLUPPERCASE1!', /lowercase/],
    ['NoDigitsHere!', /digit/],
    ['NoSpecials123', /special/],
  ])('refuses %j with invalidValue naming the rule', async (password, rule) => {
    const res = await http.post('/Users', oktaUserBody({ password }));
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
    expect(res.body.detail).toMatch(rule);
    expect(res.text).not.toContain(password);
  });

  it('accepts a strong password, and never returns it', async () => {
    const password = 'Str0ng!Passw0rd';
    const res = await http.post('/Users', oktaUserBody({ password }));
    expect(res.status).toBe(201);
    expect(res.body).not.toHaveProperty('password');
    expect(res.text).not.toContain(password);
    expect((await http.get(`/Users/${res.body.id}`)).text).not.toContain(password);
    expect(emu.state().usersWithPassword).toContain(res.body.id);
  });

  it('applies to PATCH and PUT too', async () => {
    const u = (await http.post('/Users', oktaUserBody())).body;
    expect((await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', value: { password: 'weak' } }))).status).toBe(400);
    expect((await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'password', value: 'weak' }))).status).toBe(400);
    expect((await http.put(`/Users/${u.id}`, { ...u, password: 'weak' })).status).toBe(400);
    expect((await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'password', value: 'An0ther!Strong1' }))).status).toBe(200);
  });

  it('is configurable: a lenient policy accepts what the default refuses', async () => {
    const lenient = await startIdaasEmulator({ passwordPolicy: { minLength: 4, lowercase: 0, uppercase: 0, digits: 0, special: 0 } });
    try {
      expect((await scimHttp(lenient.url, lenient.token).post('/Users', oktaUserBody({ password: 'abcd' }))).status).toBe(201);
    } finally {
      await lenient.close();
    }
  });
});

describe('custom field namespace and extensions', () => {
  it('stores an allow-listed field of the configured namespace and returns it', async () => {
    const res = await http.post('/Users', customFieldBody('1 Infinite Loop'));
    expect(res.status).toBe(201);
    expect(res.body[SCHEMA_CUSTOMFIELD_USER]).toEqual({ user_address: '1 Infinite Loop' });
    expect(res.body.schemas).toContain(SCHEMA_CUSTOMFIELD_USER);
  });

  it('refuses a field that is not allow-listed, naming it', async () => {
    const body = customFieldBody('x', { [SCHEMA_CUSTOMFIELD_USER]: { user_address: 'x', shoe_size: '44' } });
    await expect400(http.post('/Users', body), 'invalidValue', /shoe_size/);
  });

  it('refuses extension attributes whose URN is not listed in schemas', async () => {
    const body = customFieldBody('x', { schemas: [SCHEMA_USER] });
    await expect400(http.post('/Users', body), 'invalidSyntax', /not listed in "schemas"/);
  });

  it('refuses an unknown namespace, naming it', async () => {
    const other = 'urn:example:params:scim:schemas:extension:acme:2.0:User';
    await expect400(http.post('/Users', oktaUserBody({ schemas: [SCHEMA_USER, other], [other]: { a: 'b' } })), 'invalidValue', /acme/);
  });

  it('accepts the enterprise extension', async () => {
    const res = await http.post('/Users', oktaUserBody({ schemas: [SCHEMA_USER, SCHEMA_ENTERPRISE_USER], [SCHEMA_ENTERPRISE_USER]: { department: 'R&D', employeeNumber: '42' } }));
    expect(res.status).toBe(201);
    expect(res.body[SCHEMA_ENTERPRISE_USER]).toEqual({ department: 'R&D', employeeNumber: '42' });
  });

  it('honours a configured namespace and field list', async () => {
    const ns = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';
    const custom = await startIdaasEmulator({ customFieldNamespace: ns, allowedCustomFields: ['cost_center'] });
    try {
      const h = scimHttp(custom.url, custom.token);
      expect((await h.post('/Users', oktaUserBody({ schemas: [SCHEMA_USER, ns], [ns]: { cost_center: 'C1' } }))).status).toBe(201);
      expect((await h.post('/Users', customFieldBody('x'))).status).toBe(400);
    } finally {
      await custom.close();
    }
  });
});

describe('groups', () => {
  it('displayName is required and unique case-insensitively (409 uniqueness)', async () => {
    const name = `Team ${uniqueUserName('t')}`;
    expect((await http.post('/Groups', groupBody(name))).status).toBe(201);
    const dup = await http.post('/Groups', groupBody(name.toUpperCase()));
    expect(dup.status).toBe(409);
    expect(dup.body.scimType).toBe('uniqueness');
    await expect400(http.post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'] }), 'invalidValue', /displayName/);
  });

  it('members must reference existing users, on POST, PUT and PATCH, and nothing changes when one does not', async () => {
    const u = (await http.post('/Users', oktaUserBody())).body;
    await expect400(http.post('/Groups', groupBody(`G ${uniqueUserName('g')}`, [{ value: 'user_missing' }])), 'invalidValue', /user_missing/);
    const g = (await http.post('/Groups', groupBody(`G ${uniqueUserName('g')}`, [{ value: u.id! }]))).body;
    await expect400(http.put(`/Groups/${g.id}`, groupBody(g.displayName!, [{ value: 'user_missing' }])), 'invalidValue', /user_missing/);
    await expect400(http.patch(`/Groups/${g.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: 'user_missing' }] })), 'invalidValue', /user_missing/);
    expect((await http.get(`/Groups/${g.id}`)).body.members!.map((m) => m.value)).toEqual([u.id]);
  });

  it('extension attributes are refused on groups', async () => {
    const res = await http.post('/Groups', { ...groupBody('Ext'), schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group', SCHEMA_CUSTOMFIELD_USER], [SCHEMA_CUSTOMFIELD_USER]: { user_address: 'x' } });
    expect(res.status).toBe(400);
  });

  it('deleting a user removes it from its groups', async () => {
    const u = (await http.post('/Users', oktaUserBody())).body;
    const g = (await http.post('/Groups', groupBody(`G ${uniqueUserName('g')}`, [{ value: u.id! }]))).body;
    expect((await http.del(`/Users/${u.id}`)).status).toBe(204);
    expect((await http.get(`/Groups/${g.id}`)).body.members ?? []).toEqual([]);
  });
});

describe('source marker and inactive status', () => {
  it('resources created over SCIM carry source "SCIM Import"; hand-made ones "manual"', async () => {
    const viaScim = (await http.post('/Users', oktaUserBody())).body;
    expect(viaScim.meta?.source).toBe('SCIM Import');
    const g = (await http.post('/Groups', groupBody(`S ${uniqueUserName('g')}`))).body;
    expect(g.meta?.source).toBe('SCIM Import');
    const byHand = emu.edit.createUser({ userName: uniqueUserName('manual') });
    expect((byHand['meta'] as { source: string }).source).toBe('manual');
  });

  it('ignoreActive: active:false is accepted and ignored (the seed FAQ), by POST, PUT and PATCH', async () => {
    const faq = await startIdaasEmulator({ ignoreActive: true });
    try {
      const h = scimHttp(faq.url, faq.token);
      const created = await h.post('/Users', oktaUserBody({ active: false }));
      expect(created.status).toBe(201);
      expect(created.body.active).toBe(true);
      const patched = await h.patch(`/Users/${created.body.id}`, patchBody({ op: 'replace', value: { active: false } }));
      expect(patched.status).toBe(200);
      expect((await h.get(`/Users/${created.body.id}`)).body.active).toBe(true);
      expect((await h.put(`/Users/${created.body.id}`, { ...created.body, active: false })).body.active).toBe(true);
    } finally {
      await faq.close();
    }
  });

  it('by default active:false is honoured', async () => {
    const created = await http.post('/Users', oktaUserBody({ active: false }));
    expect(created.body.active).toBe(false);
  });

  it('a PUT without active re-enables the user (so a client must always send active)', async () => {
    const u = (await http.post('/Users', oktaUserBody({ active: false }))).body;
    const { active: _a, ...withoutActive } = u;
    expect((await http.put(`/Users/${u.id}`, withoutActive)).body.active).toBe(true);
  });
});
