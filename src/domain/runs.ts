/**
 * Runs: one full sync, reconcile or incremental pass, with its plan, per-record outcomes and
 * failures. What `oisync runs show` and the status page display.
 */

/** `cleanup`: `oisync flags cleanup --confirm` removing accounts an admin picked. */
export type RunKind = 'full-sync' | 'reconcile' | 'incremental' | 'cleanup';

export type RunStatus =
  | 'queued'
  | 'running'
  /** Finished; every record succeeded or was deliberately skipped/flagged. */
  | 'succeeded'
  /** Finished with at least one failed record. */
  | 'failed'
  /** Destructive steps are waiting for `oisync plan approve`; the rest is done. */
  | 'held'
  /** The run itself could not proceed (e.g. IDaaS unauthorized, Okta unreachable). */
  | 'error'
  /** Dry run: the plan is stored, nothing was written. */
  | 'planned';

export type RunPhase = 'planning' | 'users' | 'groups' | 'memberships' | 'destructive' | 'done';

/** What happened to one record. */
export type Outcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'adopted'
  | 'deactivated'
  | 'deleted'
  | 'flagged'
  | 'skipped'
  | 'failed'
  | 'held';

export type RecordKind = 'user' | 'group' | 'membership';

export const OUTCOMES: readonly Outcome[] = [
  'created',
  'updated',
  'unchanged',
  'adopted',
  'deactivated',
  'deleted',
  'flagged',
  'skipped',
  'failed',
  'held',
];

/** Counters per kind and outcome, e.g. `user.created`, plus membership adds/removes. */
export type RunCounts = Record<string, number>;

export interface RunRecord {
  readonly id: string;
  readonly kind: RunKind;
  readonly status: RunStatus;
  readonly phase: RunPhase;
  readonly dryRun: boolean;
  readonly trigger: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** Records planned for writing (jobs enqueued) and records with a final outcome. */
  readonly planned: number;
  readonly done: number;
  readonly counts: RunCounts;
  /** Was the Okta read complete? If not, no destructive step was planned. */
  readonly sourceComplete?: boolean;
  readonly notes: readonly string[];
  readonly mappingHash?: string;
  /** Why the run stopped, for status `error`. */
  readonly error?: string;
}

/** One failed record, as the operator sees it. */
export interface FailureRecord {
  readonly key: string;
  readonly kind: RecordKind;
  /** Okta id (user/group) the record is about. */
  readonly oktaId: string;
  readonly label: string;
  readonly code: string;
  readonly message: string;
  /** SCIM `detail` (and `scimType`) when IDaaS rejected it. */
  readonly detail?: string;
  readonly jobId?: string;
  readonly at: string;
}

/** A planned step: what a dry run shows and `plan show` lists. */
export interface PlanStep {
  readonly key: string;
  readonly kind: RecordKind;
  readonly action: string;
  readonly oktaId: string;
  readonly label: string;
  readonly scimId?: string;
  readonly destructive: boolean;
  /** Why, in words (e.g. "Okta profile changed", "mapping changed", "left scope"). */
  readonly reason?: string;
  /** Attribute changes old → new. */
  readonly changes?: readonly AttributeChange[];
}

export interface AttributeChange {
  readonly path: string;
  readonly old: unknown;
  readonly new: unknown;
}

/** A run as it starts: nothing planned or done yet. */
export function startingRun(r: {
  readonly id: string;
  readonly kind: RunKind;
  readonly dryRun: boolean;
  readonly trigger: string;
  readonly startedAt: string;
  readonly phase?: RunPhase;
  readonly mappingHash?: string;
}): RunRecord {
  return {
    id: r.id,
    kind: r.kind,
    status: 'running',
    phase: r.phase ?? 'planning',
    dryRun: r.dryRun,
    trigger: r.trigger,
    startedAt: r.startedAt,
    planned: 0,
    done: 0,
    counts: {},
    notes: [],
    ...(r.mappingHash ? { mappingHash: r.mappingHash } : {}),
  };
}

/** Statuses a run does not leave (a held run leaves only through `plan approve`). */
export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'held', 'error', 'planned'];

export function isFinalRun(run: Pick<RunRecord, 'status'>): boolean {
  return FINAL_RUN_STATUSES.includes(run.status);
}

/** Records that ended `failed` in this run (any kind). */
export function failedRecords(run: Pick<RunRecord, 'counts'>): number {
  return (run.counts['user.failed'] ?? 0) + (run.counts['group.failed'] ?? 0) + (run.counts['membership.failed'] ?? 0);
}

/** Users and groups this run changed in IDaaS. */
export function changedRecords(run: Pick<RunRecord, 'counts'>): number {
  return ['created', 'adopted', 'updated', 'deactivated', 'deleted']
    .map((o) => (run.counts[`user.${o}`] ?? 0) + (run.counts[`group.${o}`] ?? 0))
    .reduce((a, b) => a + b, 0);
}

/** Run ids sort by start time and are valid BullMQ job id parts (no ':' , not all digits). */
export function newRunId(now: Date, random: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `r${stamp}-${random}`;
}
