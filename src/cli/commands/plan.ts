import type { Command } from 'commander';
import { OisyncError } from '../../domain/errors.js';
import { requestApproval } from '../../engine/request-approval.js';
import type { JobSpec } from '../../queue/catalogue.js';
import type { Bind, CliContext } from '../context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { exitCodeFor, followRun } from '../follow-run.js';
import { ensureWorkers, openRuntime } from '../open-runtime.js';
import { operatorName } from '../operator.js';
import { runSummary, stepLines } from '../render.js';
import { withState } from '../state-access.js';

export function registerPlanCommands(program: Command, bind: Bind): void {
  const plan = program.command('plan').description('stored plans: review, and approve destructive steps held by the safety brake');
  plan
    .command('show')
    .argument('<run>', 'run id')
    .option('--all', 'print every step (default: the first 100)')
    .description('the stored plan of a run: every change with its attribute diff old → new; ! marks destructive steps')
    .action(bind(showPlan));
  plan
    .command('approve')
    .argument('<run>', 'run id')
    .option('--wait', 'block until the released steps have run')
    .description('release the destructive steps the safety brake held for this run')
    .action(bind(approvePlan));
}

async function showPlan(cli: CliContext, runId: string, opts: { all?: boolean }): Promise<ExitCode> {
  return withState(cli, async ({ state }) => {
    const run = await state.getRun(runId);
    if (!run) throw new OisyncError('RUN_NOT_FOUND', `no run "${runId}" is stored; see \`oisync runs list\``);
    const limit = opts.all ? Number.MAX_SAFE_INTEGER : 100;
    const { total, steps } = await state.getPlanSteps(runId, 0, limit);
    const held = (await state.getHeld(runId)) as JobSpec[];
    cli.emitJson({ run, total, steps, held: held.map((h) => ({ name: h.name, jobId: h.jobId })) });
    cli.print(runSummary(run));
    cli.print(`\n${total} planned change(s)${total > steps.length ? `, first ${steps.length} (--all for every one)` : ''}; ! = destructive`);
    for (const s of steps) for (const l of stepLines(s)) cli.print(l);
    if (held.length) cli.print(`\n${held.length} destructive job(s) held; apply them with \`oisync plan approve ${runId}\``);
    return EXIT.OK;
  });
}

async function approvePlan(cli: CliContext, runId: string, opts: { wait?: boolean }): Promise<ExitCode> {
  const rt = await openRuntime(cli, { persistent: false });
  try {
    const by = operatorName(cli);
    const { held } = await requestApproval(rt.state, rt.queues, runId, by);
    if (opts.wait) await ensureWorkers(rt, cli);
    if (!opts.wait) {
      cli.emitJson({ ok: true, runId, approved: held });
      cli.print(`${held} held step(s) of run ${runId} released; follow with \`oisync runs show ${runId}\``);
      return EXIT.OK;
    }
    // the job flips the status to running first; wait for that before following to the end
    for (let i = 0; i < 200 && (await rt.state.getRun(runId))?.status === 'held'; i++) await new Promise((r) => setTimeout(r, 100));
    const after = await followRun(cli, rt.state, runId);
    cli.emitJson({ ok: exitCodeFor(after) === EXIT.OK, run: after, failures: await rt.state.getFailures(runId) });
    cli.print(runSummary(after));
    return exitCodeFor(after);
  } finally {
    await rt.close();
  }
}
