import { randomBytes } from 'node:crypto';
import { brakeVerdict } from '../domain/brake.js';
import { describeError, OisyncError } from '../domain/errors.js';
import { failedRecords, newRunId, type RunRecord, type RunStatus } from '../domain/runs.js';
import type { JobSpec } from '../queue/catalogue.js';
import { jobId } from '../queue/catalogue.js';
import type { JobContext, JobInfo } from '../queue/job-context.js';
import { planGroups } from './plan-groups.js';
import { planLeavers } from './plan-leavers.js';
import { planMemberships } from './plan-memberships.js';
import { planUsers } from './plan-users.js';
import type { RunContext } from './run-context.js';
import { waitForRecords, type JobOfKey } from './wait.js';

/** Full syncs and reconciles exclude each other: both write from a full picture. */
export const WRITER_LOCK = 'writer';
const LOCK_TTL_MS = 60_000;

export interface FullSyncRequest {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly trigger: string;
}

/** The run id of a job: given by the CLI, or derived from a scheduler's job id. */
export function runIdForJob(given: string | undefined, jobIdValue: string, now: Date): string {
  if (given) return given;
  const m = /^repeat:[^:]+:(\d+)$/.exec(jobIdValue) ?? /(\d{10,})/.exec(jobIdValue);
  return m ? newRunId(new Date(Number(m[1])), 'sched') : newRunId(now, randomBytes(3).toString('hex'));
}

/** Which job carries a record's outcome (for settling lost records). */
export function jobOfKey(runId: string): JobOfKey {
  return (key) => {
    const [kind, id, batch] = key.split(':');
    if (!id) return undefined;
    if (kind === 'u') return { name: 'push-user', jobId: jobId('user', runId, id) };
    if (kind === 'g') return { name: 'push-group', jobId: jobId('group', runId, id) };
    if (kind === 'm' && batch !== undefined) return { name: 'push-members', jobId: jobId('members', runId, id, batch) };
    return undefined;
  };
}

/**
 * One full sync: plan then execute, in phases — users and groups; memberships (their members
 * are SCIM ids, so after the users); then destructive steps through the safety brake.
 * Re-entrant: a control job that is retried after a crash re-plans the same run id, and
 * deterministic job ids plus per-record outcomes make the second pass add nothing twice.
 */
export async function runFullSync(ctx: JobContext, req: FullSyncRequest, job: JobInfo): Promise<RunRecord> {
  const { state } = ctx;
  const log = ctx.logger.child({ runId: req.runId });
  const mapper = ctx.mapping.current();
  await state.createRun({
    id: req.runId,
    kind: 'full-sync',
    status: 'running',
    phase: 'planning',
    dryRun: req.dryRun,
    trigger: req.trigger,
    startedAt: ctx.clock.now().toISOString(),
    planned: 0,
    done: 0,
    counts: {},
    notes: [],
    mappingHash: mapper.hash,
  });

  if (!(await state.acquireLock(WRITER_LOCK, req.runId, LOCK_TTL_MS))) {
    const holder = await state.lockHolder(WRITER_LOCK);
    const message = `another run is in progress (${holder ?? 'unknown'}); this one did nothing`;
    await state.updateRun(req.runId, { status: 'error', phase: 'done', error: message, finishedAt: ctx.clock.now().toISOString() });
    throw new OisyncError('LOCK_HELD', message);
  }
  const renew = setInterval(() => {
    state.renewLock(WRITER_LOCK, req.runId, LOCK_TTL_MS).catch((err: unknown) => log.warn({ err }, 'could not renew the run lock'));
  }, LOCK_TTL_MS / 3);

  const rc: RunContext = {
    ctx,
    runId: req.runId,
    dryRun: req.dryRun,
    target: req.dryRun ? ctx.dryRunTarget : ctx.target,
    mapper,
    read: ctx.source.readScope(),
    scope: new Set(),
    groups: new Map(),
    destructive: [],
    keepMembers: new Set(),
  };
  const progress = async (run: RunRecord): Promise<void> => {
    await job.updateProgress({ phase: run.phase, planned: run.planned, done: run.done });
  };
  const wait = (): Promise<RunRecord> => waitForRecords(ctx, req.runId, jobOfKey(req.runId), { onTick: progress });

  try {
    log.info({ dryRun: req.dryRun, trigger: req.trigger }, 'full sync started');
    await state.updateRun(req.runId, { phase: 'users' });
    await planUsers(rc);
    const usersComplete = rc.read.report().complete;
    if (usersComplete) await planLeavers(rc);
    if (ctx.config.provisioning.pushGroups) {
      await state.updateRun(req.runId, { phase: 'groups' });
      await planGroups(rc);
    }
    if (!req.dryRun) await wait();

    if (ctx.config.provisioning.pushGroups) {
      await state.updateRun(req.runId, { phase: 'memberships' });
      await planMemberships(rc);
      if (!req.dryRun) await wait();
    }

    const report = rc.read.report();
    await state.updateRun(req.runId, { sourceComplete: report.complete });
    let held = false;
    if (!report.complete) {
      for (const p of report.problems) await state.addRunNote(req.runId, `incomplete Okta read: ${p}`);
      await state.addRunNote(req.runId, 'no destructive step was planned from this incomplete read');
      rc.destructive.length = 0;
    }
    if (rc.destructive.length > 0) {
      await state.updateRun(req.runId, { phase: 'destructive' });
      held = await applyBrake(rc);
      if (!held && !req.dryRun) await wait();
    }

    const final = await state.getRun(req.runId);
    const failed = final ? failedRecords(final) : 0;
    const status: RunStatus = req.dryRun ? 'planned' : held ? 'held' : failed > 0 ? 'failed' : 'succeeded';
    await state.updateRun(req.runId, { status, phase: 'done', finishedAt: ctx.clock.now().toISOString() });
    log.info({ status, counts: final?.counts }, 'full sync finished');
    return (await state.getRun(req.runId)) as RunRecord;
  } catch (err) {
    const { code, message } = describeError(err);
    await state.updateRun(req.runId, { status: 'error', phase: 'done', error: `${code}: ${message}`, finishedAt: ctx.clock.now().toISOString() });
    log.error({ err }, 'full sync stopped');
    throw err;
  } finally {
    clearInterval(renew);
    await state.releaseLock(WRITER_LOCK, req.runId).catch(() => undefined);
  }
}

/** Enqueue the destructive steps, or hold them all in the stored plan for approval. */
async function applyBrake(rc: RunContext): Promise<boolean> {
  const { state } = rc.ctx;
  const size = (s: JobSpec): number => (s.name === 'push-members' ? s.data.remove.length : 1);
  const count = rc.destructive.reduce((n, s) => n + size(s), 0);
  const linked = (await state.countUserLinks()) + (await state.countGroupLinks());
  const verdict = brakeVerdict(count, linked, rc.ctx.config.safety.maxDestructive);
  await state.addRunNote(rc.runId, `safety brake: ${verdict.reason}`);
  await state.addCount(rc.runId, 'plan.destructive', count);
  if (rc.dryRun) return verdict.hold;
  const keys = rc.destructive.map(recordKey);
  if (verdict.hold) {
    await state.holdSteps(rc.runId, rc.destructive);
    await state.addPlanned(rc.runId, keys);
    await state.recordOutcomes(
      rc.runId,
      rc.destructive.map((s, i) => ({ key: keys[i] as string, kind: s.name === 'push-members' ? 'membership' : 'user', outcome: 'held' })),
    );
    rc.ctx.logger.warn({ runId: rc.runId, count }, `destructive steps held for approval: oisync plan approve ${rc.runId}`);
    return true;
  }
  await state.addPlanned(rc.runId, keys);
  await rc.ctx.enqueue.addBulk(rc.destructive);
  return false;
}

export function recordKey(spec: JobSpec): string {
  switch (spec.name) {
    case 'push-user':
    case 'leave-scope':
      return `u:${spec.data.oktaId}`;
    case 'push-group':
      return `g:${spec.data.oktaId}`;
    case 'push-members':
      return `m:${spec.data.oktaGroupId}:${spec.data.batch}`;
    case 'full-sync':
    case 'apply-held':
      return `run:${spec.jobId}`;
  }
}
