/**
 * "An Okta change reaches IDaaS within one polling interval plus queue time": measured.
 *   npx tsx bench/incremental-latency.ts [--interval 5] [--changes 12] [--backlog 0] [--latency-ms 0]
 * Starts both emulators (the demo org) and a runtime with workers on Redis (OISYNC_REDIS_URL or
 * redis://127.0.0.1:6379, a private prefix deleted at the end), runs a full sync, schedules the
 * System Log poll every --interval seconds (as the daemon does), then changes one user's
 * profile in Okta at random moments and times each change until IDaaS holds it. Splits each
 * figure into the wait for the next poll and the rest (Okta re-read, queue, SCIM write).
 * --backlog N first enqueues a full sync of N extra generated users on a slow IDaaS
 * (--latency-ms per request), to show incremental writes overtaking a long full sync's queue.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { processors } from '../jobs/index.js';
import { createAdapters } from '../src/cli/adapters.js';
import { Runtime } from '../src/cli/runtime.js';
import { parseConfig } from '../src/config/load.js';
import { newRunId } from '../src/domain/runs.js';
import { startIdaasEmulator } from '../src/emulators/idaas/index.js';
import { generateOrg } from '../src/emulators/okta/generate.js';
import { demoOktaSeedFile, startOktaEmulator } from '../src/emulators/okta/index.js';
import { silentLogger } from '../src/log/logger.js';
import { jobId } from '../src/queue/catalogue.js';
import { upsertSchedules } from '../src/queue/schedules.js';

const { values } = parseArgs({
  options: {
    interval: { type: 'string', default: '5' },
    changes: { type: 'string', default: '12' },
    backlog: { type: 'string', default: '0' },
    'latency-ms': { type: 'string', default: '0' },
  },
});
const interval = Number(values.interval);
const changes = Number(values.changes);
const backlog = Number(values.backlog);
const latencyMs = Number(values['latency-ms']);
const redisUrl = process.env['OISYNC_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

const okta = await startOktaEmulator(backlog > 0 ? { org: generateOrg({ users: backlog, groups: 20, seed: 7 }), rateLimit: false } : { seedFile: demoOktaSeedFile(), rateLimit: false });
const idaas = await startIdaasEmulator();
const prefix = `bench-incr-${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'oisync-bench-'));
const yaml = `okta:
  orgUrl: ${okta.url}
  apiToken: \${OKTA_TOKEN}
  appId: ${okta.appId}
  groups: [{ pattern: "^idaas-" }]
  requestsPerMinute: 100000
idaas:
  scimBaseUrl: ${idaas.url}
  bearerToken: \${IDAAS_TOKEN}
  requestsPerSecond: 1000
  concurrency: 8
mapping: ${resolve('config/mapping.yaml')}
schedule:
  fullSync: "off"
  reconcile: "off"
  incrementalSeconds: ${interval}
redis:
  url: ${redisUrl}
  prefix: ${prefix}
queue:
  backoffMs: 200
`;
writeFileSync(join(dir, 'oisync.yaml'), yaml);
const config = parseConfig(join(dir, 'oisync.yaml'), yaml, { OKTA_TOKEN: okta.token, IDAAS_TOKEN: idaas.token });
const rt = await Runtime.open({ config, logger: silentLogger(), persistent: true, adapters: createAdapters, processors });
rt.startWorkers(['control', 'push']);

async function fullSync(): Promise<string> {
  const runId = newRunId(new Date(), randomBytes(3).toString('hex'));
  await rt.queues.add({ name: 'full-sync', jobId: jobId('full-sync', runId), data: { runId, dryRun: false, trigger: 'bench' } });
  return runId;
}
async function until(done: () => boolean | Promise<boolean>, pollMs = 10): Promise<void> {
  while (!(await done())) await new Promise((r) => setTimeout(r, pollMs));
}
const familyName = (login: string): string | undefined => idaas.state().users.find((u) => u.userName === login)?.name?.familyName;

const first = await fullSync();
await until(async () => ['succeeded', 'failed', 'held'].includes((await rt.state.getRun(first))?.status ?? ''), 100);
const assigned = okta.org.assignedUserIds().map((id) => okta.org.findUser(id)).filter((u) => u.status === 'ACTIVE');
console.log(`incremental latency: poll every ${interval}s, ${changes} changes, ${assigned.length} active users in scope${backlog ? `, during a full sync (${latencyMs} ms per IDaaS request)` : ''}, node ${process.version}`);
if (backlog > 0) {
  // An empty IDaaS that answers slowly and no links: the next full sync creates everyone again,
  // a long backlog in the push queue (and no System Log events, which would muddle the figures).
  idaas.reset();
  idaas.faults.set({ latencyMs });
  const redis = new Redis(redisUrl);
  await redis.del(`{${prefix}}:state:links:users`, `{${prefix}}:state:links:groups`);
  redis.disconnect();
  const bulk = await fullSync();
  await until(async () => ((await rt.state.getRun(bulk))?.planned ?? 0) >= assigned.length, 50);
  console.log(`  full sync ${bulk} is creating ${assigned.length} users`);
}
await upsertSchedules(rt.queues, rt.config.schedule, silentLogger());

const totals: number[] = [];
const waits: number[] = [];
for (let i = 0; i < changes; i++) {
  await new Promise((r) => setTimeout(r, Math.random() * interval * 1000));
  const user = assigned[i % assigned.length];
  if (!user) break;
  const login = String(user.profile['login']);
  const name = `Bench${i}${randomBytes(2).toString('hex')}`;
  const t0 = Date.now();
  okta.org.updateUserProfile({ user: user.id, profile: { lastName: name } });
  await until(() => familyName(login) === name);
  const total = Date.now() - t0;
  const pass = (await rt.state.listRuns(50, 'incremental')).filter((r) => Date.parse(r.startedAt) >= t0).at(-1);
  const wait = pass ? Date.parse(pass.startedAt) - t0 : NaN;
  totals.push(total);
  waits.push(wait);
  console.log(`  change ${String(i + 1).padStart(2)}: ${String(total).padStart(6)} ms  (waiting for the poll ${String(wait).padStart(5)} ms, then re-read + queue + write ${String(total - wait).padStart(5)} ms)`);
}
const sorted = [...totals].sort((a, b) => a - b);
const q = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const after = totals.map((t, i) => t - (waits[i] ?? 0)).sort((a, b) => a - b);
console.log(`total  min ${sorted[0]} ms, median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${sorted.at(-1)} ms  (interval ${interval * 1000} ms)`);
console.log(`after the poll started: median ${after[Math.floor(after.length / 2)]} ms, max ${after.at(-1)} ms`);
if (backlog > 0) {
  const counts = await rt.queues.byName.push.getJobCounts('waiting', 'active');
  console.log(`push queue still holding ${counts['waiting'] ?? 0} waiting jobs of the full sync when the last change landed`);
}

await rt.queues.byName.control.removeJobScheduler('incremental');
await rt.close(2000);
await Promise.all([okta.close(), idaas.close()]);
const redis = new Redis(redisUrl);
for (const pattern of [`{${prefix}}*`]) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}
redis.disconnect();
