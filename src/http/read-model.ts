import { OisyncError } from '../domain/errors.js';
import type { FailureRecord, RunRecord } from '../domain/runs.js';
import type { MappingStatus } from '../mapping/index.js';
import type { JobSpec } from '../queue/catalogue.js';
import { failedJobView, type FailedJobView } from '../queue/failed-records.js';
import { RECENT_RUNS, type ClusterView } from './cluster.js';
import type { ServerContext } from './context.js';
import type { DriftReportView } from './options.js';
import type { ProbeResult, ProbeSide } from './probes.js';
import { currentRun, heldStepView, runView, type HeldStepView, type RunView } from './view-model.js';

/**
 * What the status page and the JSON API read, in one place: each function is one small set of
 * Redis reads. Redis calls are bounded in time, so a Redis outage gives a clear 503 instead of
 * a page that hangs while the client reconnects.
 */

const REDIS_TIMEOUT_MS = 3_000;
/** Runs read afresh for each status poll: enough to find the one in progress and the last one. */
const POLLED_RUNS = 10;

export async function fromRedis<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OisyncError('REDIS_UNAVAILABLE', `Redis did not answer within ${REDIS_TIMEOUT_MS / 1000} s`)), REDIS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (err) {
    if (err instanceof OisyncError) throw err;
    throw new OisyncError('REDIS_UNAVAILABLE', `Redis read failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

export interface StatusView {
  readonly version: string;
  readonly now: string;
  /** The run in progress, with live progress and ETA; null when none. */
  readonly current: RunView | null;
  /** The newest finished run. */
  readonly last: RunView | null;
  readonly health: {
    readonly redis: boolean;
    /** This process's workers. */
    readonly workers: boolean;
    readonly okta: ProbeResult | null;
    readonly scim: ProbeResult | null;
  };
  readonly queues: ClusterView['queues'];
  readonly workers: ClusterView['workers'];
  readonly flags: { readonly open: number; readonly byKind: Readonly<Record<string, number>> };
  readonly held: readonly { readonly runId: string; readonly steps: number }[];
  readonly mapping: MappingStatus | null;
  readonly okta: { readonly requests: number; readonly retries: number; readonly rateLimited: number; readonly buckets: Readonly<Record<string, { limit: number; remaining: number; reset: number }>> } | null;
}

export async function readRuns(ctx: ServerContext, limit = RECENT_RUNS): Promise<readonly RunRecord[]> {
  return fromRedis(ctx.deps.state.listRuns(limit));
}

/** The overview; `fresh` skips the short cache of cluster-wide figures (a full page render). */
export async function readStatus(ctx: ServerContext, opts: { runs?: readonly RunRecord[]; fresh?: boolean } = {}): Promise<StatusView> {
  const now = new Date(ctx.now());
  // Polled every 1.5 s by every open page: the current run from the newest few runs read now,
  // held runs from the (2 s) cached list of all kept runs.
  const [recent, cluster] = await Promise.all([opts.runs ?? readRuns(ctx, POLLED_RUNS), ctx.cluster.get({ fresh: opts.fresh === true })]);
  const held = (opts.runs ?? cluster.runs).filter((r) => r.status === 'held');
  const heldCounts = await fromRedis(Promise.all(held.map(async (r) => ({ runId: r.id, steps: (await ctx.deps.state.getHeld(r.id)).length }))));
  const current = currentRun(recent);
  const last = recent.find((r) => r !== current && runView(r, now).final);
  const probes = ctx.prober.results();
  const probe = (side: ProbeSide): ProbeResult | null => probes[side] ?? null;
  const stats = ctx.deps.oktaStats?.();
  return {
    version: ctx.deps.version,
    now: now.toISOString(),
    current: current ? runView(current, now) : null,
    last: last ? runView(last, now) : null,
    health: { redis: true, workers: ctx.deps.workersRunning(), okta: probe('okta'), scim: probe('scim') },
    queues: cluster.queues,
    workers: cluster.workers,
    flags: { open: Object.values(cluster.openFlags).reduce((a, b) => a + b, 0), byKind: cluster.openFlags },
    held: heldCounts,
    mapping: ctx.deps.mappingStatus?.() ?? null,
    okta: stats ? { requests: stats.requests, retries: stats.retries, rateLimited: stats.rateLimited, buckets: stats.buckets } : null,
  };
}

export async function readRun(ctx: ServerContext, runId: string): Promise<RunRecord> {
  const run = await fromRedis(ctx.deps.state.getRun(runId));
  if (!run) throw new OisyncError('RUN_NOT_FOUND', `no run "${runId}" is stored`);
  return run;
}

export interface FailureView extends FailureRecord {
  /** The failed BullMQ job with its payload (the record as mapped), while it is kept. */
  readonly job: FailedJobView | null;
}

export async function readFailures(ctx: ServerContext, runId: string, offset: number, limit: number): Promise<{ total: number; failures: readonly FailureView[] }> {
  const all = await fromRedis(ctx.deps.state.getFailures(runId));
  const page = all.slice(offset, offset + limit);
  const failures = await fromRedis(Promise.all(page.map(async (f) => ({ ...f, job: (await failedJobView(ctx.deps.queues, f.jobId)) ?? null }))));
  return { total: all.length, failures };
}

export async function readHeld(ctx: ServerContext, runId: string, limit: number): Promise<{ total: number; steps: readonly HeldStepView[] }> {
  const held = (await fromRedis(ctx.deps.state.getHeld(runId))) as JobSpec[];
  return { total: held.length, steps: held.slice(0, limit).map(heldStepView) };
}

export interface DriftView {
  /** The last reconcile run, or null when none has run. */
  readonly run: RunView | null;
  /** Its drift report; null when none is stored (or this build cannot read reports). */
  readonly report: DriftReportView | null;
  /** Whether the state store can read drift reports at all. */
  readonly available: boolean;
}

export async function readDrift(ctx: ServerContext, runs: readonly RunRecord[]): Promise<DriftView> {
  const store = ctx.deps.state;
  const available = typeof store.getDriftReport === 'function';
  const last = runs.find((r) => r.kind === 'reconcile');
  if (!last) return { run: null, report: null, available };
  const report = available ? ((await fromRedis(store.getDriftReport?.(last.id) ?? Promise.resolve(undefined))) ?? null) : null;
  return { run: runView(last, new Date(ctx.now())), report, available };
}
