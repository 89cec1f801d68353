import type { Job } from 'bullmq';
import { OisyncError } from '../domain/errors.js';
import type { StateStore } from '../domain/ports.js';
import type { FailureRecord, RunRecord } from '../domain/runs.js';
import { settleRun } from '../engine/settle-run.js';
import type { Queues } from './queues.js';

/**
 * What an operator can do about one failed record of a run: retry its BullMQ job (the job's
 * new outcome replaces the failure and moves the counters), or skip it (recorded as the
 * operator's decision, the failed job removed). Either way a finished run with no failure left
 * becomes `succeeded`.
 */
export interface FailedRecordDeps {
  readonly state: StateStore;
  readonly queues: Queues;
  readonly now: () => Date;
}

/** The failed job behind a failure record, as the status page shows it. */
export interface FailedJobView {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly attemptsMade: number;
  /** The job payload: the mapped SCIM body and what the job was to do (never a secret). */
  readonly data: unknown;
}

async function failureOf(state: StateStore, runId: string, key: string): Promise<FailureRecord> {
  const failure = (await state.getFailures(runId)).find((f) => f.key === key);
  if (!failure) throw new OisyncError('FAILURE_NOT_FOUND', `run ${runId} has no failed record "${key}" (retried or skipped already?)`);
  return failure;
}

async function failedJob(queues: Queues, failure: FailureRecord): Promise<Job> {
  const job = failure.jobId ? await queues.byName.push.getJob(failure.jobId) : undefined;
  if (!job) {
    throw new OisyncError(
      'JOB_NOT_RETRYABLE',
      `the job of ${failure.label} is no longer kept (failed jobs are kept queue.keepFailedDays days); run a full sync to write it again`,
    );
  }
  const state = await job.getState();
  if (state !== 'failed') throw new OisyncError('JOB_NOT_RETRYABLE', `the job of ${failure.label} is ${state}, not failed; wait for it to finish`);
  return job;
}

export async function retryFailedRecord(deps: FailedRecordDeps, runId: string, key: string, by: string): Promise<{ jobId: string }> {
  const failure = await failureOf(deps.state, runId, key);
  const job = await failedJob(deps.queues, failure);
  await job.retry('failed');
  await deps.state.addRunNote(runId, `${failure.kind} ${failure.label}: retry requested by ${by} at ${deps.now().toISOString()}`);
  return { jobId: job.id ?? '' };
}

export async function skipFailedRecord(deps: FailedRecordDeps, runId: string, key: string, by: string): Promise<RunRecord | undefined> {
  const failure = await failureOf(deps.state, runId, key);
  const job = failure.jobId ? await deps.queues.byName.push.getJob(failure.jobId) : undefined;
  const jobState = job ? await job.getState() : 'gone';
  if (jobState === 'active' || jobState === 'waiting' || jobState === 'delayed' || jobState === 'prioritized') {
    throw new OisyncError('JOB_NOT_RETRYABLE', `the job of ${failure.label} is ${jobState} (being retried); wait for it to finish`);
  }
  await deps.state.recordOutcome(runId, { key, kind: failure.kind, outcome: 'skipped' });
  await deps.state.addRunNote(runId, `${failure.kind} ${failure.label}: skipped by ${by} at ${deps.now().toISOString()} (it failed with ${failure.code})`);
  if (job && jobState === 'failed') await job.remove();
  return settleRun(deps.state, runId, deps.now());
}

/** The failed job of a failure record, or undefined when it is no longer kept. */
export async function failedJobView(queues: Queues, jobId: string | undefined): Promise<FailedJobView | undefined> {
  if (!jobId) return undefined;
  const job = await queues.byName.push.getJob(jobId);
  if (!job) return undefined;
  return { id: job.id ?? jobId, name: job.name, state: await job.getState(), attemptsMade: job.attemptsMade, data: job.data as unknown };
}
