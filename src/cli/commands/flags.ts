import { randomBytes } from 'node:crypto';
import { Option, type Command } from 'commander';
import { checkCleanup, runCleanup, type CleanupItem } from '../../engine/cleanup.js';
import { OisyncError } from '../../domain/errors.js';
import { FLAG_KINDS, FLAG_STATES, type FlagKind, type FlagState } from '../../domain/flags.js';
import { newRunId } from '../../domain/runs.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { flagDetail, flagRow, flagsCsv, FLAG_TABLE_HEADER } from '../flag-render.js';
import { exitCodeFor } from '../follow-run.js';
import { ensureWorkers, openRuntime } from '../open-runtime.js';
import { operatorName } from '../operator.js';
import { runSummary } from '../render.js';
import { withState } from '../state-access.js';

export function registerFlagsCommands(program: Command, bind: Bind): void {
  const flags = program.command('flags').description('the manual-cleanup queue: unauthorized users, orphans, disputes, drift reported but not repaired');
  flags
    .command('list')
    .description('flags, oldest first, with their reason and the IDaaS account and groups to clean up')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(FLAG_KINDS))
    .addOption(new Option('--state <state>', 'only this state (default: all)').choices(FLAG_STATES))
    .action(bind(listFlags));
  flags
    .command('resolve')
    .argument('<id>', 'flag id (from `oisync flags list`)')
    .requiredOption('--note <text>', 'what was done (kept with the flag)')
    .option('--by <name>', 'who resolved it (default: $USER)')
    .description('mark a flag resolved after cleaning up by hand; it stays resolved even if its cause is seen again')
    .action(bind(resolveFlag));
  flags
    .command('export')
    .option('--csv', 'CSV (RFC 4180) for a spreadsheet; without it, one JSON document')
    .addOption(new Option('--kind <kind>', 'only this kind').choices(FLAG_KINDS))
    .addOption(new Option('--state <state>', 'only this state (default: open)').choices(FLAG_STATES).default('open'))
    .description('every flag with what an admin needs to clean IDaaS up by hand (account, groups, reason)')
    .action(bind(exportFlags));
  flags
    .command('cleanup')
    .argument('<ids...>', 'flag ids')
    .option('--confirm', 'really do it (without: print what would be done and exit 2)')
    .option('--deactivate', 'deactivate the accounts instead of deleting them')
    .option('--by <name>', 'who confirmed it (default: $USER)')
    .description('delete (or deactivate) in IDaaS the accounts of these unassigned/orphan flags — only accounts oisync created')
    .action(bind(cleanupFlags));
}

async function listFlags(cli: CliContext, opts: { kind?: FlagKind; state?: FlagState }): Promise<ExitCode> {
  return withState(cli, async ({ state }) => {
    const flags = await state.listFlags({ ...(opts.kind ? { kind: opts.kind } : {}), ...(opts.state ? { state: opts.state } : {}) });
    cli.emitJson({ flags });
    if (flags.length === 0) {
      cli.print('no flags');
      return EXIT.OK;
    }
    cli.print(FLAG_TABLE_HEADER);
    for (const f of flags) {
      cli.print(flagRow(f));
      for (const l of flagDetail(f)) cli.print(l);
    }
    return EXIT.OK;
  });
}

async function resolveFlag(cli: CliContext, id: string, opts: { note: string; by?: string }): Promise<ExitCode> {
  return withState(cli, async ({ state }) => {
    const flag = await state.resolveFlag(id, opts.by ?? operatorName(cli), opts.note);
    if (!flag) throw new OisyncError('FLAG_NOT_FOUND', `no flag "${id}"; see \`oisync flags list\``);
    cli.emitJson({ ok: true, flag });
    cli.print(flagRow(flag));
    for (const l of flagDetail(flag)) cli.print(l);
    return EXIT.OK;
  });
}

async function exportFlags(cli: CliContext, opts: { csv?: boolean; kind?: FlagKind; state: FlagState }): Promise<ExitCode> {
  return withState(cli, async ({ state }) => {
    const flags = await state.listFlags({ ...(opts.kind ? { kind: opts.kind } : {}), state: opts.state });
    if (opts.csv) cli.io.stdout.write(cli.redactor.text(flagsCsv(flags)));
    else cli.io.stdout.write(`${JSON.stringify(cli.redactor.value({ flags }))}\n`);
    return EXIT.OK;
  });
}

async function cleanupFlags(cli: CliContext, ids: string[], opts: { confirm?: boolean; deactivate?: boolean; by?: string }): Promise<ExitCode> {
  const action = opts.deactivate ? 'deactivate' : 'delete';
  const by = opts.by ?? operatorName(cli);
  if (!opts.confirm) {
    return withState(cli, async ({ state }) => {
      const items = await checkCleanup(state, ids);
      cli.emitJson({ ok: false, confirmed: false, action, items: items.map((i) => ({ id: i.id, scimId: i.flag?.scimId, login: i.flag?.login, refusal: i.refusal })) });
      printPlan(cli, items, `would ${action}`);
      cli.printError(`nothing was done: add --confirm to ${action} the accounts listed as "would ${action}"`);
      return EXIT.USAGE;
    });
  }
  const rt = await openRuntime(cli, { persistent: false });
  try {
    const items = await checkCleanup(rt.state, ids);
    printPlan(cli, items, `will ${action}`);
    if (items.every((i) => i.refusal)) {
      cli.emitJson({ ok: false, confirmed: true, action, items });
      cli.printError('nothing to do: every flag was refused');
      return EXIT.FAILED;
    }
    await ensureWorkers(rt, cli);
    const run = await runCleanup(rt.ctx, { runId: newRunId(new Date(), randomBytes(3).toString('hex')), items, action, by });
    const failures = await rt.state.getFailures(run.id);
    cli.emitJson({ ok: exitCodeFor(run) === EXIT.OK && items.every((i) => !i.refusal), run, failures, items: items.map((i) => ({ id: i.id, refusal: i.refusal })) });
    cli.print(`\n${runSummary(run)}`);
    return exitCodeFor(run) === EXIT.OK && items.some((i) => i.refusal) ? EXIT.FAILED : exitCodeFor(run);
  } finally {
    await rt.close();
  }
}

function printPlan(cli: CliContext, items: readonly CleanupItem[], verb: string): void {
  for (const i of items) {
    const who = i.flag ? `${i.flag.login ?? '?'} [${i.flag.scimId ?? '?'}]${i.flag.groups.length ? ` groups: ${i.flag.groups.join(', ')}` : ''}` : '';
    cli.print(i.refusal ? `  ${'refused'.padEnd(16)} ${i.id} ${who} — ${i.refusal}` : `  ${verb.padEnd(16)} ${i.id} ${who}`);
  }
}
