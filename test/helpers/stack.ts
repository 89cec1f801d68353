import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { processors } from '../../jobs/index.js';
import { createAdapters } from '../../src/cli/adapters.js';
import { Runtime, type RuntimeOptions } from '../../src/cli/runtime.js';
import { operatorDeps } from '../../src/cli/operator-server.js';
import { OperatorMetrics } from '../../src/http/metrics.js';
import type { RoutePlugin } from '../../src/http/options.js';
import { buildServer, type OperatorServer } from '../../src/http/server.js';
import { Secret } from '../../src/domain/secret.js';
import type { Clock } from '../../src/domain/ports.js';
import { parseConfig } from '../../src/config/load.js';
import type { OisyncConfig } from '../../src/config/schema.js';
import type { DriftEntry } from '../../src/domain/drift.js';
import type { ScimGroup, ScimUser } from '../../src/domain/scim.js';
import { isFinalRun, newRunId, type RunRecord } from '../../src/domain/runs.js';
import { startIdaasEmulator, type IdaasEmulator, type IdaasEmulatorOptions } from '../../src/emulators/idaas/index.js';
import { demoOktaSeedFile, startOktaEmulator, type OktaEmulator, type OktaEmulatorOptions } from '../../src/emulators/okta/index.js';
import { silentLogger, type AppLogger } from '../../src/log/logger.js';
import { jobId } from '../../src/queue/catalogue.js';
import { deletePrefix, newRedis, testRedisUrl, uniquePrefix } from './redis.js';
import { FAKE_ADMIN_TOKEN, tempDir } from './config.js';

export interface StackOptions {
  okta?: OktaEmulatorOptions;
  idaas?: IdaasEmulatorOptions;
  /** Extra YAML appended to the generated config (top-level sections). */
  configYaml?: string;
  /** Replace the `provisioning:` section. */
  provisioning?: string;
  safety?: string;
  groups?: string;
  /** Another Redis than the shared test one (e.g. a private one a test restarts). */
  redisUrl?: string;
  /** `idaas.requestsPerSecond` (default 1000, i.e. out of the way). */
  requestsPerSecond?: number;
  /** `idaas.concurrency` (default 8). */
  concurrency?: number;
  /** Extra lines inside the `okta:` section (indented two spaces). */
  oktaYaml?: string;
  /** Extra lines inside the `idaas:` section. */
  idaasYaml?: string;
  /** Extra lines inside the `queue:` section. */
  queueYaml?: string;
  logger?: AppLogger;
  mappingFile?: string;
}

export interface OperatorServerTestOptions {
  adminToken?: string;
  metrics?: OperatorMetrics;
  plugins?: readonly RoutePlugin[];
  clock?: Clock;
  /** Wrap the state store (e.g. to add a drift-report reader). */
  state?: (store: Parameters<typeof buildServer>[0]['state']) => Parameters<typeof buildServer>[0]['state'];
}

/**
 * Both emulators, a config pointing at them, and a runtime with a private Redis prefix:
 * everything a test needs to run the real engine over real HTTP and a real Redis.
 */
export class Stack {
  private constructor(
    readonly okta: OktaEmulator,
    readonly idaas: IdaasEmulator,
    readonly config: OisyncConfig,
    readonly prefix: string,
    readonly dir: string,
    readonly logger: AppLogger,
  ) {}

  static async start(opts: StackOptions = {}): Promise<Stack> {
    const generated = opts.okta?.users !== undefined || opts.okta?.org !== undefined;
    const okta = await startOktaEmulator({ ...(generated ? {} : { seedFile: demoOktaSeedFile() }), rateLimit: false, ...opts.okta });
    const idaas = await startIdaasEmulator({ ...opts.idaas });
    const prefix = uniquePrefix('stack');
    const dir = tempDir();
    const yaml = [
      'okta:',
      `  orgUrl: ${okta.url}`,
      `  apiToken: \${OKTA_TOKEN}`,
      `  appId: ${okta.appId}`,
      `  groups: ${opts.groups ?? '[{ name: Engineering }, { name: Sales }, { pattern: "^idaas-" }]'}`,
      '  requestsPerMinute: 100000',
      opts.oktaYaml ?? '',
      'idaas:',
      `  scimBaseUrl: ${idaas.url}`,
      `  bearerToken: \${IDAAS_TOKEN}`,
      `  requestsPerSecond: ${opts.requestsPerSecond ?? 1000}`,
      `  concurrency: ${opts.concurrency ?? 8}`,
      opts.idaasYaml ?? '',
      `mapping: ${opts.mappingFile ?? resolve('config/mapping.yaml')}`,
      opts.provisioning ?? '',
      opts.safety ?? '',
      'redis:',
      `  url: ${opts.redisUrl ?? testRedisUrl()}`,
      `  prefix: ${prefix}`,
      'queue:',
      '  backoffMs: 100',
      '  lockDurationMs: 5000',
      '  stalledIntervalMs: 1000',
      '  shutdownGraceMs: 2000',
      opts.queueYaml ?? '',
      opts.configYaml ?? '',
    ].join('\n');
    const file = join(dir, 'oisync.yaml');
    writeFileSync(file, yaml);
    const config = parseConfig(file, yaml, { OKTA_TOKEN: okta.token, IDAAS_TOKEN: idaas.token });
    return new Stack(okta, idaas, config, prefix, dir, opts.logger ?? silentLogger());
  }

  /** Arguments and environment for running the CLI against this stack. */
  cli(): { args: string[]; env: NodeJS.ProcessEnv } {
    return { args: ['--config', join(this.dir, 'oisync.yaml')], env: { OKTA_TOKEN: this.okta.token, IDAAS_TOKEN: this.idaas.token, USER: 'tester' } };
  }

  /** A runtime (Redis, queues, adapters) on this stack's config; metrics hooks optional. */
  async runtime(hooks: Pick<RuntimeOptions, 'onScimRequest' | 'onOutcome' | 'clock'> = {}): Promise<Runtime> {
    return Runtime.open({ config: this.config, logger: this.logger, persistent: true, adapters: createAdapters, processors, ...hooks });
  }

  /**
   * The operator HTTP server over a runtime of this stack, built exactly as the daemon builds
   * it but not listening (use `app.inject`, or `listen`). The admin token is FAKE_ADMIN_TOKEN
   * unless given.
   */
  async server(rt: Runtime, opts: OperatorServerTestOptions = {}): Promise<OperatorServer> {
    const deps = operatorDeps(rt, {
      metrics: opts.metrics ?? new OperatorMetrics({ version: 'test' }),
      logger: this.logger,
      adminToken: { token: new Secret(opts.adminToken ?? FAKE_ADMIN_TOKEN), generated: false },
      probeIntervalMs: 0,
      ...(opts.plugins ? { plugins: opts.plugins } : {}),
    });
    return buildServer({ ...deps, ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.state ? { state: opts.state(deps.state) } : {}) });
  }

  /** Enqueue a full sync and wait for it to end (workers must run somewhere). */
  async sync(rt: Runtime, opts: { dryRun?: boolean; timeoutMs?: number } = {}): Promise<RunRecord> {
    return this.run(rt, 'full-sync', opts);
  }

  /** Enqueue a reconcile and wait for it to end. */
  async reconcile(rt: Runtime, opts: { dryRun?: boolean; timeoutMs?: number } = {}): Promise<RunRecord> {
    return this.run(rt, 'reconcile', opts);
  }

  private async run(rt: Runtime, name: 'full-sync' | 'reconcile', opts: { dryRun?: boolean; timeoutMs?: number }): Promise<RunRecord> {
    const runId = newRunId(new Date(), randomBytes(3).toString('hex'));
    await rt.queues.add({ name, jobId: jobId(name, runId), data: { runId, dryRun: opts.dryRun === true, trigger: 'test' } });
    return this.waitForRun(rt, runId, opts.timeoutMs);
  }

  /** The Okta user id of a login. */
  oktaId(login: string): string {
    return this.okta.org.findUser(login).id;
  }

  /** An IDaaS user as the emulator holds it now, by userName. */
  idaasUser(userName: string): ScimUser | undefined {
    return this.idaas.state().users.find((u) => u.userName === userName);
  }

  /** An IDaaS group with its members (userNames, sorted), by display name. */
  idaasGroup(displayName: string): (ScimGroup & { memberNames: string[] }) | undefined {
    const st = this.idaas.state();
    const g = st.groups.find((x) => x.displayName === displayName);
    if (!g) return undefined;
    const names = (g.members ?? []).map((m) => st.users.find((u) => u.id === m.value)?.userName ?? m.value).sort();
    return { ...g, memberNames: names };
  }

  /** SCIM writes the IDaaS emulator received (everything but GET), by route. */
  writes(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [route, n] of Object.entries(this.idaas.counters.snapshot().byRoute)) if (!route.startsWith('GET ')) out[route] = n;
    return out;
  }

  /** Delete every state key of this stack's prefix (links, runs, flags, cursors), keeping the queues. */
  async flushState(): Promise<void> {
    const redis = newRedis();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `{${this.prefix}}:state:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }

  async waitForRun(rt: Runtime, runId: string, timeoutMs = 60_000): Promise<RunRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await rt.state.getRun(runId);
      if (run && isFinalRun(run)) return run;
      if (Date.now() > deadline) throw new Error(`run ${runId} did not finish in ${timeoutMs} ms (last: ${JSON.stringify(run)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.okta.close(), this.idaas.close()]);
    if (this.config.redis.url !== testRedisUrl()) return;
    const redis = newRedis();
    await deletePrefix(redis, this.prefix);
    redis.disconnect();
  }
}

export function randomSuffix(): string {
  return randomBytes(3).toString('hex');
}

export interface StackFixture {
  readonly stack: Stack;
  readonly rt: Runtime;
  /** Close the runtime (workers too), run `whileDown`, and open a new one: a daemon restart. */
  restart(whileDown?: () => void | Promise<void>): Promise<void>;
}

/**
 * A stack with a runtime and in-process workers for one describe block, started in beforeAll
 * (after a first full sync unless `sync: false`) and closed in afterAll.
 */
export function useStack(opts: StackOptions = {}, setup: { sync?: boolean } = {}): StackFixture {
  let stack: Stack | undefined;
  let rt: Runtime | undefined;
  const open = async (s: Stack): Promise<Runtime> => {
    const r = await s.runtime();
    r.startWorkers(['control', 'push']);
    return r;
  };
  beforeAll(async () => {
    stack = await Stack.start(opts);
    rt = await open(stack);
    if (setup.sync !== false) {
      const run = await stack.sync(rt);
      if (run.status !== 'succeeded') throw new Error(`the first full sync ended ${run.status}: ${JSON.stringify(await rt.state.getFailures(run.id))}`);
    }
  });
  afterAll(async () => {
    await rt?.close(1000);
    await stack?.close();
  });
  return {
    get stack(): Stack {
      if (!stack) throw new Error('the stack is not started (use it inside tests)');
      return stack;
    },
    get rt(): Runtime {
      if (!rt) throw new Error('the runtime is not open (use it inside tests)');
      return rt;
    },
    async restart(whileDown) {
      await rt?.close(1000);
      await whileDown?.();
      if (stack) rt = await open(stack);
    },
  };
}

/** Every entry of a run's drift report. */
export async function driftReport(rt: Runtime, run: RunRecord): Promise<DriftEntry[]> {
  return [...(await rt.state.getReport(run.id, 0, 100_000)).entries];
}
