/**
 * Throughput of the IDaaS emulator (and the SCIM client driving it) at benchmark scale:
 * 100k users, 1k groups. Run: `npx tsx bench/idaas-emulator.ts [users=100000] [concurrency=8]`.
 * Prints figures; asserts nothing (DESIGN §9: performance is measured, not unit-tested).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import { SCHEMA_GROUP, SCHEMA_USER } from '../src/domain/scim.js';
import { Secret } from '../src/domain/secret.js';
import { startIdaasEmulator } from '../src/emulators/idaas/index.js';
import { silentLogger } from '../src/log/logger.js';
import { createScimClient } from '../src/scim/index.js';

const TOTAL = Number(process.argv[2] ?? 100_000);
const CONCURRENCY = Number(process.argv[3] ?? 8);
const VIA_HTTP = Math.min(10_000, TOTAL);
const GROUPS = 1_000;

const emu = await startIdaasEmulator();
const client = createScimClient(
  {
    scimBaseUrl: emu.url,
    bearerToken: new Secret(emu.token),
    requestsPerSecond: 10_000,
    concurrency: CONCURRENCY,
    timeoutMs: 60_000,
    updateMethod: 'put',
    membershipBatchSize: 100,
    customFieldNamespace: 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User',
    requireCustomFieldNamespace: true,
    passwordPolicy: { minLength: 8, lowercase: 1, uppercase: 1, digits: 1, special: 1 },
  },
  { logger: silentLogger() },
);
const limit = pLimit(CONCURRENCY);
const rows: [string, string][] = [];
const mb = () => `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB`;

async function timed<T>(label: string, n: number, unit: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  const s = (performance.now() - t0) / 1000;
  rows.push([label, `${s.toFixed(2)} s, ${Math.round(n / s).toLocaleString('en')} ${unit}/s, RSS ${mb()}`]);
  return out;
}

const body = (i: number) => ({
  schemas: [SCHEMA_USER, 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User'],
  userName: `bench.user${i}@example.com`,
  externalId: `00u${i}`,
  displayName: `Bench User ${i}`,
  name: { givenName: 'Bench', familyName: `User ${i}` },
  emails: [{ value: `bench.user${i}@example.com`, type: 'work', primary: true }],
  active: true,
  'urn:ietf:params:scim:schemas:extension:customfield:2.0:User': { user_address: `${i} Bench Street` },
});

/** A plain node:http POST with a keep-alive agent: what the emulator can take without got's overhead. */
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const rawPost = (path: string, payload: unknown) =>
  new Promise<number>((resolve, reject) => {
    const data = JSON.stringify(payload);
    const req = request(`${emu.url}${path}`, { method: 'POST', agent, headers: { authorization: `Bearer ${emu.token}`, 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(data);
  });
await timed(`POST /Users × ${VIA_HTTP} (plain node:http, concurrency ${CONCURRENCY}; then reset)`, VIA_HTTP, 'users', async () => {
  const statuses = await Promise.all(Array.from({ length: VIA_HTTP }, (_, i) => limit(() => rawPost('/Users', body(i)))));
  if (statuses.some((s) => s !== 201)) throw new Error('raw POST failed');
  emu.reset();
});
agent.destroy();

const ids: string[] = [];
await timed(`POST /Users × ${VIA_HTTP} (SCIM client, concurrency ${CONCURRENCY})`, VIA_HTTP, 'users', () =>
  Promise.all(Array.from({ length: VIA_HTTP }, (_, i) => limit(async () => ids.push((await client.createUser(body(i))).id)))),
);
await timed(`seed to ${TOTAL} users in-process (edit.createUser)`, TOTAL - VIA_HTTP, 'users', () => {
  for (let i = VIA_HTTP; i < TOTAL; i++) ids.push(emu.edit.createUser(body(i)).id);
  return Promise.resolve();
});
await timed(`list all ${TOTAL} users, pages of 100 (listUsers)`, TOTAL, 'users', async () => {
  let n = 0;
  for await (const page of client.listUsers()) n += page.length;
  if (n !== TOTAL) throw new Error(`listed ${n}`);
});
await timed(`findUsers(userName) × 2000 (index lookup)`, 2000, 'lookups', () =>
  Promise.all(Array.from({ length: 2000 }, (_, i) => limit(() => client.findUsers('userName', `BENCH.USER${(i * 37) % TOTAL}@example.com`)))),
);
await timed(`findUsers(externalId) × 2000`, 2000, 'lookups', () =>
  Promise.all(Array.from({ length: 2000 }, (_, i) => limit(() => client.findUsers('externalId', `00u${(i * 41) % TOTAL}`)))),
);
const groupIds: string[] = [];
await timed(`POST /Groups × ${GROUPS}`, GROUPS, 'groups', () =>
  Promise.all(Array.from({ length: GROUPS }, (_, i) => limit(async () => groupIds.push((await client.createGroup({ schemas: [SCHEMA_GROUP], displayName: `Bench Group ${i}`, members: [] })).id)))),
);
await timed(`membership: ${GROUPS} groups × 100 members (1 PATCH each)`, GROUPS * 100, 'memberships', () =>
  Promise.all(groupIds.map((g, gi) => limit(() => client.updateGroupMembers(g, { add: ids.slice(gi * 100, gi * 100 + 100).map((value) => ({ value })), remove: [] })))),
);
const big = groupIds[0]!;
await timed('one group to 10k members (100 PATCHes of 100)', 10_000, 'memberships', () =>
  client.updateGroupMembers(big, { add: ids.slice(0, 10_000).map((value) => ({ value })), remove: [] }),
);
await timed('GET /Groups/{id} with 10k members × 20', 20, 'reads', async () => {
  for (let i = 0; i < 20; i++) await client.getGroup(big);
});
await timed(`list all ${GROUPS} groups + GET each (reconcile read)`, GROUPS, 'groups', async () => {
  const all: string[] = [];
  for await (const page of client.listGroups()) all.push(...page.map((g) => g.id));
  await Promise.all(all.map((id) => limit(() => client.getGroup(id))));
});
await timed('full state() dump', TOTAL, 'users', () => Promise.resolve(emu.state()));

const snap = emu.counters.snapshot();
console.log(`IDaaS emulator benchmark — ${TOTAL} users, ${GROUPS} groups, concurrency ${CONCURRENCY}, Node ${process.version}`);
for (const [k, v] of rows) console.log(`  ${k.padEnd(64)} ${v}`);
console.log(`  SCIM requests ${snap.total.toLocaleString('en')}, TCP connections ${snap.connections}, peak served/s ${snap.maxPerSecond.served.toLocaleString('en')}`);
client.close();
await emu.close();
