import type { ScimGroupBody, ScimUserBody } from '../domain/scim.js';

/**
 * The typed job catalogue: every job name, its payload, and the queue it runs on. Adding a
 * job means adding it to `JobPayloads` and to `JOB_QUEUE` — the `Record` makes a job that is
 * not routed a compile error. Payloads hold no secrets (BullMQ stores them in clear text).
 */

export const QUEUE_NAMES = ['control', 'push'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface FullSyncJob {
  /** Absent for scheduled runs: the run id is then derived from the job id. */
  readonly runId?: string;
  readonly dryRun: boolean;
  readonly trigger: string;
}

export type UserAction = 'create' | 'update' | 'adopt';

export interface PushUserJob {
  readonly runId: string;
  readonly oktaId: string;
  readonly label: string;
  readonly action: UserAction;
  /** Known IDaaS id for update/adopt. */
  readonly scimId?: string;
  /** The mapped body, without password (a random one is generated at create time if configured). */
  readonly body: ScimUserBody;
  readonly hash: string;
  readonly mappingHash: string;
  /** This write turns an active account inactive (counts against the safety brake). */
  readonly destructive: boolean;
  /**
   * Reconcile found IDaaS different from what we last wrote: write even though the hash equals
   * the link's, and diff PATCHes against what IDaaS holds now rather than the stored body.
   */
  readonly repair?: boolean;
  /**
   * When the Okta state behind `body` was read. A link written after this (by a run that read
   * Okta later, e.g. an incremental pass during a long full sync) makes this body stale.
   */
  readonly plannedAt?: string;
}

export interface PushGroupJob {
  readonly runId: string;
  readonly oktaId: string;
  readonly label: string;
  readonly action: UserAction;
  readonly scimId?: string;
  readonly body: ScimGroupBody;
  readonly hash: string;
  readonly mappingHash: string;
  /** Reconcile found the IDaaS group renamed: write even though the hash equals the link's. */
  readonly repair?: boolean;
}

export interface PushMembersJob {
  readonly runId: string;
  readonly oktaGroupId: string;
  readonly label: string;
  readonly batch: number;
  /** Okta user ids to add; resolved to SCIM ids through the links when the job runs. */
  readonly addOktaIds: readonly string[];
  /** SCIM ids to remove (destructive). */
  readonly remove: readonly string[];
  /**
   * Retry later while some members are not provisioned yet (incremental sync, where a user
   * and their membership arrive together). A full sync plans memberships after the users, so
   * it sets false and reports unprovisioned members as pending.
   */
  readonly waitForMembers: boolean;
}

/** A user who left the app's scope, under `provisioning.unassigned: deactivate | delete`. */
export interface LeaveScopeJob {
  readonly runId: string;
  readonly oktaId: string;
  readonly label: string;
  readonly scimId: string;
  readonly action: 'deactivate' | 'delete';
}

/** Release the destructive steps a run's safety brake held (`oisync plan approve RUN`). */
export interface ApplyHeldJob {
  readonly runId: string;
  readonly approvedBy: string;
}

/** A reconcile run (`oisync reconcile`, or `schedule.reconcile`). */
export interface ReconcileJob {
  readonly runId?: string;
  readonly dryRun: boolean;
  readonly trigger: string;
}

/** One System Log poll (`schedule.incrementalSeconds`): read from the stored cursor, plan the dirty ids. */
export interface IncrementalJob {
  readonly trigger: string;
}

/**
 * Dirty Okta ids from an Event Hook delivery: re-read each and push what changed, as a poll
 * would. `key` identifies the delivery, so a redelivery maps to the same run and job ids.
 */
export interface DirtyIdsJob {
  /** Chosen when the delivery is enqueued, so a retried job re-enters the same run. */
  readonly runId: string;
  readonly key: string;
  readonly trigger: string;
  readonly userIds: readonly string[];
  readonly groupIds: readonly string[];
  readonly membershipGroupIds: readonly string[];
  /** Groups whose app assignment changed: their members are re-read too. */
  readonly assignedGroupIds: readonly string[];
}

export interface JobPayloads {
  'full-sync': FullSyncJob;
  reconcile: ReconcileJob;
  incremental: IncrementalJob;
  'dirty-ids': DirtyIdsJob;
  'apply-held': ApplyHeldJob;
  'push-user': PushUserJob;
  'push-group': PushGroupJob;
  'push-members': PushMembersJob;
  'leave-scope': LeaveScopeJob;
}

export type JobName = keyof JobPayloads;

export const JOB_QUEUE: Record<JobName, QueueName> = {
  'full-sync': 'control',
  reconcile: 'control',
  incremental: 'control',
  'dirty-ids': 'control',
  'apply-held': 'control',
  'push-user': 'push',
  'push-group': 'push',
  'push-members': 'push',
  'leave-scope': 'push',
};

/**
 * A job ready to enqueue: name, payload and its deterministic id. `lifo` puts it at the head of
 * its queue (incremental changes overtake a long full sync's backlog).
 */
export type JobSpec = { [N in JobName]: { name: N; data: JobPayloads[N]; jobId: string; lifo?: boolean } }[JobName];

/**
 * Deterministic job ids make enqueueing idempotent: a planner that runs twice (crash, retry)
 * adds nothing new. BullMQ forbids ':' in custom ids and all-digit ids.
 */
export function jobId(...parts: readonly (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[^A-Za-z0-9_.@-]/g, '_')).join('-');
}
