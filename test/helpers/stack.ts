import { randomBytes } from 'node:crypto';
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
import type { RunRecord } from '../../src/domain/runs.js';
import { newRunId } from '../../src/domain/runs.js';
import { startIdaasEmulator, type IdaasEmulator, type IdaasEmulatorOptions } from '../../src/emulators/idaas/index.js';
import { demoOktaSeedFile, startOktaEmulator, type OktaEmulator, type OktaEmulatorOptions } from '../../src/emulators/okta/index.js';
import { silentLogger, type AppLogger } from '../../src/log/logger.js';
import { jobId } from '../../src/queue/catalogue.js';
import { FINAL_STATUSES } from '../../src/cli/follow-run.js';
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
  logger?: AppLogger;
  mappingFile?: string;
  /** Extra lines inside the `idaas:` section, indented two spaces (e.g. `  passwordPolicy: { special: 0 }`). */
  idaasYaml?: string;
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
    const okta = await startOktaEmulator({ seedFile: demoOktaSeedFile(), rateLimit: false, ...opts.okta });
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
      'idaas:',
      `  scimBaseUrl: ${idaas.url}`,
      `  bearerToken: \${IDAAS_TOKEN}`,
      '  requestsPerSecond: 1000',
      '  concurrency: 8',
      opts.idaasYaml ?? '',
      `mapping: ${opts.mappingFile ?? resolve('config/mapping.yaml')}`,
      opts.provisioning ?? '',
      opts.safety ?? '',
      'redis:',
      `  url: ${testRedisUrl()}`,
      `  prefix: ${prefix}`,
      'queue:',
      '  backoffMs: 100',
      '  lockDurationMs: 5000',
      '  stalledIntervalMs: 1000',
      '  shutdownGraceMs: 2000',
      opts.configYaml ?? '',
    ].join('\n');
    const file = join(dir, 'oisync.yaml');
    writeFileSync(file, yaml);
    const config = parseConfig(file, yaml, { OKTA_TOKEN: okta.token, IDAAS_TOKEN: idaas.token });
    return new Stack(okta, idaas, config, prefix, dir, opts.logger ?? silentLogger());
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
    const runId = newRunId(new Date(), randomBytes(3).toString('hex'));
    await rt.queues.add({ name: 'full-sync', jobId: jobId('full-sync', runId), data: { runId, dryRun: opts.dryRun === true, trigger: 'test' } });
    return this.waitForRun(rt, runId, opts.timeoutMs);
  }

  async waitForRun(rt: Runtime, runId: string, timeoutMs = 60_000): Promise<RunRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await rt.state.getRun(runId);
      if (run && FINAL_STATUSES.includes(run.status)) return run;
      if (Date.now() > deadline) throw new Error(`run ${runId} did not finish in ${timeoutMs} ms (last: ${JSON.stringify(run)})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.okta.close(), this.idaas.close()]);
    const redis = newRedis();
    await deletePrefix(redis, this.prefix);
    redis.disconnect();
  }
}

export function randomSuffix(): string {
  return randomBytes(3).toString('hex');
}
