/**
 * What the client puts on the wire: headers, URL and filter encoding, bodies, and how it
 * reads 200/204 answers. Checked with nock against the exact request.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_CUSTOMFIELD_USER, SCHEMA_GROUP, SCHEMA_LIST_RESPONSE, SCHEMA_PATCH_OP, SCHEMA_USER } from '../../../src/domain/scim.js';
import type { ScimRequestEvent } from '../../../src/scim/index.js';
import { FAKE_SCIM_TOKEN } from '../../helpers/config.js';
import { NOCK_ORIGIN, NOCK_PATH, rejection, testClient } from '../../helpers/scim-client.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const user = { id: 'u1', userName: 'ada@example.com', schemas: [SCHEMA_USER] };
const empty = { schemas: [SCHEMA_LIST_RESPONSE], totalResults: 0, Resources: [] };

describe('headers', () => {
  it('sends the bearer token, SCIM content type and accept, and okta-idaas-sync/<version> as User-Agent', async () => {
    const { version } = (await import('../../../package.json', { with: { type: 'json' } })).default;
    const scope = nock(NOCK_ORIGIN, {
      reqheaders: {
        authorization: `Bearer ${FAKE_SCIM_TOKEN}`,
        'content-type': 'application/scim+json; charset=utf-8',
        accept: 'application/scim+json, application/json',
        'user-agent': `okta-idaas-sync/${version}`,
      },
    })
      .post(`${NOCK_PATH}/Users`)
      .reply(201, user);
    await testClient().createUser({ schemas: [SCHEMA_USER], userName: 'ada@example.com' });
    expect(scope.isDone()).toBe(true);
  });

  it('a GET carries no content type', async () => {
    const scope = nock(NOCK_ORIGIN, { badheaders: ['content-type'] }).get(`${NOCK_PATH}/Users/u1`).reply(200, user);
    await testClient().getUser('u1');
    expect(scope.isDone()).toBe(true);
  });

  it('a trailing slash on the base URL is trimmed', async () => {
    const scope = nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Users/u1`).reply(200, user);
    await testClient({ scimBaseUrl: `${NOCK_ORIGIN}${NOCK_PATH}///` }).getUser('u1');
    expect(scope.isDone()).toBe(true);
  });

  it('answers as application/json are read too', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Users/u1`).reply(200, JSON.stringify(user), { 'content-type': 'application/json' });
    expect((await testClient().getUser('u1')).id).toBe('u1');
  });
});

describe('filters on the wire', () => {
  const captureFilter = (resource: 'Users' | 'Groups') => {
    const seen: { raw: string; filter: string | null; startIndex: string | null; count: string | null }[] = [];
    nock(NOCK_ORIGIN)
      .get(`${NOCK_PATH}/${resource}`)
      .query(true)
      .reply(function (uri) {
        const q = new URL(uri, NOCK_ORIGIN).searchParams;
        seen.push({ raw: uri, filter: q.get('filter'), startIndex: q.get('startIndex'), count: q.get('count') });
        return [200, empty];
      });
    return seen;
  };

  it('findUsers(userName) sends userName eq "<v>" with startIndex=1&count=100, spaces as %20', async () => {
    const seen = captureFilter('Users');
    expect(await testClient().findUsers('userName', 'ada.lovelace@example.com')).toEqual([]);
    expect(seen[0]).toMatchObject({ filter: 'userName eq "ada.lovelace@example.com"', startIndex: '1', count: '100' });
    expect(seen[0]!.raw).toContain('filter=userName%20eq%20%22ada.lovelace%40example.com%22');
    expect(seen[0]!.raw).not.toContain('+');
  });

  it.each([
    ['a"b', 'externalId eq "a\\"b"'],
    ['back\\slash', 'externalId eq "back\\\\slash"'],
    ['both \\" mixed', 'externalId eq "both \\\\\\" mixed"'],
    ['Ünïcødé 漢字 👋', 'externalId eq "Ünïcødé 漢字 👋"'],
    ['line\nbreak\ttab', 'externalId eq "line\\nbreak\\ttab"'],
    ['and or ) ( ] [', 'externalId eq "and or ) ( ] ["'],
  ])('escapes %j as a JSON string', async (value, expected) => {
    const seen = captureFilter('Users');
    await testClient().findUsers('externalId', value);
    expect(seen[0]!.filter).toBe(expected);
    expect(JSON.parse(seen[0]!.filter!.slice('externalId eq '.length))).toBe(value);
  });

  it('findGroups(displayName) sends displayName eq "<v>" to /Groups', async () => {
    const seen = captureFilter('Groups');
    await testClient().findGroups('displayName', 'R&D "core"');
    expect(seen[0]!.filter).toBe('displayName eq "R&D \\"core\\""');
  });

  it('a 404 on a filtered GET means "no match" (Okta rule)', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Users`).query(true).reply(404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'no user' });
    expect(await testClient().findUsers('userName', 'x@y.z')).toEqual([]);
  });

  it('results that do not match are dropped (a server that ignores the filter returns everyone)', async () => {
    nock(NOCK_ORIGIN)
      .get(`${NOCK_PATH}/Users`)
      .query(true)
      .reply(200, {
        schemas: [SCHEMA_LIST_RESPONSE],
        totalResults: 3,
        Resources: [
          { id: 'u1', userName: 'other@x.io' },
          { id: 'u2', userName: 'ADA@example.com' },
          { id: 'u3', userName: 'third@x.io' },
        ],
      });
    const client = testClient();
    const found = await client.findUsers('userName', 'ada@example.com');
    expect(found.map((u) => u.id)).toEqual(['u2']);
    expect(client.logs()).toMatch(/do not match/);
  });

  it('ids in paths are URL-encoded', async () => {
    const scope = nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Users/a%2Fb%20c`).reply(200, { ...user, id: 'a/b c' });
    await testClient().getUser('a/b c');
    expect(scope.isDone()).toBe(true);
  });
});

describe('bodies and answers', () => {
  it('createUser POSTs the body as given, including the extension container', async () => {
    const body = { schemas: [SCHEMA_USER, SCHEMA_CUSTOMFIELD_USER], userName: 'ada@example.com', [SCHEMA_CUSTOMFIELD_USER]: { user_address: '1 Main' }, active: true };
    let sent: unknown;
    nock(NOCK_ORIGIN)
      .post(`${NOCK_PATH}/Users`, (b) => ((sent = b), true))
      .reply(201, { ...body, id: 'u9' });
    const created = await testClient().createUser(body);
    expect(sent).toEqual(body);
    expect(created.id).toBe('u9');
  });

  it('replaceUser PUTs the full body with the id (as Okta does)', async () => {
    let sent: Record<string, unknown> = {};
    nock(NOCK_ORIGIN)
      .put(`${NOCK_PATH}/Users/u1`, (b: Record<string, unknown>) => ((sent = b), true))
      .reply(200, user);
    await testClient().replaceUser('u1', { schemas: [SCHEMA_USER], userName: 'ada@example.com', active: true });
    expect(sent).toEqual({ schemas: [SCHEMA_USER], userName: 'ada@example.com', active: true, id: 'u1' });
  });

  it('patchUser sends a PatchOp envelope and returns the resource on 200, null on 204', async () => {
    let sent: unknown;
    nock(NOCK_ORIGIN)
      .patch(`${NOCK_PATH}/Users/u1`, (b) => ((sent = b), true))
      .reply(200, { ...user, active: false });
    const ops = [{ op: 'replace' as const, value: { active: false } }];
    expect((await testClient().patchUser('u1', ops))?.active).toBe(false);
    expect(sent).toEqual({ schemas: [SCHEMA_PATCH_OP], Operations: ops });
    nock(NOCK_ORIGIN).patch(`${NOCK_PATH}/Users/u1`).reply(204);
    expect(await testClient().patchUser('u1', ops)).toBeNull();
    nock(NOCK_ORIGIN).patch(`${NOCK_PATH}/Groups/g1`).reply(204);
    expect(await testClient().patchGroup('g1', ops)).toBeNull();
  });

  it('deleteUser/deleteGroup accept 204 and 200', async () => {
    nock(NOCK_ORIGIN).delete(`${NOCK_PATH}/Users/u1`).reply(204);
    nock(NOCK_ORIGIN).delete(`${NOCK_PATH}/Groups/g1`).reply(200, {});
    await testClient().deleteUser('u1');
    await testClient().deleteGroup('g1');
    expect(nock.isDone()).toBe(true);
  });

  it('getGroup returns members with string values', async () => {
    nock(NOCK_ORIGIN)
      .get(`${NOCK_PATH}/Groups/g1`)
      .reply(200, { id: 'g1', displayName: 'Eng', schemas: [SCHEMA_GROUP], members: [{ value: 'u1', display: 'Ada' }, { value: 42 }] });
    const g = await testClient().getGroup('g1');
    expect(g.members).toEqual([{ value: 'u1', display: 'Ada' }, { value: '42' }]);
  });
});

describe('metrics hook', () => {
  it('reports method, route template, status and duration for every request, failures included', async () => {
    const events: ScimRequestEvent[] = [];
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Users/u1`).reply(200, user);
    nock(NOCK_ORIGIN).patch(`${NOCK_PATH}/Groups/g1`).reply(429, {}, { 'retry-after': '1' });
    const client = testClient({}, { onRequest: (e) => events.push(e) });
    await client.getUser('u1');
    await rejection(client.patchGroup('g1', [{ op: 'replace', value: { displayName: 'x' } }]));
    expect(events.map(({ method, route, status }) => ({ method, route, status }))).toEqual([
      { method: 'GET', route: 'GET /Users/{id}', status: 200 },
      { method: 'PATCH', route: 'PATCH /Groups/{id}', status: 429 },
    ]);
    expect(events.every((e) => typeof e.durationMs === 'number' && e.durationMs >= 0)).toBe(true);
  });

  it('a throwing hook does not fail the request', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Users/u1`).reply(200, user);
    const client = testClient({}, { onRequest: () => { throw new Error('metrics down'); } });
    expect((await client.getUser('u1')).id).toBe('u1');
    expect(client.logs()).toMatch(/onRequest hook threw/);
  });
});
