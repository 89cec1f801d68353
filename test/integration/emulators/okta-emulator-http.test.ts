import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../../src/emulators/okta/index.js';
import { demoOktaSeedFile } from '../../../src/emulators/okta/demo-seed.js';

// The Okta emulator over real HTTP: Okta's shapes, paging, limits, errors and the admin API.

let emu: OktaEmulator;
const get = (path: string, token = emu.token): Promise<Response> => fetch(`${emu.url}${path}`, { headers: { authorization: `SSWS ${token}` } });
const admin = (action: string, body: unknown, token = emu.token): Promise<Response> =>
  fetch(`${emu.url}/__admin/${action}`, {
    method: 'POST',
    headers: { authorization: `SSWS ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

function nextLink(res: Response): string | undefined {
  return /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
}

async function pageAll(path: string): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let url: string | undefined = `${emu.url}${path}`;
  let pages = 0;
  while (url) {
    const res = await fetch(url, { headers: { authorization: `SSWS ${emu.token}` } });
    expect(res.status).toBe(200);
    items.push(...((await res.json()) as Record<string, unknown>[]));
    pages++;
    url = nextLink(res);
  }
  return { items, pages };
}

beforeAll(async () => {
  emu = await startOktaEmulator({ seedFile: demoOktaSeedFile(), rateLimit: { perMinute: { logs: 1000 } } });
});
afterAll(async () => {
  await emu.close();
});

describe('Okta emulator: auth, headers and error shape', () => {
  it('answers 401 E0000011 without the SSWS token, with rate-limit headers and Date', async () => {
    for (const headers of [{}, { authorization: 'SSWS wrong' }, { authorization: `Bearer ${emu.token}` }] as Record<string, string>[]) {
      const res = await fetch(`${emu.url}/api/v1/users`, { headers });
      expect(res.status).toBe(401);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ errorCode: 'E0000011', errorSummary: 'Invalid token provided', errorLink: 'E0000011', errorCauses: [] });
      expect(body['errorId']).toMatch(/^oae/);
      expect(res.headers.get('x-rate-limit-limit')).toMatch(/^\d+$/);
      expect(res.headers.get('date')).toBeTruthy();
    }
  });

  it('sends X-Rate-Limit-Limit/Remaining/Reset (epoch seconds) and Date on success', async () => {
    const res = await get('/api/v1/groups');
    expect(res.status).toBe(200);
    const reset = Number(res.headers.get('x-rate-limit-reset'));
    const date = Date.parse(res.headers.get('date') ?? '');
    expect(reset * 1000).toBeGreaterThan(date);
    expect(reset * 1000 - date).toBeLessThanOrEqual(60_000);
    expect(Number(res.headers.get('x-rate-limit-remaining'))).toBeLessThan(Number(res.headers.get('x-rate-limit-limit')));
  });

  const bad: [string, () => Promise<Response>, number, string, RegExp?][] = [
    ['a filter with a syntax error', () => get(`/api/v1/users?filter=${encodeURIComponent('status eq')}`), 400, 'E0000031', /expected a value/],
    ['a filter on an unsupported attribute', () => get(`/api/v1/users?filter=${encodeURIComponent('profile.department eq "IT"')}`), 400, 'E0000031', /not supported/],
    ['a group filter with a bad operator', () => get(`/api/v1/groups?filter=${encodeURIComponent('type sw "OKTA"')}`), 400, 'E0000031'],
    ['a log filter on published', () => get(`/api/v1/logs?filter=${encodeURIComponent('published gt "2024-01-01T00:00:00Z"')}`), 400, 'E0000031'],
    ['a non-numeric limit', () => get('/api/v1/users?limit=ten'), 400, 'E0000001', /limit/],
    ['a zero limit', () => get(`/api/v1/apps/${emu.appId}/users?limit=0`), 400, 'E0000001'],
    ['an unknown after cursor', () => get('/api/v1/users?after=00uNOPE'), 400, 'E0000001', /after/],
    ['a since the SDK would send for a Date object', () => get(`/api/v1/logs?since=${encodeURIComponent(new Date().toString())}`), 400, 'E0000001', /since/],
    ['a since older than 180 days', () => get('/api/v1/logs?since=2000-01-01T00:00:00Z'), 400, 'E0000001', /180 days/],
    ['an unknown user', () => get('/api/v1/users/00uDoesNotExist000001'), 404, 'E0000007', /User/],
    ['an unknown group', () => get('/api/v1/groups/00gDoesNotExist000001'), 404, 'E0000007', /UserGroup/],
    ['an unknown app', () => get('/api/v1/apps/0oaNope/users'), 404, 'E0000007', /AppInstance/],
    ['an unassigned app user', () => get(`/api/v1/apps/${emu.appId}/users/${emu.org.findUser('oliver.smith@acme.example').id}`), 404, 'E0000007', /AppUser/],
    ['an unknown endpoint', () => get('/api/v1/nothing'), 404, 'E0000007'],
    ['a wrong method', () => fetch(`${emu.url}/api/v1/users`, { method: 'DELETE', headers: { authorization: `SSWS ${emu.token}` } }), 405, 'E0000022'],
    ['a bad expand', () => get(`/api/v1/apps/${emu.appId}/users?expand=groups`), 400, 'E0000001'],
    ['a policy list without type', () => get('/api/v1/policies'), 400, 'E0000001', /type/],
    ['a malformed path escape', () => get('/api/v1/users/%E0%A4%A'), 400, 'E0000001'],
    ['malformed admin JSON', () => admin('deactivateUser', '{not json'), 400, 'E0000003'],
    ['an unknown admin action', () => admin('dropDatabase', {}), 404, 'E0000007', /actions: createUser/],
    ['admin arguments of the wrong shape', () => admin('deactivateUser', { user: 42 }), 400, 'E0000001', /user/],
    ['an admin call without the token', () => admin('deactivateUser', { user: 'x' }, 'wrong'), 401, 'E0000011'],
    ['an invalid lifecycle transition', () => admin('suspendUser', { user: 'amelie.dubois@acme.example' }), 400, 'E0000001', /DEPROVISIONED/],
  ];

  it.each(bad)('%s → Okta error shape', async (_name, call, status, code, cause) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { errorCode: string; errorSummary: string; errorLink: string; errorId: string; errorCauses: { errorSummary: string }[] };
    expect(body.errorCode).toBe(code);
    expect(body.errorLink).toBe(code);
    expect(body.errorSummary.length).toBeGreaterThan(5);
    expect(body.errorId).toMatch(/^oae[0-9A-Za-z]{17}$/);
    expect(Array.isArray(body.errorCauses)).toBe(true);
    if (cause) expect(`${body.errorSummary} ${body.errorCauses.map((c) => c.errorSummary).join(' ')}`).toMatch(cause);
  });
});

describe('Okta emulator: listings', () => {
  it('pages app users with absolute next links, each assigned user exactly once, with the user embedded', async () => {
    const { items, pages } = await pageAll(`/api/v1/apps/${emu.appId}/users?limit=5&expand=user`);
    expect(pages).toBe(Math.ceil(emu.org.assignedUserIds().length / 5));
    expect(items.map((i) => i['id'])).toEqual(emu.org.assignedUserIds());
    for (const item of items) {
      expect(item['_embedded']).toMatchObject({ user: { id: item['id'] } });
      expect(['USER', 'GROUP']).toContain(item['scope']);
    }
    const ngozi = items.find((i) => (i['credentials'] as { userName: string }).userName === 'ngozi.okafor@acme.example')!;
    expect(ngozi).toMatchObject({ scope: 'GROUP', _links: { group: { name: 'Contractors' } } });
    const zoe = items.find((i) => (i['credentials'] as { userName: string }).userName === 'zoe.muller@acme.example')!;
    expect(zoe['profile']).toMatchObject({ user_address: 'Musterstraße 12, 80331 München', givenName: 'Zoë' });
  });

  it('caps limit at the endpoint maximum (app users: 500, app groups: 200)', async () => {
    const res = await get(`/api/v1/apps/${emu.appId}/users?limit=100000`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(emu.org.assignedUserIds().length);
  });

  it('hides DEPROVISIONED users from the plain list, shows them with filter and search', async () => {
    const plain = await pageAll('/api/v1/users?limit=4');
    expect(plain.items.some((u) => u['status'] === 'DEPROVISIONED')).toBe(false);
    expect(plain.pages).toBeGreaterThan(1);
    const filtered = await pageAll(`/api/v1/users?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
    expect(filtered.items.map((u) => (u['profile'] as { login: string }).login)).toEqual(['amelie.dubois@acme.example']);
    const searched = await pageAll(`/api/v1/users?search=${encodeURIComponent('profile.department eq "Finance" and status eq "ACTIVE"')}`);
    expect(searched.items.length).toBeGreaterThanOrEqual(3);
  });

  it('sorts search results with sortBy/sortOrder and pages them', async () => {
    const expr = encodeURIComponent('profile.department eq "Engineering"');
    const { items, pages } = await pageAll(`/api/v1/users?search=${expr}&sortBy=profile.lastName&sortOrder=desc&limit=3`);
    const names = items.map((u) => String((u['profile'] as { lastName: string }).lastName).toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
    expect(items.length).toBeGreaterThan(3);
    expect(pages).toBe(Math.ceil(items.length / 3));
    expect((await get(`/api/v1/users?search=${expr}&sortBy=_links`)).status).toBe(400);
  });

  it('finds users by id and by login (case-insensitive)', async () => {
    const res = await get(`/api/v1/users/${encodeURIComponent('ZOE.Muller@acme.example')}`);
    const body = (await res.json()) as { id: string; profile: Record<string, unknown>; _links: { self: { href: string } } };
    expect(body.profile['lastName']).toBe('Müller');
    expect(body._links.self.href).toBe(`${emu.url}/api/v1/users/${body.id}`);
  });

  it('lists groups with q, filter and stats, and members per group', async () => {
    const q = (await (await get('/api/v1/groups?q=idaas-')).json()) as { profile: { name: string } }[];
    expect(q.map((g) => g.profile.name).sort()).toEqual(['idaas-Finance', 'idaas-Support']);
    const eng = emu.org.findGroup('Engineering');
    const one = (await (await get(`/api/v1/groups?filter=${encodeURIComponent(`id eq "${eng.id}"`)}&expand=stats`)).json()) as Record<string, unknown>[];
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ type: 'OKTA_GROUP', profile: { name: 'Engineering', costCenter: 'CC-100' }, _embedded: { stats: { usersCount: eng.members.length } } });
    const members = await pageAll(`/api/v1/groups/${eng.id}/users?limit=3`);
    expect(members.items).toHaveLength(eng.members.length);
    expect(members.pages).toBe(Math.ceil(eng.members.length / 3));
  });

  it('lists app groups with priority and app schema with user_address external name/namespace', async () => {
    const groups = (await (await get(`/api/v1/apps/${emu.appId}/groups`)).json()) as { id: string; priority: number }[];
    expect(groups.map((g) => g.priority)).toEqual([0, 1, 2]);
    const schema = (await (await get(`/api/v1/meta/schemas/apps/${emu.appId}/default`)).json()) as {
      definitions: { base: { properties: Record<string, unknown> }; custom: { properties: Record<string, unknown> } };
    };
    expect(schema.definitions.custom.properties['user_address']).toMatchObject({
      externalName: 'user_address',
      externalNamespace: 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User',
    });
    expect(schema.definitions.base.properties['userName']).toMatchObject({ externalNamespace: 'urn:ietf:params:scim:schemas:core:2.0:User' });
  });

  it('lists password policies by priority with complexity settings', async () => {
    const policies = (await (await get('/api/v1/policies?type=PASSWORD')).json()) as {
      name: string;
      system: boolean;
      settings: { password: { complexity: { minLength: number } } };
    }[];
    expect(policies.map((p) => [p.name, p.system, p.settings.password.complexity.minLength])).toEqual([
      ['Finance Password Policy', false, 12],
      ['Default Policy', true, 8],
    ]);
    expect(await (await get('/api/v1/policies?type=OKTA_SIGN_ON')).json()).toEqual([]);
  });
});

describe('Okta emulator: System Log', () => {
  it('polls with an always-present next link that resumes exactly after the last event', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const filter = encodeURIComponent('eventType eq "user.lifecycle.suspend" or eventType eq "user.lifecycle.unsuspend"');
    const first = await get(`/api/v1/logs?since=${since}&filter=${filter}&limit=1000`);
    const cursor0 = nextLink(first);
    expect(cursor0).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/logs\?/);
    expect(cursor0).not.toMatch(/since=/);

    await admin('suspendUser', { user: 'grace.hopper@acme.example' });
    await admin('updateUserProfile', { user: 'grace.hopper@acme.example', profile: { title: 'Chief Advisor' } }); // filtered out
    await admin('unsuspendUser', { user: 'grace.hopper@acme.example' });

    const page1 = await fetch(cursor0!, { headers: { authorization: `SSWS ${emu.token}` } });
    const events = (await page1.json()) as { eventType: string; target: { type: string; id: string }[] }[];
    expect(events.map((e) => e.eventType)).toEqual(['user.lifecycle.suspend', 'user.lifecycle.unsuspend']);
    expect(events[0]!.target).toEqual([expect.objectContaining({ type: 'User', id: emu.org.findUser('grace.hopper@acme.example').id })]);
    const cursor1 = nextLink(page1);
    expect(cursor1).toBeDefined();
    // nothing new: an empty page, and still a next link
    const page2 = await fetch(cursor1!, { headers: { authorization: `SSWS ${emu.token}` } });
    expect(await page2.json()).toEqual([]);
    expect(nextLink(page2)).toBeDefined();
    // re-reading a stored cursor gives the same events again
    const again = await fetch(cursor0!, { headers: { authorization: `SSWS ${emu.token}` } });
    expect(((await again.json()) as unknown[]).length).toBe(2);
  });

  it('ends a bounded query (until) without a next link', async () => {
    const until = new Date(Date.now() + 1000).toISOString();
    const since = new Date(Date.now() - 60_000).toISOString();
    const res = await get(`/api/v1/logs?since=${since}&until=${until}&limit=1000`);
    expect(res.status).toBe(200);
    expect(nextLink(res)).toBeUndefined();
  });
});

describe('Okta emulator: admin changes', () => {
  it('keeps a deactivated user in the app-user listing as DEPROVISIONED, drops an unassigned one', async () => {
    const appUsers = async () => (await pageAll(`/api/v1/apps/${emu.appId}/users?expand=user`)).items;
    const jose = emu.org.findUser('jose.garcia@acme.example');
    const before = jose.lastUpdated;
    expect((await admin('deactivateUser', { user: jose.id })).status).toBe(200);
    const listed = (await appUsers()).find((a) => a['id'] === jose.id)!;
    expect(listed).toMatchObject({ status: 'DEPROVISIONED', _embedded: { user: { status: 'DEPROVISIONED' } } });
    expect(Date.parse((listed['_embedded'] as { user: { lastUpdated: string } }).user.lastUpdated)).toBeGreaterThan(before);

    const res = await admin('unassignUser', { user: jose.id });
    const { events } = (await res.json()) as { events: { eventType: string; target: { type: string; id: string }[] }[] };
    expect(events.map((e) => e.eventType)).toEqual(['application.user_membership.remove']);
    expect(events[0]!.target.map((t) => t.type)).toEqual(['AppUser', 'AppInstance', 'User']);
    expect(events[0]!.target.find((t) => t.type === 'User')!.id).toBe(jose.id);
    expect((await appUsers()).some((a) => a['id'] === jose.id)).toBe(false);
  });

  it('moves lastMembershipUpdated on membership changes and grants the app through an assigned group', async () => {
    const support = emu.org.findGroup('idaas-Support');
    const before = support.lastMembershipUpdated;
    const res = await admin('addGroupMember', { group: 'idaas-Support', user: 'ava.jones@acme.example' });
    const { events } = (await res.json()) as { events: { eventType: string }[] };
    expect(events.map((e) => e.eventType)).toEqual(['group.user_membership.add', 'application.user_membership.add']);
    const group = (await (await get(`/api/v1/groups/${support.id}`)).json()) as { lastMembershipUpdated: string };
    expect(Date.parse(group.lastMembershipUpdated)).toBeGreaterThan(before);
    const au = (await (await get(`/api/v1/apps/${emu.appId}/users/${emu.org.findUser('ava.jones@acme.example').id}`)).json()) as Record<string, unknown>;
    expect(au).toMatchObject({ scope: 'GROUP', _links: { group: { name: 'idaas-Support' } } });
  });

  it('creates users and groups, renames groups, with the matching events', async () => {
    const g = (await (await admin('createGroup', { name: 'idaas-New' })).json()) as { id: string; events: { eventType: string }[] };
    expect(g.events.map((e) => e.eventType)).toEqual(['group.lifecycle.create']);
    const u = (await (
      await admin('createUser', {
        profile: { login: 'new.person@acme.example', email: 'new.person@acme.example', firstName: 'Néw', lastName: 'Pérson' },
        groups: ['idaas-New'],
        assign: true,
        appProfile: { user_address: 'x' },
      })
    ).json()) as { id: string; events: { eventType: string }[] };
    expect(u.events.map((e) => e.eventType)).toEqual([
      'user.lifecycle.create',
      'user.lifecycle.activate',
      'group.user_membership.add',
      'application.user_membership.add',
    ]);
    const renamed = (await (await admin('renameGroup', { group: g.id, name: 'idaas-Renamed' })).json()) as { events: { eventType: string }[] };
    expect(renamed.events.map((e) => e.eventType)).toEqual(['group.profile.update']);
    expect(emu.org.findGroup(g.id).profile['name']).toBe('idaas-Renamed');
  });
});

describe('Okta emulator: rate limits and faults', () => {
  it('answers 429 E0000047 once a bucket is spent, leaving other buckets alone', async () => {
    // a fixed clock: all calls fall into one window, wherever the test runs in the minute
    const small = await startOktaEmulator({ users: 10, groups: 2, rateLimit: { perMinute: { apps: 3 } }, clock: () => Date.UTC(2026, 0, 1, 0, 0, 30) });
    try {
      const call = () => fetch(`${small.url}/api/v1/apps/${small.appId}/users`, { headers: { authorization: `SSWS ${small.token}` } });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await call()).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const limited = await call();
      expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
      expect(((await limited.json()) as { errorCode: string }).errorCode).toBe('E0000047');
      const other = await fetch(`${small.url}/api/v1/users`, { headers: { authorization: `SSWS ${small.token}` } });
      expect(other.status).toBe(200);
      expect(small.requests().filter((r) => r.status === 429).map((r) => r.bucket)).toEqual(['apps', 'apps', 'apps']);
    } finally {
      await small.close();
    }
  });

  it('with rateLimit: false never refuses, but still counts remaining honestly', async () => {
    const open = await startOktaEmulator({ users: 5, groups: 1, rateLimit: false, clock: () => Date.UTC(2026, 0, 1, 0, 0, 30) });
    try {
      const remaining: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${open.url}/api/v1/apps/${open.appId}/users`, { headers: { authorization: `SSWS ${open.token}` } });
        expect(res.status).toBe(200);
        remaining.push(Number(res.headers.get('x-rate-limit-remaining')));
      }
      expect(remaining).toEqual([99, 98, 97]);
    } finally {
      await open.close();
    }
  });

  it('injects 5xx (JSON or HTML), dropped connections and 429s on chosen requests', async () => {
    emu.faults.add({ path: '/api/v1/groups', status: 503, times: 1 }, { path: '/api/v1/groups', status: 502, html: true, times: 1 });
    const a = await get('/api/v1/groups');
    expect(a.status).toBe(503);
    expect(((await a.json()) as { errorCode: string }).errorCode).toBe('E0000010');
    const b = await get('/api/v1/groups');
    expect(b.status).toBe(502);
    expect(await b.text()).toMatch(/<html>/);
    expect((await get('/api/v1/groups')).status).toBe(200);

    emu.faults.add({ path: '/api/v1/policies', drop: true });
    await expect(get('/api/v1/policies?type=PASSWORD')).rejects.toThrow();

    const res = await fetch(`${emu.url}/__admin/faults`, {
      method: 'POST',
      headers: { authorization: `SSWS ${emu.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/api/v1/users', status: 429, times: 1 }),
    });
    expect(res.status).toBe(200);
    const limited = await get('/api/v1/users');
    expect(limited.status).toBe(429);
    // reset is already due, so a client honouring it retries at once
    expect(Number(limited.headers.get('x-rate-limit-reset')) * 1000).toBeLessThan(Date.parse(limited.headers.get('date')!));
    expect(emu.requests().at(-1)).toMatchObject({ path: '/api/v1/users', status: 429, fault: 'status 429' });
  });

  it('releases its port on close', async () => {
    const a = await startOktaEmulator({ users: 1, groups: 0 });
    const port = Number(new URL(a.url).port);
    // an open keep-alive connection must not hold the port
    await fetch(`${a.url}/api/v1/users`, { headers: { authorization: `SSWS ${a.token}` } });
    await a.close();
    const b = await startOktaEmulator({ users: 1, groups: 0, port });
    expect(b.url).toBe(a.url);
    await b.close();
  });
});
