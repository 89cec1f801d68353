import { Option, type Command } from 'commander';
import { OisyncError } from '../../domain/errors.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { driftCsv } from '../flag-render.js';
import { driftLines, failureLine, RUN_TABLE_HEADER, runRow, runSummary, stepLines } from '../render.js';
import { withState } from '../state-access.js';

export function registerRunsCommands(program: Command, bind: Bind): void {
  const runs = program.command('runs').description('run history with counts, durations, failures and per-record errors');
  runs
    .command('list')
    .description('the most recent runs, newest first')
    .addOption(new Option('--limit <n>', 'how many').default('20').argParser((v) => Number.parseInt(v, 10)))
    .action(bind(listRuns));
  runs
    .command('show')
    .argument('<run>', 'run id (from `oisync runs list`)')
    .description('one run: counts, notes, every failed record with its reason, and the changes it planned')
    .addOption(new Option('--steps <n>', 'how many planned steps to print').default('20').argParser((v) => Number.parseInt(v, 10)))
    .addOption(new Option('--entries <n>', 'how many drift report entries to print (reconcile runs; --json and --csv give all)').default('100').argParser((v) => Number.parseInt(v, 10)))
    .option('--csv', "export the run's drift report as CSV (one row per changed attribute) on stdout")
    .action(bind(showRun));
}

async function listRuns(cli: CliContext, opts: { limit: number }): Promise<ExitCode> {
  return withState(cli, async ({ state }) => {
    const runs = await state.listRuns(opts.limit);
    cli.emitJson({ runs });
    if (runs.length === 0) cli.print('no runs yet — start one with `oisync sync --wait`');
    else {
      cli.print(RUN_TABLE_HEADER);
      for (const r of runs) cli.print(runRow(r));
      cli.print('(* dry run)');
    }
    return EXIT.OK;
  });
}

async function showRun(cli: CliContext, runId: string, opts: { steps: number; entries: number; csv?: boolean }): Promise<ExitCode> {
  return withState(cli, async ({ state }) => {
    const run = await state.getRun(runId);
    if (!run) throw new OisyncError('RUN_NOT_FOUND', `no run "${runId}" is stored; see \`oisync runs list\``);
    const all = opts.csv === true || cli.json;
    const report = await state.getReport(runId, 0, all ? Number.MAX_SAFE_INTEGER : opts.entries);
    if (opts.csv) {
      cli.io.stdout.write(cli.redactor.text(driftCsv(runId, report.entries)));
      return EXIT.OK;
    }
    const failures = await state.getFailures(runId);
    const plan = await state.getPlanSteps(runId, 0, opts.steps);
    const held = await state.getHeld(runId);
    cli.emitJson({ run, failures, plan: { total: plan.total, steps: plan.steps }, held: held.length, report });
    cli.print(runSummary(run));
    if (report.total) {
      cli.print(`\ndrift report (${report.total}${report.total > report.entries.length ? `, first ${report.entries.length} (--entries N, or --csv for all)` : ''}; old = IDaaS now → new = Okta):`);
      for (const e of report.entries) for (const l of driftLines(e)) cli.print(l);
    }
    if (failures.length) {
      cli.print(`\nfailed records (${failures.length}):`);
      for (const f of failures) cli.print(failureLine(f));
    }
    if (held.length) cli.print(`\n${held.length} destructive step(s) held by the safety brake: \`oisync plan show ${runId}\`, then \`oisync plan approve ${runId}\``);
    if (plan.total) {
      cli.print(`\nplanned changes (${plan.total}${plan.total > plan.steps.length ? `, first ${plan.steps.length}` : ''}; ! = destructive):`);
      for (const s of plan.steps) for (const l of stepLines(s)) cli.print(l);
    }
    return EXIT.OK;
  });
}
