import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Command } from 'commander';
import { configJsonSchema } from '../../config/json-schema.js';
import type { OisyncConfig } from '../../config/schema.js';
import { displayUrl } from '../../domain/net.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export function registerConfigCommands(program: Command, bind: Bind): void {
  const config = program.command('config').description('work with the configuration file');
  config
    .command('validate')
    .description('check the config file (and the mapping it names) without connecting anywhere')
    .action(bind(validateConfig));
  config
    .command('schema')
    .description('print the JSON Schema of the config file (editors use config/oisync.schema.json)')
    .action(bind(printSchema));
}

function printSchema(ctx: CliContext): Promise<ExitCode> {
  ctx.io.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
  return Promise.resolve(EXIT.OK);
}

function validateConfig(ctx: CliContext): Promise<ExitCode> {
  const cfg = ctx.config();
  const mappingExists = existsSync(cfg.mapping);
  const summary = configSummary(cfg);
  if (!mappingExists) {
    ctx.emitJson({ ok: false, file: cfg.source, error: { code: 'CONFIG_INVALID', message: `mapping file ${cfg.mapping} does not exist` } });
    ctx.printError(`error CONFIG_INVALID: ${cfg.source}: mapping file ${cfg.mapping} does not exist`);
    return Promise.resolve(EXIT.USAGE);
  }
  ctx.emitJson({ ok: true, file: cfg.source, summary });
  ctx.print(`config OK: ${cfg.source}`);
  for (const [k, v] of Object.entries(summary)) ctx.print(`  ${k.padEnd(13)} ${v}`);
  return Promise.resolve(EXIT.OK);
}

/** A short, secret-free description of what this config will do. */
export function configSummary(cfg: OisyncConfig): Record<string, string> {
  const groups = cfg.okta.groups.map((g) => ('name' in g ? `name=${g.name}` : 'id' in g ? `id=${g.id}` : `pattern=${g.pattern}`));
  return {
    okta: `${displayUrl(cfg.okta.orgUrl)} app ${cfg.okta.appId} (${cfg.okta.apiToken ? 'SSWS token' : 'OAuth private key'})`,
    groups: groups.length ? groups.join(', ') : '(none selected for push)',
    idaas: `${displayUrl(cfg.idaas.scimBaseUrl)} (${cfg.idaas.updateMethod}, ${cfg.idaas.requestsPerSecond} req/s, concurrency ${cfg.idaas.concurrency})`,
    mapping: relative(process.cwd(), cfg.mapping) || cfg.mapping,
    provisioning: `create=${cfg.provisioning.createUsers} update=${cfg.provisioning.updateUserAttributes} deactivate=${cfg.provisioning.deactivateUsers} groups=${cfg.provisioning.pushGroups} unassigned=${cfg.provisioning.unassigned}`,
    safety: `at most ${cfg.safety.maxDestructive.count} or ${cfg.safety.maxDestructive.percent}% destructive steps per run`,
    schedule: `full sync "${cfg.schedule.fullSync}", reconcile "${cfg.schedule.reconcile}", incremental every ${cfg.schedule.incrementalSeconds}s`,
    redis: `${displayUrl(cfg.redis.url)} prefix ${cfg.redis.prefix}`,
    server: `${cfg.server.host}:${cfg.server.port}`,
  };
}
