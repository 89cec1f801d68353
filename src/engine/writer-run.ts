import { randomBytes } from 'node:crypto';
import { brakeVerdict } from '../domain/brake.js';
import { describeError, OisyncError } from '../domain/errors.js';
import type { Logger, ScopeRead } from '../domain/ports.js';
import { failedRecords, newRunId, startingRun, type RunKind, type RunRecord, type RunStatus } from '../domain/runs.js';
import type { JobContext, JobInfo } from '../queue/job-context.js';
import { jobOfKey, recordKey, recordKindOf } from './record-keys.js';
import type { PlanContext } from './run-context.js';
import { waitForRecords } from './wait.js';

/** Full syncs and reconciles exclude each other: both write from a full picture. */
export const WRITER_LOCK = 'writer';
const LOCK_TTL_MS = 60_000;

export interface WriterRunRequest {
  readonly runId: string;
  readonly kind: RunKind;
  readonly dryRun: boolean;
  readonly trigger: string;
}

/** What the body of a writer run gets: its plan context and the run's shared steps. */
export interface WriterRun {
  readonly plan: PlanContext;
  readonly log: Logger;
  /** Wait until every record planned so far has an outcome (showing progress). */
  wait(): Promise<RunRecord>;
  /** Enqueue the destructive steps collected in `plan.destructive`, or hold them all for approval. */
  brake(): Promise<boolean>;
  /**
   * Record whether the Okta read was complete; if not, note why and drop every destructive
   * step (DESIGN §7: none is computed from an incomplete read). Returns whether it was complete.
   */
  checkRead(read: ScopeRead, consequence: string): Promise<boolean>;
}

/** The run id of a job: given by the CLI, or derived from a scheduler's job id. */
export function runIdForJob(given: string | undefined, jobIdValue: string, now: Date): string {
  if (given) return given;
  const m = /^repeat:[^:]+:(\d+)$/.exec(jobIdValue) ?? /(\d{10,})/.exec(jobIdValue);
  return m ? newRunId(new Date(Number(m[1])), 'sched') : newRunId(now, randomBytes(3).toString('hex'));
}

/**
 * The frame every run that writes from a full picture shares (full sync, reconcile): the run
 * record, the writer lock (they exclude each other, across processes), progress, the safety
 * brake, the final status, and the error path. Re-entrant: a control job retried after a crash
 * re-enters the same run id, and deterministic job ids plus per-record outcomes make the second
 * pass add nothing twice.
 */
export async function withWriterRun(
  ctx: JobContext,
  req: WriterRunRequest,
  job: JobInfo,
  body: (run: WriterRun) => Promise<void>,
): Promise<RunRecord> {
  const { state } = ctx;
  const log = ctx.logger.child({ runId: req.runId, run: req.kind });
  const mapper = ctx.mapping.current();
  await state.createRun(startingRun({ id: req.runId, kind: req.kind, dryRun: req.dryRun, trigger: req.trigger, startedAt: ctx.clock.now().toISOString(), mappingHash: mapper.hash }));

  if (!(await state.acquireLock(WRITER_LOCK, req.runId, LOCK_TTL_MS))) {
    const holder = await state.lockHolder(WRITER_LOCK);
    const message = `another run is in progress (${holder ?? 'unknown'}); this one did nothing`;
    await state.updateRun(req.runId, { status: 'error', phase: 'done', error: message, finishedAt: ctx.clock.now().toISOString() });
    throw new OisyncError('LOCK_HELD', message);
  }
  const renew = setInterval(() => {
    state.renewLock(WRITER_LOCK, req.runId, LOCK_TTL_MS).catch((err: unknown) => log.warn({ err }, 'could not renew the run lock'));
  }, LOCK_TTL_MS / 3);

  const plan: PlanContext = {
    ctx,
    runId: req.runId,
    dryRun: req.dryRun,
    target: req.dryRun ? ctx.dryRunTarget : ctx.target,
    mapper,
    destructive: [],
    keepMembers: new Set(),
  };
  let held = false;
  const run: WriterRun = {
    plan,
    log,
    wait: () =>
      waitForRecords(ctx, req.runId, jobOfKey(req.runId), {
        onTick: (r) => job.updateProgress({ phase: r.phase, planned: r.planned, done: r.done }),
      }),
    checkRead: async (read, consequence) => {
      const report = read.report();
      await state.updateRun(req.runId, { sourceComplete: report.complete });
      if (report.complete) return true;
      for (const p of report.problems) await state.addRunNote(req.runId, `incomplete Okta read: ${p}`);
      await state.addRunNote(req.runId, consequence);
      plan.destructive.length = 0;
      return false;
    },
    brake: async () => {
      if (plan.destructive.length === 0) return false;
      await state.updateRun(req.runId, { phase: 'destructive' });
      const h = await applyBrake(plan);
      plan.destructive.length = 0;
      held ||= h;
      return h;
    },
  };

  try {
    log.info({ dryRun: req.dryRun, trigger: req.trigger }, `${req.kind} started`);
    await body(run);
    const final = await state.getRun(req.runId);
    // An incomplete read means part of the scope was not covered: that run did not succeed.
    const incomplete = final?.sourceComplete === false;
    const status: RunStatus = req.dryRun ? 'planned' : held ? 'held' : (final && failedRecords(final) > 0) || incomplete ? 'failed' : 'succeeded';
    await state.updateRun(req.runId, { status, phase: 'done', finishedAt: ctx.clock.now().toISOString() });
    log.info({ status, counts: final?.counts }, `${req.kind} finished`);
    return (await state.getRun(req.runId)) as RunRecord;
  } catch (err) {
    const { code, message } = describeError(err);
    await state.updateRun(req.runId, { status: 'error', phase: 'done', error: `${code}: ${message}`, finishedAt: ctx.clock.now().toISOString() });
    log.error({ err }, `${req.kind} stopped`);
    throw err;
  } finally {
    clearInterval(renew);
    await state.releaseLock(WRITER_LOCK, req.runId).catch(() => undefined);
  }
}

/**
 * Enqueue the destructive steps, or hold them all in the stored plan for `oisync plan approve`.
 * Returns true when they were held. A dry run only reports what the brake would do.
 */
export async function applyBrake(pc: PlanContext): Promise<boolean> {
  const { state } = pc.ctx;
  const steps = pc.destructive;
  const count = steps.reduce((n, s) => n + (s.name === 'push-members' ? s.data.remove.length : 1), 0);
  const linked = (await state.countUserLinks()) + (await state.countGroupLinks());
  const verdict = brakeVerdict(count, linked, pc.ctx.config.safety.maxDestructive);
  await state.addRunNote(pc.runId, `safety brake: ${verdict.reason}`);
  await state.addCount(pc.runId, 'plan.destructive', count);
  if (pc.dryRun) return verdict.hold;
  const keys = steps.map(recordKey);
  await state.addPlanned(pc.runId, keys);
  if (verdict.hold) {
    await state.holdSteps(pc.runId, steps);
    await state.recordOutcomes(
      pc.runId,
      keys.map((key) => ({ key, kind: recordKindOf(key), outcome: 'held' as const })),
    );
    pc.ctx.logger.warn({ runId: pc.runId, count }, `destructive steps held for approval: oisync plan approve ${pc.runId}`);
    return true;
  }
  await pc.ctx.enqueue.addBulk(steps);
  return false;
}
