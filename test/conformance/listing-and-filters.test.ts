/**
 * Listing (RFC 7644 §3.4.2, IDaaS: at most 100 per page, groups without members) and filters
 * (§3.4.2.2), against an emulator seeded with 250 users and 3 groups.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdaasEmulator, type IdaasEmulator } from '../../src/emulators/idaas/index.js';
import { SCHEMA_CUSTOMFIELD_USER, SCHEMA_USER } from '../../src/domain/scim.js';
import { groupBody, oktaUserBody, scimHttp, type ScimHttp } from '../helpers/scim-http.js';

let emu: IdaasEmulator;
let http: ScimHttp;
const TOTAL = 250;
const ids: string[] = [];

beforeAll(async () => {
  emu = await startIdaasEmulator();
  http = scimHttp(emu.url, emu.token);
  for (let i = 0; i < TOTAL; i++) {
    const body = oktaUserBody({
      userName: `list.user${String(i).padStart(3, '0')}@example.com`,
      externalId: `00u${i}`,
      displayName: i % 2 === 0 ? 'Even Person' : 'Odd Person',
      emails: [
        { value: `list.user${i}@example.com`, type: 'work', primary: true },
        { value: `home${i}@example.net`, type: 'home' },
      ],
      ...(i < 5 ? { schemas: [SCHEMA_USER, SCHEMA_CUSTOMFIELD_USER], [SCHEMA_CUSTOMFIELD_USER]: { user_address: `${i} Main Street` } } : {}),
    });
    const res = await http.post('/Users', body);
    ids.push(res.body.id!);
  }
  for (const name of ['Engineering', 'Sales', 'Support']) {
    await http.post('/Groups', groupBody(name, ids.slice(0, 3).map((value) => ({ value }))));
  }
});
afterAll(async () => emu.close());

describe('paging', () => {
  it('caps a page at 100 even when more is asked, with integer paging fields', async () => {
    const res = await http.get('/Users?startIndex=1&count=500');
    expect(res.status).toBe(200);
    expect(res.body.itemsPerPage).toBe(100);
    expect(res.body.Resources).toHaveLength(100);
    expect(res.body.totalResults).toBe(TOTAL);
    expect(res.body.startIndex).toBe(1);
  });

  it('defaults to a page of 100 without count', async () => {
    expect((await http.get('/Users')).body.Resources).toHaveLength(100);
  });

  it('walks every user exactly once with startIndex/count, in a stable order', async () => {
    const seen: string[] = [];
    for (let start = 1; start <= TOTAL; start += 100) {
      const res = await http.get(`/Users?startIndex=${start}&count=100`);
      expect(res.body.startIndex).toBe(start);
      seen.push(...res.body.Resources!.map((r) => r.id!));
    }
    expect(seen).toEqual(ids);
    const again = await http.get('/Users?startIndex=101&count=100');
    expect(again.body.Resources!.map((r) => r.id)).toEqual(ids.slice(100, 200));
  });

  it('the last page is short and a page past the end is empty', async () => {
    const last = await http.get('/Users?startIndex=201&count=100');
    expect(last.body.itemsPerPage).toBe(50);
    const past = await http.get(`/Users?startIndex=${TOTAL + 1}&count=100`);
    expect(past.body.totalResults).toBe(TOTAL);
    expect(past.body.itemsPerPage).toBe(0);
    expect(past.body.Resources).toEqual([]);
  });

  it('count=0 gives totalResults and no resources; startIndex below 1 counts as 1 (RFC 7644 §3.4.2.4)', async () => {
    const zero = await http.get('/Users?count=0');
    expect(zero.body.totalResults).toBe(TOTAL);
    expect(zero.body.Resources).toEqual([]);
    const low = await http.get('/Users?startIndex=-5&count=1');
    expect(low.body.startIndex).toBe(1);
    expect(low.body.Resources![0]!.id).toBe(ids[0]);
  });

  it('non-integer paging values are 400 invalidValue', async () => {
    const res = await http.get('/Users?startIndex=abc');
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidValue');
  });

  it('paging applies to filtered results too', async () => {
    const res = await http.filter('Users', 'displayName eq "Even Person"', '&startIndex=101&count=100');
    expect(res.body.totalResults).toBe(125);
    expect(res.body.itemsPerPage).toBe(25);
  });
});

describe('groups listing', () => {
  it('GET /Groups lists groups without members; GET /Groups/{id} has them', async () => {
    const list = await http.get('/Groups');
    expect(list.body.totalResults).toBe(3);
    for (const g of list.body.Resources!) expect(g).not.toHaveProperty('members');
    const one = await http.get(`/Groups/${list.body.Resources![0]!.id}`);
    expect(one.body.members!.map((m) => m.value)).toEqual(ids.slice(0, 3));
    expect(one.body.members![0]).toMatchObject({ value: ids[0], type: 'User', display: 'Even Person' });
  });

  it('filters groups by displayName case-insensitively and by externalId exactly', async () => {
    const res = await http.filter('Groups', 'displayName eq "engineering"');
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources![0]!.displayName).toBe('Engineering');
    expect(res.body.Resources![0]).not.toHaveProperty('members');
    expect((await http.filter('Groups', 'externalId eq "none"')).body.totalResults).toBe(0);
  });

  it('filters groups by member', async () => {
    const res = await http.filter('Groups', `members[value eq "${ids[1]}"]`);
    expect(res.body.totalResults).toBe(3);
  });
});

describe('filters', () => {
  const count = async (f: string) => {
    const res = await http.filter('Users', f, '&count=100');
    expect(res.status, `${f}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body.totalResults;
  };

  it('userName eq, case-insensitively, also with the attribute name in another case or URN-qualified', async () => {
    expect(await count('userName eq "LIST.USER007@EXAMPLE.COM"')).toBe(1);
    expect(await count('USERNAME eq "list.user007@example.com"')).toBe(1);
    expect(await count(`${SCHEMA_USER}:userName eq "list.user007@example.com"`)).toBe(1);
  });

  it('externalId eq is exact (caseExact)', async () => {
    expect(await count('externalId eq "00u7"')).toBe(1);
    expect(await count('externalId eq "00U7"')).toBe(0);
  });

  it('displayName eq', async () => {
    expect(await count('displayName eq "odd person"')).toBe(125);
  });

  it('emails[type eq "work"].value eq matches only the work address', async () => {
    expect(await count('emails[type eq "work"].value eq "list.user9@example.com"')).toBe(1);
    expect(await count('emails[type eq "work"].value eq "home9@example.net"')).toBe(0);
    expect(await count('emails.value eq "home9@example.net"')).toBe(1);
  });

  it('the custom field by its URN path', async () => {
    expect(await count(`${SCHEMA_CUSTOMFIELD_USER}:user_address eq "3 main street"`)).toBe(1);
    expect(await count(`${SCHEMA_CUSTOMFIELD_USER}:user_address pr`)).toBe(5);
  });

  it('and / or / not and grouping', async () => {
    expect(await count('userName eq "list.user001@example.com" or userName eq "list.user002@example.com"')).toBe(2);
    expect(await count('displayName eq "Even Person" and externalId eq "00u2"')).toBe(1);
    expect(await count('displayName eq "Even Person" and externalId eq "00u3"')).toBe(0);
    expect(await count('not (displayName eq "Even Person")')).toBe(125);
    expect(await count('(externalId eq "00u1" or externalId eq "00u2") and displayName eq "Odd Person"')).toBe(1);
  });

  it('sw, co, ew, ne, gt/lt', async () => {
    expect(await count('userName sw "list.user00"')).toBe(10);
    expect(await count('userName co "user24"')).toBe(10);
    expect(await count('userName ew "9@example.com"')).toBe(25);
    expect(await count('displayName ne "Even Person"')).toBe(125);
    expect(await count('userName lt "list.user010@example.com"')).toBe(10);
    expect(await count('meta.created gt "2000-01-01T00:00:00Z"')).toBe(TOTAL);
  });

  it('quoted values are JSON strings: escaped quotes, backslashes and unicode round-trip', async () => {
    const tricky = 'a"b\\c é 漢字';
    const u = await http.post('/Users', oktaUserBody({ externalId: tricky }));
    expect(u.status).toBe(201);
    const res = await http.filter('Users', `externalId eq ${JSON.stringify(tricky)}`);
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources![0]!.externalId).toBe(tricky);
    const escaped = await http.filter('Users', 'externalId eq "a\\"b\\\\c \\u00e9 \\u6f22\\u5b57"');
    expect(escaped.body.totalResults).toBe(1);
  });

  it.each([
    'userName eq',
    'userName zz "x"',
    'userName eq "unterminated',
    '(userName eq "x"',
    'userName eq "bad \\q escape"',
    '',
  ])('%j is 400 invalidFilter', async (f) => {
    const res = await http.filter('Users', f);
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidFilter');
  });

  it('unknown attributes in a filter are 400 invalidFilter', async () => {
    const res = await http.filter('Users', 'shoeSize eq "44"');
    expect(res.status).toBe(400);
    expect(res.body.scimType).toBe('invalidFilter');
    expect(res.body.detail).toMatch(/shoeSize/);
    expect((await http.filter('Groups', 'userName eq "x"')).status).toBe(400);
  });
});
