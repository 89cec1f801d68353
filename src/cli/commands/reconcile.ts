import type { Command } from 'commander';
import type { Bind, CliContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { driftLines } from '../render.js';
import { startRun } from '../start-run.js';

const SHOWN = 50;

export function registerReconcileCommand(program: Command, bind: Bind): void {
  program
    .command('reconcile')
    .description('read IDaaS back, classify drift against Okta, repair what policy allows (reconcile.*), flag the rest')
    .option('--dry-run', 'classify and store the drift report, write nothing to IDaaS and raise no flag')
    .option('--wait', 'block with progress until the run ends; exit 1 if any record failed, 3 if held by the safety brake')
    .action(bind(reconcile));
}

function reconcile(cli: CliContext, opts: { dryRun?: boolean; wait?: boolean }): Promise<ExitCode> {
  return startRun(cli, 'reconcile', opts, async (rt, run) => {
    const report = await rt.state.getReport(run.id, 0, SHOWN);
    return {
      json: { report },
      print: () => {
        if (report.total === 0) {
          cli.print('\nno drift: every pair is in sync');
          return;
        }
        cli.print(`\ndrift report (${report.total} entr${report.total === 1 ? 'y' : 'ies'}; old = IDaaS now → new = Okta):`);
        for (const e of report.entries) for (const l of driftLines(e)) cli.print(l);
        if (report.total > report.entries.length) cli.print(`  ... all of them: oisync runs show ${run.id} (--csv to export)`);
      },
    };
  });
}
