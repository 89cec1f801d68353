/**
 * `npm run bench` — the performance contract of DESIGN §9, measured:
 *
 *   1. the emulators run in a child process (`oisync emulate`), seeded with N users / G groups,
 *      IDaaS latency configurable;
 *   2. the daemon runs as a child process (`oisync worker`, compiled JS) — its peak RSS is read
 *      from /proc, so neither the emulators' data nor this harness counts against it;
 *   3. this process enqueues a full sync (initial migration), follows it, then a no-op re-sync;
 *   4. the ceiling: a plain keep-alive HTTP client sends the same number of SCIM requests at the
 *      same concurrency to the same emulator; our write phase is compared with it.
 *
 * Options: --users N (10000) --groups G (100) --latency MS (20) --concurrency C (8) --json
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { isFinalRun, newRunId, type RunRecord } from '../src/domain/runs.js';
import { parseConfig } from '../src/config/load.js';
import { jobId } from '../src/queue/catalogue.js';
import { Queues } from '../src/queue/queues.js';
import { dropPrefix } from '../src/state/drop-prefix.js';
import { bullConnection } from '../src/state/redis-connection.js';
import { RedisStateStore } from '../src/state/redis-state-store.js';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '10000' },
    groups: { type: 'string', default: '100' },
    latency: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '8' },
    redis: { type: 'string', default: process.env['OISYNC_REDIS_URL'] ?? 'redis://127.0.0.1:6379' },
    json: { type: 'boolean', default: false },
  },
});
const USERS = Number(args.users);
const GROUPS = Number(args.groups);
const LATENCY = Number(args.latency);
const CONCURRENCY = Number(args.concurrency);
const REDIS_URL = args.redis;
const CLI = resolve('dist/src/cli/main.js');
/** Same as NODE_OPTIONS in the Dockerfile. */
const DAEMON_HEAP_MB = 256;

interface EmulatorInfo {
  okta: { url: string; token: string; appId: string };
  idaas: { url: string; token: string };
}

function log(msg: string): void {
  if (!args.json) process.stderr.write(`${msg}\n`);
}

function startChild(argv: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, CLI, ...argv], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function startEmulators(): Promise<{ child: ChildProcess; info: EmulatorInfo }> {
  const child = startChild([
    '--json',
    'emulate',
    '--users',
    String(USERS),
    '--groups',
    String(GROUPS),
    '--idaas-latency-ms',
    String(LATENCY),
    '--no-okta-rate-limit',
  ]);
  const info = await new Promise<EmulatorInfo>((resolveInfo, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolveInfo(JSON.parse(line) as EmulatorInfo);
    });
    child.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
    child.once('exit', (code) => reject(new Error(`emulators exited with ${code}`)));
  });
  return { child, info };
}

/** Peak resident set size of a process, MB (VmHWM). */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function admin(info: EmulatorInfo, method: string, path: string): Promise<unknown> {
  const base = new URL(info.idaas.url);
  const res = await fetch(`${base.origin}/__admin/${path}`, { method, headers: { authorization: `Bearer ${info.idaas.token}` } });
  const text = await res.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

interface Counters {
  perSecond: { second: number; received: number }[];
  total: number;
  byRoute: Record<string, number>;
  maxPerSecond: { received: number };
}

async function follow(state: RedisStateStore, runId: string): Promise<RunRecord> {
  let last = 0;
  for (;;) {
    const run = await state.getRun(runId);
    if (run && isFinalRun(run)) return run;
    if (run && Date.now() - last > 5000) {
      log(`  ${run.phase}: ${run.done}/${run.planned}`);
      last = Date.now();
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function syncOnce(queues: Queues, state: RedisStateStore): Promise<{ run: RunRecord; seconds: number }> {
  const runId = newRunId(new Date(), randomBytes(3).toString('hex'));
  const t0 = performance.now();
  await queues.add({ name: 'full-sync', jobId: jobId('full-sync', runId), data: { runId, dryRun: false, trigger: 'bench' } });
  const run = await follow(state, runId);
  return { run, seconds: (performance.now() - t0) / 1000 };
}

/** The ceiling: `count` POST /Users from a plain keep-alive client at `concurrency`. */
async function plainClient(info: EmulatorInfo, count: number, concurrency: number): Promise<number> {
  const url = new URL(`${info.idaas.url}/Users`);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const one = (i: number): Promise<void> =>
    new Promise((resolveReq, reject) => {
      const body = JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `ceiling.${i}@bench.example`,
        externalId: `00uCeiling${i}`,
        name: { givenName: 'Ceiling', familyName: String(i) },
        emails: [{ value: `ceiling.${i}@bench.example`, type: 'work', primary: true }],
        active: true,
      });
      const req = request(
        url,
        { method: 'POST', agent, headers: { authorization: `Bearer ${info.idaas.token}`, 'content-type': 'application/scim+json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 201 ? resolveReq() : reject(new Error(`ceiling request got ${res.statusCode}`))));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await one(next++);
    }),
  );
  agent.destroy();
  return (performance.now() - t0) / 1000;
}

async function main(): Promise<void> {
  log(`bench: ${USERS} users, ${GROUPS} groups, IDaaS latency ${LATENCY} ms, concurrency ${CONCURRENCY}`);
  const { child: emulators, info } = await startEmulators();
  const prefix = `oisync-bench-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'oisync-bench-'));
  const configFile = join(dir, 'oisync.yaml');
  const yaml = [
    'okta:',
    `  orgUrl: ${info.okta.url}`,
    '  apiToken: ${OKTA_TOKEN}',
    `  appId: ${info.okta.appId}`,
    '  groups: [{ pattern: "." }]',
    '  requestsPerMinute: 100000',
    'idaas:',
    `  scimBaseUrl: ${info.idaas.url}`,
    '  bearerToken: ${IDAAS_TOKEN}',
    '  requestsPerSecond: 10000',
    `  concurrency: ${CONCURRENCY}`,
    `mapping: ${resolve('config/mapping.yaml')}`,
    'safety:',
    '  maxDestructive: { count: 1000000, percent: 100 }',
    'redis:',
    `  url: ${REDIS_URL}`,
    `  prefix: ${prefix}`,
    'log:',
    '  level: warn',
    '',
  ].join('\n');
  writeFileSync(configFile, yaml);
  const tokens = { OKTA_TOKEN: info.okta.token, IDAAS_TOKEN: info.idaas.token };
  // The harness's producer reads the same config the daemon does.
  const config = parseConfig(configFile, yaml, tokens);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const state = new RedisStateStore(redis, prefix);
  const queues = new Queues(bullConnection(config.redis.url), config.redis.prefix, config.queue);
  // The daemon runs as the Docker image runs it: a bounded heap (NODE_OPTIONS there), so its
  // RSS reflects what it keeps rather than how lazily V8 collects on a large machine.
  // BENCH_WORKER_NODE_ARGS replaces it, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" or "" (V8's default).
  const workerNodeArgs = (process.env['BENCH_WORKER_NODE_ARGS'] ?? `--max-old-space-size=${DAEMON_HEAP_MB}`).split(' ').filter(Boolean);
  const worker = startChild(['--config', configFile, 'worker'], tokens, workerNodeArgs);
  worker.stderr?.on('data', (d: Buffer) => process.stderr.write(d));
  worker.once('exit', (code) => {
    if (code !== 0 && code !== null) {
      process.stderr.write(`the worker exited with ${code}\n`);
      process.exit(1);
    }
  });
  try {
    for (let i = 0; i < 200 && (await queues.workerCount()).push === 0; i++) await new Promise((r) => setTimeout(r, 100));

    log('initial migration ...');
    await admin(info, 'DELETE', 'counters');
    const first = await syncOnce(queues, state);
    const c1 = (await admin(info, 'GET', 'counters')) as Counters;
    if (process.env['BENCH_DEBUG']) log(`per second: ${c1.perSecond.map((b) => b.received).join(' ')}`);
    log('no-op re-sync ...');
    await admin(info, 'DELETE', 'counters');
    const second = await syncOnce(queues, state);
    const c2 = (await admin(info, 'GET', 'counters')) as Counters;
    const rssMb = peakRssMb(worker.pid ?? 0);

    const created = (first.run.counts['user.created'] ?? 0) + (first.run.counts['group.created'] ?? 0);
    const usersCreated = first.run.counts['user.created'] ?? 0;
    const userRequests = (c1.byRoute['POST /Users'] ?? 0) + (c1.byRoute['GET /Users'] ?? 0);
    const writes2 = Object.entries(c2.byRoute)
      .filter(([r]) => !r.startsWith('GET '))
      .reduce((n, [, v]) => n + v, 0);

    log(`ceiling: ${c1.total} plain requests at concurrency ${CONCURRENCY} ...`);
    await admin(info, 'DELETE', 'counters');
    const ceilingSeconds = await plainClient(info, c1.total, CONCURRENCY);

    const result = {
      users: USERS,
      groups: GROUPS,
      inScopeUsers: first.run.planned - (first.run.counts['plan.group.create'] ?? 0),
      latencyMs: LATENCY,
      concurrency: CONCURRENCY,
      initial: {
        status: first.run.status,
        seconds: round(first.seconds),
        recordsPerSecond: round(first.run.planned / first.seconds),
        created,
        scimRequests: c1.total,
        requestsPerChangedRecord: round(c1.total / Math.max(created, 1), 3),
        requestsPerCreatedUser: round(userRequests / Math.max(usersCreated, 1), 3),
        maxRequestsPerSecond: c1.maxPerSecond.received,
      },
      ceiling: { requests: c1.total, seconds: round(ceilingSeconds), ratio: round(ceilingSeconds / first.seconds, 3) },
      noop: { status: second.run.status, seconds: round(second.seconds), writes: writes2, scimRequests: c2.total },
      peakRssMb: rssMb,
    };
    if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const r = result;
      process.stdout.write(
        [
          '',
          `users in Okta ${r.users} (in scope ${r.inScopeUsers}), groups ${r.groups}, IDaaS latency ${r.latencyMs} ms, concurrency ${r.concurrency}`,
          `initial migration   ${r.initial.status} in ${r.initial.seconds}s — ${r.initial.recordsPerSecond} records/s, ${r.initial.created} created`,
          `SCIM requests       ${r.initial.scimRequests} total; ${r.initial.requestsPerChangedRecord} per changed record; ${r.initial.requestsPerCreatedUser} per created user (target ≤ 1.05; Okta's connector: 2)`,
          `ceiling             plain client, same ${r.ceiling.requests} requests, concurrency ${r.concurrency}: ${r.ceiling.seconds}s → our ratio ${r.ceiling.ratio} (target ≥ 0.9)`,
          `no-op re-sync       ${r.noop.status} in ${r.noop.seconds}s, ${r.noop.writes} writes (target 0), ${r.noop.scimRequests} SCIM requests`,
          `peak RSS (daemon)   ${r.peakRssMb} MB (daemon node args: ${workerNodeArgs.join(' ') || 'none'})`,
          '',
        ].join('\n'),
      );
    }
  } finally {
    worker.kill('SIGTERM');
    emulators.kill('SIGTERM');
    await queues.close();
    await dropPrefix(redis, prefix);
    redis.disconnect();
  }
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

await main();
