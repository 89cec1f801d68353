import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { processors } from '../../jobs/index.js';
import { createAdapters } from '../../src/cli/adapters.js';
import { Runtime } from '../../src/cli/runtime.js';
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
import { tempDir } from './config.js';

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

  /** A runtime (Redis, queues, adapters) on this stack's config. */
  async runtime(): Promise<Runtime> {
    return Runtime.open({ config: this.config, logger: this.logger, persistent: true, adapters: createAdapters, processors });
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
    if (this.config.redis.url !== testRedisUrl()) return;
    const redis = newRedis();
    await deletePrefix(redis, this.prefix);
    redis.disconnect();
  }
}

export function randomSuffix(): string {
  return randomBytes(3).toString('hex');
}
