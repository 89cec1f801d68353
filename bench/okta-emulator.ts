/**
 * Figures for the Okta emulator and the reader (docs/emulators.md quotes them):
 *   npx tsx bench/okta-emulator.ts [--users 100000] [--groups 1000] [--seed 1]
 * Generation time, start-up, paging all app users (expand=user, 500 per page) over raw HTTP,
 * the reader's full scope read (users + selected groups + their members), and peak RSS.
 * The emulator's budgets are huge and the reader's pacing is lifted: this measures our code.
 */
import { parseArgs } from 'node:util';
import { Secret } from '../src/domain/secret.js';
import { generateOrg } from '../src/emulators/okta/generate.js';
import { startOktaEmulator } from '../src/emulators/okta/index.js';
import { silentLogger } from '../src/log/logger.js';
import { createOktaReader } from '../src/okta/index.js';

const { values } = parseArgs({ options: { users: { type: 'string', default: '10000' }, groups: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } } });
const users = Number(values.users);
const groups = Number(values.groups);
const seed = Number(values.seed);

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const out = await fn();
  console.log(`${label.padEnd(52)} ${(performance.now() - t).toFixed(0).padStart(7)} ms   rss ${mb(process.memoryUsage().rss)}`);
  return out;
}

console.log(`Okta emulator figures: ${users} users, ${groups} groups, seed ${seed}, node ${process.version}`);
await timed('generate org (seed model only)', () => generateOrg({ users, groups, seed }));
const emu = await timed('start emulator (generate + index + listen)', () => startOktaEmulator({ users, groups, seed, rateLimit: { perMinute: 1_000_000_000 } }));
const assigned = emu.org.assignedUserIds().length;
console.log(`  assigned users: ${assigned}`);

await timed('raw HTTP: page all app users, expand=user, limit 500', async () => {
  let url: string | undefined = `${emu.url}/api/v1/apps/${emu.appId}/users?limit=500&expand=user`;
  let n = 0;
  let pages = 0;
  let bytes = 0;
  while (url) {
    const res: Response = await fetch(url, { headers: { authorization: `SSWS ${emu.token}` } });
    const text = await res.text();
    bytes += text.length;
    n += (JSON.parse(text) as unknown[]).length;
    pages++;
    url = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  console.log(`  ${n} app users in ${pages} pages, ${mb(bytes)} of JSON`);
});

const reader = createOktaReader(
  {
    orgUrl: emu.url,
    apiToken: new Secret(emu.token),
    appId: emu.appId,
    groups: [{ pattern: '^idaas-' }],
    requestsPerMinute: 1_000_000,
    requestTimeoutMs: 60_000,
    maxRetries: 2,
  },
  { logger: silentLogger() },
);
const read = reader.readScope();
await timed('reader: users() — all assigned users as records', async () => {
  let n = 0;
  for await (const page of read.users()) n += page.length;
  console.log(`  ${n} users`);
});
await timed('reader: groups() + groupMemberIds() of each selected', async () => {
  let g = 0;
  let m = 0;
  for await (const page of read.groups()) {
    for (const group of page) {
      g++;
      for await (const ids of read.groupMemberIds(group.id)) m += ids.length;
    }
  }
  console.log(`  ${g} groups, ${m} memberships`);
});
console.log(`  report: ${JSON.stringify(read.report())}`);
console.log(`  requests: ${reader.stats().requests}`);

await timed('admin: deactivate 100 users + readChanges', async () => {
  const start = await reader.readChanges(null);
  for (const id of emu.org.assignedUserIds().slice(0, 100)) {
    const u = emu.org.state.userById(id);
    if (u && u.status !== 'DEPROVISIONED') emu.org.deactivateUser({ user: id });
  }
  const batch = await reader.readChanges(start.nextCursor);
  console.log(`  ${batch.events} events, ${batch.dirtyUserIds.length} dirty users`);
});
clearInterval(sampler);
console.log(`peak RSS ${mb(peakRss)}`);
await emu.close();
