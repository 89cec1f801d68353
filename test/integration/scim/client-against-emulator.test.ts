/**
 * The SCIM client and the emulator together, over HTTP: dry run sends no writes, faults are
 * classified with their Retry-After, discovery fails fast on a namespace mismatch, and the
 * request counts are what the design promises.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TransientError } from '../../../src/domain/errors.js';
import { SCHEMA_GROUP, SCHEMA_USER } from '../../../src/domain/scim.js';
import { Secret } from '../../../src/domain/secret.js';
import { startIdaasEmulator, type IdaasEmulator, type IdaasEmulatorOptions } from '../../../src/emulators/idaas/index.js';
import { createScimClient, type CreateScimClientDeps, type IdaasConfig, type ScimTarget } from '../../../src/scim/index.js';
import { captureLogger, idaasConfig, pages, rejection } from '../../helpers/scim-client.js';

let emu: IdaasEmulator | undefined;
let client: ScimTarget | undefined;
afterEach(async () => {
  client?.close();
  await emu?.close();
  emu = undefined;
  client = undefined;
});

async function setup(emuOpts: IdaasEmulatorOptions = {}, config: Partial<IdaasConfig> = {}, deps: Partial<CreateScimClientDeps> = {}) {
  emu = await startIdaasEmulator(emuOpts);
  const cap = captureLogger();
  client = createScimClient(idaasConfig({ scimBaseUrl: emu.url, bearerToken: new Secret(emu.token), ...config }), { logger: cap.logger, ...deps });
  return { emu, client, logs: cap.text };
}

const user = (n: number) => ({ schemas: [SCHEMA_USER], userName: `u${n}@example.com`, externalId: `00u${n}`, active: true, password: 'Str0ng!Pass' });

describe('dry run against the emulator', () => {
  it('reads reach IDaaS, writes do not: the emulator sees only GETs and holds nothing new', async () => {
    const { emu, client } = await setup({}, {}, { dryRun: true });
    emu.edit.createUser({ userName: 'existing@example.com' });
    expect((await client.findUsers('userName', 'EXISTING@example.com')).length).toBe(1);
    const created = await client.createUser(user(1));
    const g = await client.createGroup({ schemas: [SCHEMA_GROUP], displayName: 'Dry', members: [] });
    await client.updateGroupMembers(g.id, { add: [{ value: created.id }], remove: [] });
    await client.patchUser(created.id, [{ op: 'replace', value: { active: false } }]);
    await client.deleteUser(created.id);
    const snap = emu.counters.snapshot();
    expect(Object.keys(snap.byRoute).every((r) => r.startsWith('GET '))).toBe(true);
    expect(snap.perSecond.reduce((n, b) => n + b.writes, 0)).toBe(0);
    expect(emu.state().users.map((u) => u.userName)).toEqual(['existing@example.com']);
    expect(emu.state().groups).toEqual([]);
    expect(client.recordedWrites().map((w) => w.route)).toEqual(['POST /Users', 'POST /Groups', 'PATCH /Groups/{id}', 'PATCH /Users/{id}', 'DELETE /Users/{id}']);
  });
});

describe('faults seen through the client', () => {
  it('429 from the rate cap is a TransientError with Retry-After 1 s', async () => {
    const { emu, client } = await setup({ faults: { maxRequestsPerSecond: 1 } });
    emu.edit.createUser({ userName: 'a@example.com' });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => client.findUsers('userName', 'a@example.com')));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as TransientError);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f).toBeInstanceOf(TransientError);
      expect(f.status).toBe(429);
      expect(f.retryAfterMs).toBe(1000);
    }
  });

  it('injected 503 + Retry-After (HTTP-date) is a TransientError with a positive wait; nothing was written', async () => {
    const { emu, client } = await setup({ faults: { errorRate: 1, retryAfterSeconds: 120, retryAfterFormat: 'http-date' } });
    const err = (await rejection(client.createUser(user(2)))) as TransientError;
    expect(err).toBeInstanceOf(TransientError);
    expect(err.status).toBe(503);
    expect(err.retryAfterMs).toBeGreaterThan(60_000);
    expect(emu.state().users).toEqual([]);
  });

  it('a listing that hits a fault mid-way throws (the read is incomplete), after yielding the pages it got', async () => {
    const { emu, client } = await setup();
    for (let i = 0; i < 150; i++) emu.edit.createUser({ userName: `p${i}@example.com` });
    emu.faults.set({ throttleEvery: 2 });
    const seen: number[] = [];
    const err = await rejection(
      (async () => {
        for await (const page of client.listUsers()) seen.push(page.length);
      })(),
    );
    expect(err).toBeInstanceOf(TransientError);
    expect(seen).toEqual([100]);
  });
});

describe('discovery against the emulator', () => {
  it('passes when the namespaces agree', async () => {
    const { client } = await setup();
    const caps = await client.capabilities();
    expect(caps).toMatchObject({ patch: true, filter: true, filterMaxResults: 100, etag: true, bulk: false });
  });

  it('fails fast with SCIM_DISCOVERY when the tenant has another custom field namespace', async () => {
    const { client } = await setup({ customFieldNamespace: 'urn:ietf:params:scim:schemas:extension:acme:2.0:User' });
    const err = await rejection(client.capabilities());
    expect(err.code).toBe('SCIM_DISCOVERY');
  });

  it('a wrong token is SCIM_UNAUTHORIZED on the first real call (discovery is public on IDaaS)', async () => {
    const { client } = await setup({}, { bearerToken: new Secret('definitely-not-the-token') });
    await client.capabilities();
    expect((await rejection(client.getUser('x'))).code).toBe('SCIM_UNAUTHORIZED');
  });
});

describe('request counts', () => {
  it('listing 250 users is 3 GETs; a membership delta of 230 at batch size 100 is 3 PATCHes', async () => {
    const { emu, client } = await setup({}, { membershipBatchSize: 100 });
    const ids: string[] = [];
    for (let i = 0; i < 250; i++) ids.push(emu.edit.createUser({ userName: `c${i}@example.com` }).id);
    emu.counters.reset();
    expect((await pages(client.listUsers())).flat()).toHaveLength(250);
    expect(emu.counters.count('GET /Users')).toBe(3);
    const g = await client.createGroup({ schemas: [SCHEMA_GROUP], displayName: 'Counted', members: [] });
    await client.updateGroupMembers(g.id, { add: ids.slice(0, 230).map((value) => ({ value })), remove: [] });
    expect(emu.counters.count('PATCH /Groups/{id}')).toBe(3);
    expect(emu.state().groups[0]!.members).toHaveLength(230);
  });

  it('keep-alive: 40 parallel requests go over at most idaas.concurrency sockets', async () => {
    const { emu, client } = await setup({}, { concurrency: 2 });
    emu.edit.createUser({ userName: 'k@example.com' });
    emu.counters.reset();
    await Promise.all(Array.from({ length: 40 }, () => client.findUsers('userName', 'k@example.com')));
    expect(emu.counters.count('GET /Users')).toBe(40);
    expect(emu.counters.snapshot().connections).toBeLessThanOrEqual(2);
  });
});
