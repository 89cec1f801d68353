import type { DriftEntry } from '../domain/drift.js';
import type { Mapper, OutcomeUpdate, ScopeRead, StateStore, TargetDirectory } from '../domain/ports.js';
import type { PlanStep } from '../domain/runs.js';
import type { JobSpec } from '../queue/catalogue.js';
import type { JobContext } from '../queue/job-context.js';

/**
 * What every writer run (full sync, reconcile, incremental pass) carries while it plans: where
 * writes go, the mapping in force, and the destructive steps held back until the brake has
 * seen them all.
 */
export interface PlanContext {
  readonly ctx: JobContext;
  readonly runId: string;
  readonly dryRun: boolean;
  /** The real target, or the dry-run one whose writes are recorded and not sent. */
  readonly target: TargetDirectory;
  readonly mapper: Mapper;
  /** Destructive steps, held back until the brake has seen them all. */
  readonly destructive: JobSpec[];
  /** Scim ids of users that left scope and are kept as they are (flagged), so their memberships stay. */
  readonly keepMembers: Set<string>;
}

/** Each pushed group's Okta members (in-scope ids only), or why the list is incomplete. */
export type MemberLists = Map<string, { readonly ids: readonly string[] } | { readonly error: unknown }>;

/**
 * What one full sync carries between its phases. Held in the control job's memory: the
 * in-scope id set is the only thing that grows with the org (about 80 bytes per user).
 */
export interface RunContext extends PlanContext {
  readonly read: ScopeRead;
  /** Okta ids of every in-scope user seen by this run's read. */
  readonly scope: Set<string>;
  /** Okta group ids selected for push, with their labels. */
  readonly groups: Map<string, string>;
  /**
   * Okta member lists of the pushed groups, read while the users are being written so the
   * membership phase does not wait on Okta.
   */
  members?: Promise<MemberLists>;
}

/**
 * Batches the planner's output for one page: records registered as planned first (so the run
 * cannot look finished early), then immediate outcomes, plan steps, and jobs.
 */
export type FlagInput = Parameters<StateStore['upsertFlag']>[0];

export class PageBatch {
  /** Records that get an outcome now (unchanged, skipped, failed, flagged). */
  readonly outcomes: OutcomeUpdate[] = [];
  /** Records that get a job; their outcome comes from the job. */
  readonly jobs: JobSpec[] = [];
  /** Record keys of `jobs` (and of destructive jobs held back), registered as planned. */
  readonly jobKeys: string[] = [];
  readonly steps: PlanStep[] = [];
  readonly counts = new Map<string, number>();
  readonly flags: FlagInput[] = [];
  readonly closeFlags: { id: string; reason: string }[] = [];
  /** Drift report entries (reconcile); stored by dry runs too. */
  readonly report: DriftEntry[] = [];
  /** State the planner writes itself (links re-derived by reconcile), before any job is enqueued. */
  readonly stateWrites: (() => Promise<void>)[] = [];

  count(name: string, by = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + by);
  }

  /**
   * Store this page's results. A dry run stores the plan (steps, counts, drift report) and the
   * immediate outcomes, and changes nothing else: no state writes, no jobs, no flags.
   */
  async flush(rc: PlanContext): Promise<void> {
    const { state, enqueue } = rc.ctx;
    const planned = [...this.outcomes.map((o) => o.key), ...(rc.dryRun ? [] : this.jobKeys)];
    await state.addPlanned(rc.runId, planned);
    // First writer wins for the planner: a re-plan after a crash keeps the jobs' outcomes.
    await state.recordOutcomes(
      rc.runId,
      this.outcomes.map((o) => ({ ...o, ifAbsent: true })),
    );
    await state.appendPlanSteps(rc.runId, this.steps);
    for (const [name, n] of this.counts) await state.addCount(rc.runId, name, n);
    await state.appendReport(rc.runId, this.report);
    if (rc.dryRun) return;
    for (const write of this.stateWrites) await write();
    if (this.jobs.length) await enqueue.addBulk(this.jobs);
    for (const f of this.flags) await state.upsertFlag(f);
    for (const c of this.closeFlags) await state.autoCloseFlag(c.id, c.reason);
  }
}
