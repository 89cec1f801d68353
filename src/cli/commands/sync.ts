import type { Command } from 'commander';
import type { Bind, CliContext } from '../context.js';
import type { ExitCode } from '../exit-codes.js';
import { startRun } from '../start-run.js';

export function registerSyncCommand(program: Command, bind: Bind): void {
  program
    .command('sync')
    .description('run one full sync now')
    .option('--dry-run', 'compute and store the plan, print it, write nothing to IDaaS')
    .option('--wait', 'block with progress until the run ends; exit 1 if any record failed, 3 if held by the safety brake')
    .action(bind(sync));
}

function sync(cli: CliContext, opts: { dryRun?: boolean; wait?: boolean }): Promise<ExitCode> {
  return startRun(cli, 'full-sync', opts);
}
