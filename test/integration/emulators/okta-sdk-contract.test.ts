import okta from '@okta/okta-sdk-nodejs';
import type { AppUser, LogEvent, User } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOktaEmulator, type OktaEmulator } from '../../../src/emulators/okta/index.js';
import { demoOktaSeedFile } from '../../../src/emulators/okta/demo-seed.js';

// The unmodified @okta/okta-sdk-nodejs 8.1 client against the emulator over real HTTP: if the
// SDK can page, retry 429s, keep custom attributes and poll the System Log here, code written
// against the emulator meets the same shapes on a real org.

let emu: OktaEmulator;
const client = (): InstanceType<typeof okta.Client> =>
  new okta.Client({ orgUrl: emu.url, token: emu.token, cacheMiddleware: null, requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 3, requestTimeout: 10_000 }) });

beforeAll(async () => {
  emu = await startOktaEmulator({ seedFile: demoOktaSeedFile(), maxPageSize: 4 });
});
afterAll(async () => {
  await emu.close();
});

async function collect<T>(c: AsyncIterable<T | null>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of c) if (x !== null) out.push(x);
  return out;
}

describe('@okta/okta-sdk-nodejs 8.1 against the emulator', () => {
  it('pages app users across several Link pages, with the user embedded and custom attributes intact', async () => {
    emu.clearRequests();
    const users = await collect<AppUser>(await client().applicationApi.listApplicationUsers({ appId: emu.appId, limit: 500, expand: 'user' }));
    const expected = emu.org.assignedUserIds();
    expect(users.map((u) => u.id)).toEqual(expected);
    const pages = emu.requests().filter((r) => r.path.endsWith('/users'));
    expect(pages).toHaveLength(Math.ceil(expected.length / 4));

    const zoe = users.find((u) => u.credentials?.userName === 'zoe.muller@acme.example')!;
    expect((zoe.profile as Record<string, unknown>)['user_address']).toBe('Musterstraße 12, 80331 München');
    expect(zoe.scope).toBe('USER');
    const embedded = (zoe._embedded as { user: { profile: Record<string, unknown> } }).user;
    expect(embedded.profile['postalAddress']).toBe('Musterstraße 12, 80331 München');
    expect(embedded.profile['workSite']).toBe('MUC');
    const viaGroup = users.find((u) => u.credentials?.userName === 'ngozi.okafor@acme.example')!;
    expect(viaGroup.scope).toBe('GROUP');
    expect((viaGroup._links as { group?: { name?: string } }).group?.name).toBe('Contractors');
  });

  it('keeps custom user profile attributes (UserProfile is extensible) and the null standard ones', async () => {
    const user: User = await client().userApi.getUser({ userId: 'li.lei@acme.example' });
    expect(user.profile?.['workSite']).toBe('HZ-1');
    expect(user.profile?.lastName).toBe('李');
    expect(user.lastUpdated).toBeInstanceOf(Date);
  });

  it('retries 429s itself (X-Rate-Limit-Reset and Date) and still reads every page', async () => {
    emu.clearRequests();
    emu.faults.add({ path: `/api/v1/apps/${emu.appId}/users`, status: 429, every: 2, times: 3 });
    const users = await collect<AppUser>(await client().applicationApi.listApplicationUsers({ appId: emu.appId, limit: 500 }));
    expect(users.map((u) => u.id)).toEqual(emu.org.assignedUserIds());
    const log = emu.requests().filter((r) => r.path.endsWith('/users'));
    expect(log.filter((r) => r.status === 429)).toHaveLength(3);
    expect(log.filter((r) => r.status === 200)).toHaveLength(Math.ceil(users.length / 4));
  });

  it('gives up after maxRetries with OktaApiError 429 E0000047', async () => {
    emu.faults.clear();
    emu.faults.add({ path: '/api/v1/groups', status: 429, times: 0 });
    try {
      const err = await collect(await client().groupApi.listGroups({})).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(okta.OktaApiError);
      expect(err).toMatchObject({ status: 429, errorCode: 'E0000047' });
    } finally {
      emu.faults.clear();
    }
  });

  it('polls the System Log: ISO since, events after a change, a next link kept for later', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    emu.org.suspendUser({ user: 'grace.hopper@acme.example' });
    emu.org.unsuspendUser({ user: 'grace.hopper@acme.example' });
    const coll = await client().systemLogApi.listLogEvents({ since, filter: 'eventType sw "user.lifecycle."', limit: 1000 });
    const events: LogEvent[] = [];
    // each() stops at the first empty page; for await would loop forever on a polling query
    await coll.each((e) => {
      events.push(e);
    });
    expect(events.map((e) => e.eventType)).toEqual(['user.lifecycle.suspend', 'user.lifecycle.unsuspend']);
    expect(events[0]!.published).toBeInstanceOf(Date);
    expect(coll.nextUri).toMatch(/\/api\/v1\/logs\?.*after=/);
  });

  it('reproduces the SDK trap: a Date passed as since is sent as Date#toString and rejected', async () => {
    const coll = await client().systemLogApi.listLogEvents({ since: new Date() as unknown as string });
    const err = await collect(coll).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, errorCode: 'E0000001' });
  });
});
