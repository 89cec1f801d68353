import { relative } from 'node:path';
import type { Command } from 'commander';
import { configJsonSchema } from '../../config/json-schema.js';
import type { OisyncConfig } from '../../config/schema.js';
import { formatProblem } from '../../domain/errors.js';
import { displayUrl } from '../../domain/net.js';
import { MappingInvalidError } from '../../mapping/compile.js';
import type { CompiledMapping } from '../../mapping/compiled-mapping.js';
import { checkMappingFile } from '../../mapping/load.js';
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
  // The mapping is part of the config's meaning: compile it as the daemon would (throws
  // MAPPING_NOT_FOUND, or MAPPING_INVALID with every problem at file:line:col → exit 2).
  const r = checkMappingFile(cfg.mapping, { customFieldNamespace: cfg.idaas.customFieldNamespace });
  if (!r.ok) throw new MappingInvalidError(cfg.mapping, r.problems, r.warnings);
  const summary = configSummary(cfg, r.mapping);
  ctx.emitJson({ ok: true, file: cfg.source, summary, mapping: { file: cfg.mapping, hash: r.mapping.hash, warnings: r.mapping.warnings } });
  ctx.print(`config OK: ${cfg.source}`);
  for (const [k, v] of Object.entries(summary)) ctx.print(`  ${k.padEnd(13)} ${v}`);
  if (r.mapping.warnings.length > 0) {
    ctx.print(`mapping warnings (${r.mapping.warnings.length}):`);
    for (const w of r.mapping.warnings) ctx.print(`  ${formatProblem(w)}`);
  }
  return Promise.resolve(EXIT.OK);
}

/** A short, secret-free description of what this config will do. */
export function configSummary(cfg: OisyncConfig, mapping?: CompiledMapping): Record<string, string> {
  const groups = cfg.okta.groups.map((g) => ('name' in g ? `name=${g.name}` : 'id' in g ? `id=${g.id}` : `pattern=${g.pattern}`));
  return {
    okta: `${displayUrl(cfg.okta.orgUrl)} app ${cfg.okta.appId} (${cfg.okta.apiToken ? 'SSWS token' : 'OAuth private key'})`,
    groups: groups.length ? groups.join(', ') : '(none selected for push)',
    idaas: `${displayUrl(cfg.idaas.scimBaseUrl)} (${cfg.idaas.updateMethod}, ${cfg.idaas.requestsPerSecond} req/s, concurrency ${cfg.idaas.concurrency})`,
    mapping: `${relative(process.cwd(), cfg.mapping) || cfg.mapping}${
      mapping ? ` (${mapping.rules.user.length} user rules, ${mapping.rules.group.length} group rules, hash ${mapping.hash.slice(0, 12)})` : ''
    }`,
    provisioning: `create=${cfg.provisioning.createUsers} update=${cfg.provisioning.updateUserAttributes} deactivate=${cfg.provisioning.deactivateUsers} groups=${cfg.provisioning.pushGroups} unassigned=${cfg.provisioning.unassigned}`,
    safety: `at most ${cfg.safety.maxDestructive.count} or ${cfg.safety.maxDestructive.percent}% destructive steps per run`,
    schedule: `full sync "${cfg.schedule.fullSync}", reconcile "${cfg.schedule.reconcile}", incremental every ${cfg.schedule.incrementalSeconds}s`,
    redis: `${displayUrl(cfg.redis.url)} prefix ${cfg.redis.prefix}`,
    server: `${cfg.server.host}:${cfg.server.port}`,
  };
}
