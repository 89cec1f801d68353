import { randomBytes } from 'node:crypto';
import { newRunId, type RunRecord } from '../domain/runs.js';
import type { JobContext, JobInfo } from '../queue/job-context.js';
import { runDirtyPass, settleIfDone } from './dirty-pass.js';

/** The durable System Log cursor (the `next` link of the last batch applied). */
export const LOG_CURSOR = 'system-log';
/** The batch being applied: the cursor it was read from and the run it maps to. */
const PENDING = 'system-log-pending';
/** Single-flight for polls across every process; a poll that finds it held skips its turn. */
export const INCREMENTAL_LOCK = 'incremental';

export interface PollResult {
  /** False when another poll was still running (this one did nothing). */
  readonly ran: boolean;
  readonly events: number;
  readonly run?: RunRecord;
}

/**
 * One System Log poll (`schedule.incrementalSeconds`). Reads the next batch from the stored
 * cursor (none yet: from now), plans the dirty ids as one incremental pass, and only then stores
 * the batch's `nextCursor` — so a crash repeats the batch instead of losing it. Re-reading a
 * cursor returns the same events, and the batch maps to the same run id (kept beside the
 * cursor), so the repeat enqueues the same job ids: nothing is applied twice. A poll that takes
 * longer than the interval makes the next one skip (single-flight), not pile up.
 */
export async function pollSystemLog(ctx: JobContext, job: JobInfo, trigger: string): Promise<PollResult> {
  const { state } = ctx;
  const owner = `poll-${job.id || randomBytes(4).toString('hex')}`;
  const ttlMs = Math.max(30_000, ctx.config.schedule.incrementalSeconds * 2000);
  if (!(await state.acquireLock(INCREMENTAL_LOCK, owner, ttlMs))) {
    ctx.logger.debug({ holder: await state.lockHolder(INCREMENTAL_LOCK) }, 'previous System Log poll still running; skipping this one');
    return { ran: false, events: 0 };
  }
  const renew = setInterval(() => {
    state.renewLock(INCREMENTAL_LOCK, owner, ttlMs).catch((err: unknown) => ctx.logger.warn({ err }, 'could not renew the poll lock'));
  }, ttlMs / 3);
  try {
    await settleOpenPasses(ctx);
    const cursor = (await state.getCursor(LOG_CURSOR)) ?? null;
    if (cursor === null) ctx.logger.info({}, 'no System Log cursor stored yet: reading changes from now on (a full sync covers what came before)');
    const batch = await ctx.source.readChanges(cursor);
    let run: RunRecord | undefined;
    if (batch.dirtyUserIds.length > 0 || batch.dirtyGroupIds.length > 0) {
      const runId = await runIdFor(ctx, cursor);
      run = await runDirtyPass(ctx, { runId, trigger, ids: { userIds: batch.dirtyUserIds, groupIds: batch.dirtyGroupIds } });
      await state.addCount(runId, 'incremental.events', batch.events);
      ctx.logger.info({ runId, events: batch.events, users: batch.dirtyUserIds.length, groups: batch.dirtyGroupIds.length }, 'System Log changes planned');
    }
    await state.setCursor(LOG_CURSOR, batch.nextCursor);
    return { ran: true, events: batch.events, ...(run ? { run } : {}) };
  } finally {
    clearInterval(renew);
    await state.releaseLock(INCREMENTAL_LOCK, owner).catch(() => undefined);
  }
}

/** The run a batch maps to: the same one again when the batch is re-read after a crash. */
async function runIdFor(ctx: JobContext, cursor: string | null): Promise<string> {
  const from = cursor ?? '';
  const raw = await ctx.state.getCursor(PENDING);
  if (raw) {
    try {
      const pending = JSON.parse(raw) as { from?: string; runId?: string };
      if (pending.from === from && pending.runId) return pending.runId;
    } catch {
      // unreadable: start a new run
    }
  }
  const runId = newRunId(ctx.clock.now(), randomBytes(3).toString('hex'));
  await ctx.state.setCursor(PENDING, JSON.stringify({ from, runId }));
  return runId;
}

/**
 * Before the System Log is read from "now" for the first time, a full sync stores the cursor
 * at its own start: changes made while it reads are then picked up by the next poll, and none
 * made before fall between the two. Nothing to do when polling is off or a cursor exists.
 */
export async function initLogCursor(ctx: JobContext): Promise<void> {
  if (ctx.config.schedule.incrementalSeconds === 0 || (await ctx.state.getCursor(LOG_CURSOR))) return;
  const batch = await ctx.source.readChanges(null);
  await ctx.state.setCursor(LOG_CURSOR, batch.nextCursor);
}

/** Incremental passes never wait for their jobs; the next poll (or delivery) finishes the runs that are done. */
export async function settleOpenPasses(ctx: JobContext): Promise<void> {
  for (const run of await ctx.state.listRuns(20, 'incremental')) if (run.status === 'running') await settleIfDone(ctx, run.id);
}
