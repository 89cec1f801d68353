import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { describeError, formatProblem, OisyncError, type FileProblem } from '../../domain/errors.js';
import { SCHEMA_CUSTOMFIELD_USER } from '../../domain/scim.js';
import { checkMappingFile, loadMapping } from '../../mapping/load.js';
import { mappingJsonSchema } from '../../mapping/json-schema.js';
import type { CompiledMapping } from '../../mapping/index.js';
import { formatPreview, previewGroupRecord, previewUser, previewUserRecord, recordFromJson } from '../../mapping/preview.js';
import { createOktaReader } from '../../okta/index.js';
import type { GroupMappingInput, UserMappingInput } from '../../domain/records.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';

export function registerMappingCommands(program: Command, bind: Bind): void {
  const mapping = program.command('mapping').description('work with the attribute mapping (config/mapping.yaml)');
  mapping
    .command('validate [file]')
    .description('check a mapping file: every problem with file:line:col, warnings too (default: the mapping the config names)')
    .action(bind(validateMapping));
  mapping
    .command('preview')
    .description('show the SCIM body a user (read from Okta) or a record (from a file) would be sent as, with the rule behind each attribute')
    .option('--user <login>', 'read this user and their app profile from Okta (login or id)')
    .option('--record <file.json>', 'a user (or, with --group, a group) as JSON: { id, status, profile, appProfile } or an Okta API object')
    .option('--group', 'the record is a group ({ id, type, profile })')
    .option('--mapping <file>', 'the mapping file (default: the mapping the config names)')
    .action(bind(previewRecord));
  mapping
    .command('schema')
    .description('print the JSON Schema of the mapping file (editors use config/mapping.schema.json)')
    .action(bind(printSchema));
}

interface MappingTarget {
  readonly file: string;
  readonly customFieldNamespace: string;
  /** Where the namespace came from: the config file, or the built-in default. */
  readonly namespaceFrom: string;
}

/**
 * The mapping file and custom-field namespace to use. Without FILE the config must load (it
 * names the mapping). With FILE, a config that cannot be loaded is not fatal unless it was asked
 * for with --config: the default namespace is used, and the operator is told.
 */
function mappingTarget(ctx: CliContext, file: string | undefined): MappingTarget {
  if (file === undefined) {
    const cfg = ctx.config();
    return { file: cfg.mapping, customFieldNamespace: cfg.idaas.customFieldNamespace, namespaceFrom: cfg.source };
  }
  const path = isAbsolute(file) ? file : resolve(ctx.io.cwd, file);
  try {
    const cfg = ctx.config();
    return { file: path, customFieldNamespace: cfg.idaas.customFieldNamespace, namespaceFrom: cfg.source };
  } catch (err) {
    if (ctx.options.config !== undefined) throw err;
    const { code } = describeError(err);
    ctx.printError(`note: no config loaded (${code}); using the default custom-field namespace ${SCHEMA_CUSTOMFIELD_USER}`);
    return { file: path, customFieldNamespace: SCHEMA_CUSTOMFIELD_USER, namespaceFrom: 'default (no config loaded)' };
  }
}

function display(ctx: CliContext, path: string): string {
  const rel = relative(ctx.io.cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

function printWarnings(ctx: CliContext, warnings: readonly FileProblem[], out: (s: string) => void): void {
  if (warnings.length === 0) return;
  out(`warnings (${warnings.length}):`);
  for (const w of warnings) out(`  ${formatProblem(w)}`);
}

function validateMapping(ctx: CliContext, file: string | undefined): Promise<ExitCode> {
  const target = mappingTarget(ctx, file);
  const r = checkMappingFile(target.file, { customFieldNamespace: target.customFieldNamespace });
  const where = { file: target.file, customFieldNamespace: target.customFieldNamespace, namespaceFrom: target.namespaceFrom };
  if (!r.ok) {
    const message = `${target.file}: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`;
    ctx.emitJson({ ok: false, ...where, error: { code: 'MAPPING_INVALID', message, problems: r.problems }, warnings: r.warnings });
    ctx.printError(`error MAPPING_INVALID: ${message}`);
    for (const p of r.problems) ctx.printError(`  ${formatProblem(p)}`);
    printWarnings(ctx, r.warnings, (s) => ctx.printError(s));
    return Promise.resolve(EXIT.USAGE);
  }
  const m = r.mapping;
  ctx.emitJson({ ok: true, ...where, hash: m.hash, rules: { user: m.rules.user.length, group: m.rules.group.length }, warnings: m.warnings });
  ctx.print(`mapping OK: ${display(ctx, target.file)}`);
  ctx.print(`  hash         ${m.hash}`);
  ctx.print(`  rules        ${m.rules.user.length} user, ${m.rules.group.length} group`);
  ctx.print(`  namespace    ${m.customFieldNamespace} (${target.namespaceFrom === 'default (no config loaded)' ? target.namespaceFrom : `from ${display(ctx, target.namespaceFrom)}`})`);
  printWarnings(ctx, m.warnings, (s) => ctx.print(s));
  return Promise.resolve(EXIT.OK);
}

interface PreviewOptions {
  user?: string;
  record?: string;
  group?: boolean;
  mapping?: string;
}

async function previewRecord(ctx: CliContext, opts: PreviewOptions): Promise<ExitCode> {
  if ((opts.user === undefined) === (opts.record === undefined)) {
    throw new OisyncError('USAGE', 'mapping preview needs exactly one of --user LOGIN (read from Okta) or --record FILE.json (offline)');
  }
  const target = mappingTarget(ctx, opts.mapping);
  const mapping = loadMapping(target.file, { customFieldNamespace: target.customFieldNamespace });
  if (opts.user !== undefined) return previewOktaUser(ctx, mapping, opts.user, Boolean(opts.group));
  const recordPath = isAbsolute(opts.record as string) ? (opts.record as string) : resolve(ctx.io.cwd, opts.record as string);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(recordPath, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? `is not valid JSON (${err.message})` : `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`;
    throw new OisyncError('USAGE', `record file ${recordPath} ${why}`, { cause: err });
  }
  const kind = opts.group ? 'group' : 'user';
  const record = recordFromJson(json, kind, recordPath);
  const report = kind === 'group' ? previewGroupRecord(mapping, record as GroupMappingInput) : previewUserRecord(mapping, record as UserMappingInput);
  ctx.emitJson(report);
  ctx.print(formatPreview(report));
  return report.ok ? EXIT.OK : EXIT.FAILED;
}

/** `--user LOGIN`: the user and their app profile as the sync would read them from Okta now. */
async function previewOktaUser(ctx: CliContext, mapping: CompiledMapping, login: string, group: boolean): Promise<ExitCode> {
  if (group) throw new OisyncError('USAGE', '--group goes with --record; --user previews a user');
  const reader = createOktaReader(ctx.config().okta, { logger: ctx.logger() });
  const found = await previewUser(reader, mapping, login);
  switch (found.kind) {
    case 'preview':
      ctx.emitJson(found.report);
      ctx.print(formatPreview(found.report));
      return found.report.ok ? EXIT.OK : EXIT.FAILED;
    case 'not-assigned':
      ctx.emitJson({ ok: false, notInScope: found });
      ctx.printError(`${found.login ?? found.id} exists in Okta (status ${found.status}) but is not assigned to the app (okta.appId), so it is not synced`);
      return EXIT.FAILED;
    case 'not-found':
      ctx.emitJson({ ok: false, notFound: found.id });
      ctx.printError(`no Okta user "${found.id}"`);
      return EXIT.FAILED;
  }
}

function printSchema(ctx: CliContext): Promise<ExitCode> {
  ctx.io.stdout.write(`${JSON.stringify(mappingJsonSchema(), null, 2)}\n`);
  return Promise.resolve(EXIT.OK);
}
