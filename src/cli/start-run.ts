import type { RunRecord } from '../domain/runs.js';
import { startRunJob } from '../engine/start-run.js';
import type { CliContext } from './context.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { exitCodeFor, followRun } from './follow-run.js';
import { ensureWorkers, openRuntime } from './open-runtime.js';
import { failureLine, runSummary, stepLines } from './render.js';
import type { Runtime } from './runtime.js';

/** What a command adds to the finished run's output (a reconcile: its drift report). */
export interface RunExtras {
  readonly json: Record<string, unknown>;
  print(): void;
}

/**
 * `oisync sync` and `oisync reconcile`: enqueue the control job under a fresh run id; with
 * `--wait` (implied by `--dry-run`) run workers in-process if none are running, follow the run
 * with progress, print its summary, failures, plan (dry run) and `extras`, and exit by its
 * status (1 failed records, 3 held by the brake).
 */
export async function startRun(
  cli: CliContext,
  name: 'full-sync' | 'reconcile',
  opts: { dryRun?: boolean; wait?: boolean },
  extras?: (rt: Runtime, run: RunRecord) => Promise<RunExtras>,
): Promise<ExitCode> {
  const dryRun = opts.dryRun === true;
  const wait = opts.wait === true || dryRun;
  const rt = await openRuntime(cli, { persistent: false });
  try {
    if (wait) await ensureWorkers(rt, cli);
    const runId = await startRunJob(rt.queues, name, { dryRun, trigger: 'cli' });
    if (!wait) {
      cli.emitJson({ ok: true, runId, status: 'queued' });
      cli.print(`run ${runId} queued; follow it with \`oisync runs show ${runId}\``);
      return EXIT.OK;
    }
    const run = await followRun(cli, rt.state, runId);
    const failures = await rt.state.getFailures(runId);
    const plan = dryRun ? await rt.state.getPlanSteps(runId, 0, 50) : undefined;
    const more = extras ? await extras(rt, run) : undefined;
    cli.emitJson({ ok: exitCodeFor(run) === EXIT.OK, run, failures, ...(plan ? { plan } : {}), ...(more?.json ?? {}) });
    cli.print(runSummary(run));
    if (failures.length) {
      cli.print(`\nfailed records (${failures.length}):`);
      for (const f of failures.slice(0, 50)) cli.print(failureLine(f));
      if (failures.length > 50) cli.print(`  ... and ${failures.length - 50} more: oisync runs show ${runId}`);
    }
    more?.print();
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
