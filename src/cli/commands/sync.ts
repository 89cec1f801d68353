import type { Command } from 'commander';
import { startFullSync } from '../../engine/start-run.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { exitCodeFor, followRun } from '../follow-run.js';
import { ensureWorkers, openRuntime } from '../open-runtime.js';
import { failureLine, runSummary, stepLines } from '../render.js';

export function registerSyncCommand(program: Command, bind: Bind): void {
  program
    .command('sync')
    .description('run one full sync now')
    .option('--dry-run', 'compute and store the plan, print it, write nothing to IDaaS')
    .option('--wait', 'block with progress until the run ends; exit 1 if any record failed, 3 if held by the safety brake')
    .action(bind(sync));
}

async function sync(cli: CliContext, opts: { dryRun?: boolean; wait?: boolean }): Promise<ExitCode> {
  const dryRun = opts.dryRun === true;
  const wait = opts.wait === true || dryRun;
  const rt = await openRuntime(cli, { persistent: false });
  try {
    if (wait) await ensureWorkers(rt, cli);
    const runId = await startFullSync(rt.queues, { dryRun, trigger: 'cli' });
    if (!wait) {
      cli.emitJson({ ok: true, runId, status: 'queued' });
      cli.print(`run ${runId} queued; follow it with \`oisync runs show ${runId}\``);
      return EXIT.OK;
    }
    const run = await followRun(cli, rt.state, runId);
    const failures = await rt.state.getFailures(runId);
    const plan = dryRun ? await rt.state.getPlanSteps(runId, 0, 50) : undefined;
    cli.emitJson({ ok: exitCodeFor(run) === EXIT.OK, run, failures, ...(plan ? { plan } : {}) });
    cli.print(runSummary(run));
    if (failures.length) {
      cli.print(`\nfailed records (${failures.length}):`);
      for (const f of failures.slice(0, 50)) cli.print(failureLine(f));
      if (failures.length > 50) cli.print(`  ... and ${failures.length - 50} more: oisync runs show ${runId}`);
    }
    if (plan && plan.total) {
      cli.print(`\nplan (${plan.total} change(s)${plan.total > plan.steps.length ? `, first ${plan.steps.length}` : ''}; ! = destructive):`);
      for (const s of plan.steps) for (const l of stepLines(s)) cli.print(l);
      if (plan.total > plan.steps.length) cli.print(`  ... all of them: oisync plan show ${runId} --all`);
    }
    if (run.status === 'held') cli.print(`\ndestructive steps are held: review with \`oisync plan show ${runId}\`, apply with \`oisync plan approve ${runId}\``);
    return exitCodeFor(run);
  } finally {
    await rt.close();
  }
}
