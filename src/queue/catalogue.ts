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

export interface JobPayloads {
  'full-sync': FullSyncJob;
  'apply-held': ApplyHeldJob;
  'push-user': PushUserJob;
  'push-group': PushGroupJob;
  'push-members': PushMembersJob;
  'leave-scope': LeaveScopeJob;
}

export type JobName = keyof JobPayloads;

export const JOB_QUEUE: Record<JobName, QueueName> = {
  'full-sync': 'control',
  'apply-held': 'control',
  'push-user': 'push',
  'push-group': 'push',
  'push-members': 'push',
  'leave-scope': 'push',
};

/** A job ready to enqueue: name, payload and its deterministic id. */
export type JobSpec = { [N in JobName]: { name: N; data: JobPayloads[N]; jobId: string } }[JobName];

/**
 * Deterministic job ids make enqueueing idempotent: a planner that runs twice (crash, retry)
 * adds nothing new. BullMQ forbids ':' in custom ids and all-digit ids.
 */
export function jobId(...parts: readonly (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[^A-Za-z0-9_.@-]/g, '_')).join('-');
}
