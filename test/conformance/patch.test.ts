/**
 * PATCH (RFC 7644 §3.5.2) in the forms Okta and our client send, applied atomically, plus the
 * RFC's failure rules. reference/scim-and-idaas.md §1.12 items 3–4 and §3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdaasEmulator, type IdaasEmulator } from '../../src/emulators/idaas/index.js';
import { SCHEMA_CUSTOMFIELD_USER } from '../../src/domain/scim.js';
import { customFieldBody, groupBody, oktaUserBody, patchBody, scimHttp, uniqueUserName, type ScimHttp } from '../helpers/scim-http.js';

let emu: IdaasEmulator;
let http: ScimHttp;
const ADDRESS = `${SCHEMA_CUSTOMFIELD_USER}:user_address`;

beforeAll(async () => {
  emu = await startIdaasEmulator();
  http = scimHttp(emu.url, emu.token);
});
afterAll(async () => emu.close());

const newUser = async (extra: Record<string, unknown> = {}) => (await http.post('/Users', customFieldBody('1 Old Road', extra))).body;
const newGroup = async (members: string[] = []) =>
  (await http.post('/Groups', groupBody(`P ${uniqueUserName('g')}`, members.map((value) => ({ value }))))).body;

describe('user PATCH forms', () => {
  it('no-path replace with a value object (Okta deactivate style)', async () => {
    const u = await newUser();
    const res = await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', value: { active: false, displayName: 'Changed' } }));
    expect(res.status).toBe(200);
    expect(res.body.active).toBe(false);
    expect(res.body.displayName).toBe('Changed');
  });

  it('pathed replace of a simple and a sub-attribute', async () => {
    const u = await newUser();
    const res = await http.patch(
      `/Users/${u.id}`,
      patchBody({ op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'name.givenName', value: 'Augusta' }),
    );
    expect(res.body.active).toBe(false);
    expect(res.body.name).toEqual({ givenName: 'Augusta', familyName: 'Lovelace' });
  });

  it('replace emails[type eq "work"].value changes only the work email', async () => {
    const u = await newUser({ emails: [{ value: 'work@x.io', type: 'work', primary: true }, { value: 'home@x.io', type: 'home' }] });
    const res = await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@x.io' }));
    expect(res.status).toBe(200);
    expect(res.body.emails).toEqual([
      { value: 'new@x.io', type: 'work', primary: true },
      { value: 'home@x.io', type: 'home' },
    ]);
  });

  it('replace on a value filter that matches nothing is 400 noTarget (RFC 7644 §3.5.2.3), unless replaceMissingAsAdd', async () => {
    const u = await newUser({ emails: [{ value: 'home@x.io', type: 'home' }] });
    const res = await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x.io' }));
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('noTarget');
    const lenient = await startIdaasEmulator({ replaceMissingAsAdd: true });
    try {
      const h = scimHttp(lenient.url, lenient.token);
      const v = (await h.post('/Users', oktaUserBody({ emails: [{ value: 'home@x.io', type: 'home' }] }))).body;
      const ok = await h.patch(`/Users/${v.id}`, patchBody({ op: 'replace', path: 'emails[type eq "work"].value', value: 'w@x.io' }));
      expect(ok.status).toBe(200);
      expect(ok.body.emails).toContainEqual({ type: 'work', value: 'w@x.io' });
    } finally {
      await lenient.close();
    }
  });

  it('replace of the custom field by its URN path, and removal of it', async () => {
    const u = await newUser();
    const res = await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: ADDRESS, value: '2 New Street' }));
    expect(res.status).toBe(200);
    expect(res.body[SCHEMA_CUSTOMFIELD_USER]).toEqual({ user_address: '2 New Street' });
    const removed = await http.patch(`/Users/${u.id}`, patchBody({ op: 'remove', path: ADDRESS }));
    expect(removed.status).toBe(200);
    expect(removed.body).not.toHaveProperty(SCHEMA_CUSTOMFIELD_USER);
    expect(removed.body.schemas).not.toContain(SCHEMA_CUSTOMFIELD_USER);
  });

  it('setting the custom field on a user that had none lists the URN in schemas', async () => {
    const u = (await http.post('/Users', oktaUserBody())).body;
    const res = await http.patch(`/Users/${u.id}`, patchBody({ op: 'add', path: ADDRESS, value: '3 Lane' }));
    expect(res.body.schemas).toContain(SCHEMA_CUSTOMFIELD_USER);
    expect(res.body[SCHEMA_CUSTOMFIELD_USER]).toEqual({ user_address: '3 Lane' });
  });

  it('a path to a field outside the allow-list is refused, naming it', async () => {
    const u = await newUser();
    const res = await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: `${SCHEMA_CUSTOMFIELD_USER}:shoe_size`, value: '44' }));
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/shoe_size/);
  });

  it('read-only attributes cannot be patched (mutability)', async () => {
    const u = await newUser();
    for (const op of [{ op: 'replace', path: 'id', value: 'x' }, { op: 'replace', path: 'meta.version', value: 'x' }, { op: 'replace', value: { id: 'other' } }]) {
      const res = await http.patch(`/Users/${u.id}`, patchBody(op));
      expect(res.status, JSON.stringify(op)).toBe(400);
      expect(res.body.scimType).toBe('mutability');
    }
  });

  it('unknown paths are 400 invalidPath', async () => {
    const u = await newUser();
    const res = await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'favouriteColour', value: 'x' }));
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidPath');
  });
});

describe('PatchOp envelope', () => {
  it.each([
    [{ Operations: [{ op: 'replace', value: { active: false } }] }, 'invalidSyntax'],
    [{ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [] }, 'invalidSyntax'],
    [{ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', value: { active: false } }] }, 'invalidSyntax'],
    [{ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'remove' }] }, 'noTarget'],
    [{ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'add', path: 'displayName' }] }, 'invalidSyntax'],
    [{ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: 'not an object' }] }, 'invalidSyntax'],
  ])('refuses %j with %s', async (body, scimType) => {
    const u = await newUser();
    const res = await http.patch(`/Users/${u.id}`, body);
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe(scimType);
  });

  it('PATCH on an unknown id is 404', async () => {
    expect((await http.patch('/Users/user_nope', patchBody({ op: 'replace', value: { active: false } }))).status).toBe(404);
  });
});

describe('atomicity', () => {
  it('one failing operation fails the request and changes nothing (not even the version)', async () => {
    const u = await newUser();
    const res = await http.patch(
      `/Users/${u.id}`,
      patchBody({ op: 'replace', path: 'displayName', value: 'Should Not Stick' }, { op: 'replace', path: 'active', value: 'nope' }),
    );
    expect(res.status).toBe(400);
    const after = (await http.get(`/Users/${u.id}`)).body;
    expect(after.displayName).toBe(u.displayName);
    expect(after.meta?.version).toBe(u.meta?.version);
  });

  it('a group PATCH that adds one valid and one missing member adds neither', async () => {
    const a = (await http.post('/Users', oktaUserBody())).body;
    const g = await newGroup();
    const res = await http.patch(`/Groups/${g.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: a.id }, { value: 'user_missing' }] }));
    expect(res.status).toBe(400);
    expect((await http.get(`/Groups/${g.id}`)).body.members ?? []).toEqual([]);
  });

  it('a rename to a taken name fails the whole request, membership part included', async () => {
    const a = (await http.post('/Users', oktaUserBody())).body;
    const taken = await newGroup();
    const g = await newGroup();
    const res = await http.patch(
      `/Groups/${g.id}`,
      patchBody({ op: 'add', path: 'members', value: [{ value: a.id }] }, { op: 'replace', path: 'displayName', value: taken.displayName }),
    );
    expect(res.status).toBe(409);
    expect((await http.get(`/Groups/${g.id}`)).body.members ?? []).toEqual([]);
  });
});

describe('group membership PATCH', () => {
  it('add with a value array, idempotently (adding an existing member keeps one entry)', async () => {
    const [a, b] = [(await http.post('/Users', oktaUserBody())).body, (await http.post('/Users', oktaUserBody())).body];
    const g = await newGroup([a.id!]);
    const res = await http.patch(`/Groups/${g.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: a.id, display: 'A' }, { value: b.id, display: 'B' }] }));
    expect(res.status).toBe(200);
    expect(res.body.members!.map((m) => m.value)).toEqual([a.id, b.id]);
  });

  it('remove members[value eq "id"] removes exactly that member; removing a non-member is a no-op', async () => {
    const [a, b] = [(await http.post('/Users', oktaUserBody())).body, (await http.post('/Users', oktaUserBody())).body];
    const g = await newGroup([a.id!, b.id!]);
    const res = await http.patch(`/Groups/${g.id}`, patchBody({ op: 'remove', path: `members[value eq "${a.id}"]` }, { op: 'remove', path: 'members[value eq "user_other"]' }));
    expect(res.status).toBe(200);
    expect(res.body.members!.map((m) => m.value)).toEqual([b.id]);
  });

  it('replace members sets the full list', async () => {
    const [a, b, c] = [
      (await http.post('/Users', oktaUserBody())).body,
      (await http.post('/Users', oktaUserBody())).body,
      (await http.post('/Users', oktaUserBody())).body,
    ];
    const g = await newGroup([a.id!, b.id!]);
    const res = await http.patch(`/Groups/${g.id}`, patchBody({ op: 'replace', path: 'members', value: [{ value: c.id }] }));
    expect(res.body.members!.map((m) => m.value)).toEqual([c.id]);
  });

  it('remove on members without a filter removes every member (RFC 7644 §3.5.2.2) — why clients must never send it', async () => {
    const a = (await http.post('/Users', oktaUserBody())).body;
    const g = await newGroup([a.id!]);
    expect((await http.patch(`/Groups/${g.id}`, patchBody({ op: 'remove', path: 'members' }))).status).toBe(200);
    expect((await http.get(`/Groups/${g.id}`)).body.members ?? []).toEqual([]);
  });

  it('the Entra-style remove with a value array is refused rather than guessed', async () => {
    const a = (await http.post('/Users', oktaUserBody())).body;
    const g = await newGroup([a.id!]);
    const res = await http.patch(`/Groups/${g.id}`, patchBody({ op: 'remove', path: 'members', value: [{ value: a.id }] }));
    expect(res.status).toBe(400);
    expect((await http.get(`/Groups/${g.id}`)).body.members!.map((m) => m.value)).toEqual([a.id]);
  });

  it('a rename that repeats the current name is accepted (Okta sends it with every membership push)', async () => {
    const g = await newGroup();
    const res = await http.patch(`/Groups/${g.id}`, patchBody({ op: 'replace', value: { id: g.id, displayName: g.displayName } }));
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe(g.displayName);
  });
});

describe('PATCH response', () => {
  it('is 200 with the resource by default, or 204 with patchReturns "no-content"', async () => {
    const u = await newUser();
    const ok = await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'displayName', value: 'X' }));
    expect(ok.status).toBe(200);
    expect(ok.body.id).toBe(u.id);
    const quiet = await startIdaasEmulator({ patchReturns: 'no-content' });
    try {
      const h = scimHttp(quiet.url, quiet.token);
      const v = (await h.post('/Users', oktaUserBody())).body;
      const res = await h.patch(`/Users/${v.id}`, patchBody({ op: 'replace', path: 'displayName', value: 'Y' }));
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await h.get(`/Users/${v.id}`)).body.displayName).toBe('Y');
      const g = (await h.post('/Groups', groupBody('Quiet'))).body;
      expect((await h.patch(`/Groups/${g.id}`, patchBody({ op: 'add', path: 'members', value: [{ value: v.id }] }))).status).toBe(204);
    } finally {
      await quiet.close();
    }
  });
});

describe('odd values', () => {
  it('replace with null removes the attribute (null is "unassigned", RFC 7643 §2.5)', async () => {
    const u = await newUser({ title: 'Engineer', name: { givenName: 'A', familyName: 'B' } });
    const res = await http.patch(`/Users/${u.id}`, patchBody({ op: 'replace', path: 'title', value: null }, { op: 'replace', path: 'name', value: null }));
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('title');
    expect(res.body).not.toHaveProperty('name');
  });

  it.each([
    { op: 'add', path: 'name', value: null },
    { op: 'add', path: 'emails[type eq "work"]', value: null },
    { op: 'add', path: 'emails', value: 'not-an-object' },
    { op: 'replace', path: 'name', value: 5 },
    { op: 'remove', path: 'emails', value: [{ value: 'x@y.z' }] },
  ])('%j is a 400, never a 500', async (op) => {
    const u = await newUser();
    const res = await http.patch(`/Users/${u.id}`, patchBody(op));
    expect(res.status).toBe(400);
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  });
});
