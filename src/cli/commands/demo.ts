import { randomBytes } from 'node:crypto';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseConfig } from '../../config/load.js';
import type { OisyncConfig } from '../../config/schema.js';
import type { RunRecord } from '../../domain/runs.js';
import { startFullSync } from '../../engine/start-run.js';
import { SCHEMA_CUSTOMFIELD_USER } from '../../domain/scim.js';
import { startIdaasEmulator, type IdaasEmulator } from '../../emulators/idaas/index.js';
import { demoOktaSeedFile, startOktaEmulator, type OktaEmulator } from '../../emulators/okta/index.js';
import { dropPrefix } from '../../state/drop-prefix.js';
import { connectRedis } from '../../state/redis-connection.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { exitCodeFor, followRun } from '../follow-run.js';
import { openRuntime } from '../open-runtime.js';
import { packageInfo } from '../package-info.js';
import { countLines, failureLine } from '../render.js';
import type { Runtime } from '../runtime.js';
import { upsertSchedules } from '../../queue/schedules.js';
import { untilSignal } from '../signals.js';
import { announceServer, startOperatorServer, type RunningServer } from '../operator-server.js';
import { newMetrics } from './daemon.js';

export function registerDemoCommand(program: Command, bind: Bind): void {
  program
    .command('demo')
    .description('the embedded default: sync the sample Okta org into the IDaaS emulator through Redis, then keep running')
    .option('--once', 'exit after the first sync')
    .action(bind(demo));
}

/**
 * `oisync demo`: both emulators on free loopback ports (Okta seeded from config/demo-okta.yaml),
 * a private key prefix in Redis, a full sync through real queues and workers, a readable
 * summary — then the daemon keeps running so changes made through the Okta emulator's admin
 * API flow through, until Ctrl-C. Needs only Redis.
 */
async function demo(cli: CliContext, opts: { once?: boolean }): Promise<ExitCode> {
  const redisUrl = cli.io.env['OISYNC_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  // Fail first, and say how to fix it, if there is no Redis.
  (await connectRedis(redisUrl, { persistent: false })).disconnect();

  const okta = await startOktaEmulator({ seedFile: demoOktaSeedFile() });
  let idaas: IdaasEmulator | undefined;
  let rt: Runtime | undefined;
  let http: RunningServer | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'oisync-demo-'));
  const prefix = `oisync-demo-${randomBytes(4).toString('hex')}`;
  try {
    idaas = await startIdaasEmulator();
    const config = demoConfig(dir, okta, idaas, redisUrl, prefix);
    cli.useConfig(config);
    const metrics = newMetrics();
    rt = await openRuntime(cli, { persistent: !opts.once, onScimRequest: metrics.onScimRequest, onOutcome: metrics.onOutcome });
    rt.startWorkers(['control', 'push']);
    // Up before the first sync, so it can be watched live.
    http = await startOperatorServer(cli, rt, metrics);

    cli.print(`okta-idaas-sync ${packageInfo().version} demo`);
    cli.print(`  Okta emulator   ${okta.url}  (app ${okta.appId}, ${okta.org.assignedUserIds().length} users assigned)`);
    cli.print(`  IDaaS emulator  ${idaas.url}`);
    cli.print(`  Redis           ${redisUrl} (private prefix ${prefix}, removed on exit)`);
    announceServer(cli, http);
    cli.print();

    const runId = await startFullSync(rt.queues, { dryRun: false, trigger: 'demo' });
    const run = await followRun(cli, rt.state, runId);
    await printSummary(cli, rt, run, idaas, http);
    if (opts.once) return exitCodeFor(run);

    await upsertSchedules(rt.queues, rt.config.schedule, cli.logger());
    // The emulators' tokens are throwaway, but they still stay out of the terminal log.
    const envFile = join(dir, 'demo.env');
    writeFileSync(envFile, `OKTA_TOKEN=${okta.token}\nIDAAS_TOKEN=${idaas.token}\nOKTA_URL=${okta.url}\n`, { mode: 0o600 });
    cli.print(`\nThe daemon keeps running (status page ${http.url}): the Okta System Log is polled every 5 s,`);
    cli.print('so a change reaches IDaaS within seconds. Change the Okta org (the emulator writes the System Log events):');
    cli.print(`  set -a; . ${envFile}; set +a`);
    cli.print(`  curl -s -X POST -H "Authorization: SSWS $OKTA_TOKEN" -H 'content-type: application/json' \\`);
    cli.print(`       -d '{"user":"zoe.muller@acme.example","profile":{"postalAddress":"Leopoldstraße 1, 80802 München"}}' "$OKTA_URL/__admin/updateUserProfile"`);
    cli.print(`  npm run -s oisync -- --config ${join(dir, 'oisync.yaml')} runs list   # the incremental pass that carried it`);
    cli.print('Ctrl-C to stop.');
    await untilSignal();
    return EXIT.OK;
  } finally {
    await http?.close();
    if (rt) {
      await rt.close(2000);
      await dropDemoPrefix(redisUrl, prefix);
    }
    await Promise.all([okta.close(), idaas?.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

function demoConfig(dir: string, okta: OktaEmulator, idaas: IdaasEmulator, redisUrl: string, prefix: string): OisyncConfig {
  const yaml = [
    'okta:',
    `  orgUrl: ${okta.url}`,
    '  apiToken: ${OKTA_TOKEN}',
    `  appId: ${okta.appId}`,
    '  groups: [{ name: Engineering }, { name: Sales }, { pattern: "^idaas-" }]',
    'idaas:',
    `  scimBaseUrl: ${idaas.url}`,
    '  bearerToken: ${IDAAS_TOKEN}',
    `mapping: ${join(packageInfo().root, 'config', 'mapping.yaml')}`,
    'schedule:',
    '  fullSync: "*/30 * * * *"',
    '  reconcile: "0 * * * *"',
    '  incrementalSeconds: 5',
    'redis:',
    `  url: ${redisUrl}`,
    `  prefix: ${prefix}`,
    'server:',
    '  port: 0',
    'log:',
    '  level: warn',
    '',
  ].join('\n');
  const file = join(dir, 'oisync.yaml');
  writeFileSync(file, yaml);
  return parseConfig(file, yaml, { OKTA_TOKEN: okta.token, IDAAS_TOKEN: idaas.token });
}

async function printSummary(cli: CliContext, rt: Runtime, run: RunRecord, idaas: IdaasEmulator, http: RunningServer): Promise<void> {
  const state = idaas.state();
  const members = state.groups.reduce((n, g) => n + (g.members?.length ?? 0), 0);
  const withAddress = state.users.filter((u) => {
    const ext = u[SCHEMA_CUSTOMFIELD_USER] as Record<string, unknown> | undefined;
    return typeof ext?.['user_address'] === 'string';
  });
  const flags = await rt.state.listFlags({ state: 'open' });
  const failures = await rt.state.getFailures(run.id);
  cli.emitJson({
    run,
    idaas: { users: state.users.length, groups: state.groups.length, memberships: members, usersWithUserAddress: withAddress.length },
    flags,
    failures,
    dashboard: http.json,
  });
  cli.print(`\nrun ${run.id}: ${run.status} in ${((Date.parse(run.finishedAt ?? '') - Date.parse(run.startedAt)) / 1000).toFixed(1)}s`);
  for (const l of countLines(run)) cli.print(`  ${l}`);
  cli.print(`\nIDaaS now holds ${state.users.length} users, ${state.groups.length} groups, ${members} memberships (source "SCIM Import").`);
  const sample = withAddress[0];
  if (sample) {
    const ext = sample[SCHEMA_CUSTOMFIELD_USER] as Record<string, unknown>;
    cli.print(`Custom field user_address landed on ${withAddress.length} users under ${SCHEMA_CUSTOMFIELD_USER}, e.g.`);
    cli.print(`  ${sample.userName}: user_address = ${JSON.stringify(ext['user_address'])}`);
  }
  if (flags.length) {
    cli.print(`\n${flags.length} open flag(s) for manual cleanup:`);
    for (const f of flags) cli.print(`  ${f.kind} ${f.login ?? f.oktaId ?? f.scimId ?? ''}: ${f.reason}`);
  }
  if (failures.length) {
    cli.print(`\n${failures.length} failed record(s):`);
    for (const f of failures) cli.print(failureLine(f));
  }
}

async function dropDemoPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = await connectRedis(redisUrl, { persistent: false });
  try {
    await dropPrefix(redis, prefix);
  } finally {
    redis.disconnect();
  }
}
