import okta from '@okta/okta-sdk-nodejs';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/domain/secret.js';
import { startOktaEmulator, type OktaEmulator } from '../../../src/emulators/okta/index.js';
import { oktaConfig, reader } from '../../helpers/okta.js';

// Paging under 429s, throttling under a small budget, and reads that do not finish — counted
// from the emulator's request log, never timed.

const started: OktaEmulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((e) => e.close()));
});
async function emulator(opts: Parameters<typeof startOktaEmulator>[0]): Promise<OktaEmulator> {
  const e = await startOktaEmulator(opts);
  started.push(e);
  return e;
}
const cfgFor = (emu: OktaEmulator) => oktaConfig({ orgUrl: emu.url, apiToken: new Secret(emu.token), appId: emu.appId });

async function readAllUsers(read: ReturnType<ReturnType<typeof reader>['readScope']>): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of read.users()) ids.push(...page.map((u) => u.id));
  return ids;
}

describe('reader paging under 429s', () => {
  it('reads every user exactly once across many pages with 429s in between', async () => {
    const emu = await emulator({ users: 600, groups: 30, seed: 3, maxPageSize: 25 });
    const appPath = `/api/v1/apps/${emu.appId}/users`;
    emu.faults.add({ path: appPath, status: 429, every: 3, times: 0 });
    const r = reader(cfgFor(emu));
    const read = r.readScope();
    const ids = await readAllUsers(read);
    expect(ids).toEqual(emu.org.assignedUserIds());
    expect(new Set(ids).size).toBe(ids.length);
    expect(read.report()).toEqual({ complete: true, problems: [] });
    const log = emu.requests().filter((q) => q.path === appPath);
    const limited = log.filter((q) => q.status === 429).length;
    expect(limited).toBeGreaterThan(3);
    expect(log.filter((q) => q.status === 200)).toHaveLength(Math.ceil(ids.length / 25));
    expect(r.stats()).toMatchObject({ rateLimited: limited, retries: limited });
    expect(log.every((q) => q.query.includes('limit=500') && q.query.includes('expand=user'))).toBe(true);
  });
});

describe('reader throttling', () => {
  it('stays under a small per-bucket budget by slowing down, where the bare SDK runs into 429s', async () => {
    // 3 requests per 1 s window; more than 2 × 3 pages, so a burst cannot fit into two windows
    const emu = await emulator({ users: 150, groups: 10, seed: 5, maxPageSize: 12, rateLimit: { perMinute: { apps: 3 }, windowMs: 1000 } });
    const appPath = `/api/v1/apps/${emu.appId}/users`;
    const r = reader(cfgFor(emu));
    const ids = await readAllUsers(r.readScope());
    const pages = Math.ceil(ids.length / 12);
    expect(pages).toBeGreaterThan(6);
    const ours = emu.requests().filter((q) => q.path === appPath);
    expect(ours.filter((q) => q.status === 429)).toEqual([]);
    expect(ours).toHaveLength(pages);
    // it saw the budget fall and waited (a counter, not a clock reading)
    expect(r.stats().throttledMs).toBeGreaterThan(0);
    expect(r.stats().buckets['apps']).toMatchObject({ limit: 3 });

    // the same listing through the SDK's default executor (no pacing) bursts into the limit
    emu.clearRequests();
    const sdk = new okta.Client({ orgUrl: emu.url, token: emu.token, cacheMiddleware: null, requestExecutor: new okta.DefaultRequestExecutor({ maxRetries: 0, requestTimeout: 0 }) });
    const burst = (async () => {
      for await (const _ of await sdk.applicationApi.listApplicationUsers({ appId: emu.appId, limit: 500 })) {
        /* drain */
      }
    })();
    await expect(burst).rejects.toMatchObject({ status: 429, errorCode: 'E0000047' });
    expect(emu.requests().filter((q) => q.status === 429).length).toBeGreaterThan(0);
  });
});

describe('reader: incomplete reads', () => {
  it('a listing that fails mid-way throws OKTA_TRANSIENT after retries and is reported incomplete', async () => {
    const emu = await emulator({ users: 100, groups: 5, seed: 9, maxPageSize: 10 });
    emu.faults.add({ path: `/api/v1/apps/${emu.appId}/users`, status: 500, skip: 2, times: 0 });
    const read = reader({ ...cfgFor(emu), maxRetries: 2 }).readScope();
    const ids: string[] = [];
    const err = await (async () => {
      for await (const page of read.users()) ids.push(...page.map((u) => u.id));
    })().catch((e: unknown) => e);
    expect(ids).toHaveLength(20);
    expect(err).toMatchObject({ code: 'OKTA_TRANSIENT', status: 500 });
    const report = read.report();
    expect(report.complete).toBe(false);
    expect(report.problems.join('\n')).toContain(`users: Okta GET /api/v1/apps/${emu.appId}/users answered 500`);
    // 2 good pages + the failing one tried 1 + 2 times
    expect(emu.requests().filter((q) => q.status === 500)).toHaveLength(3);
  });

  it('a member list that fails, or a caller that stops early, makes the read incomplete', async () => {
    const emu = await emulator({ users: 100, groups: 5, seed: 9, maxPageSize: 10 });
    const group = emu.org.state.allGroups().find((g) => g.members.length > 0)!;
    emu.faults.add({ path: `/api/v1/groups/${group.id}/users`, status: 503, times: 0 });
    const read = reader({ ...cfgFor(emu), maxRetries: 1 }).readScope();
    await readAllUsers(read);
    expect(read.report().complete).toBe(true);
    const members = (async () => {
      for await (const _ of read.groupMemberIds(group.id)) {
        /* drain */
      }
    })();
    await expect(members).rejects.toMatchObject({ code: 'OKTA_TRANSIENT' });
    expect(read.report().problems).toEqual([expect.stringMatching(new RegExp(`^members of group ${group.id}: Okta GET /api/v1/groups/${group.id}/users answered 503`))]);

    const read2 = reader(cfgFor(emu)).readScope();
    for await (const _ of read2.users()) break;
    expect(read2.report()).toEqual({
      complete: false,
      problems: ['users: the caller stopped reading before the last page', 'users: the listing of assigned users was not read to its end'],
    });
  });
});
