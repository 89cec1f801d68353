/**
 * A link ties an Okta object to the IDaaS resource that represents it. Links are a cache:
 * reconcile can rebuild every one of them from IDaaS (externalId / userName / displayName).
 */

/** Who brought the IDaaS resource into being: only `created` resources may ever be deleted by us. */
export type Origin = 'created' | 'adopted';

export interface UserLink {
  readonly oktaId: string;
  readonly scimId: string;
  /** Canonical hash of the body we last wrote (or adopted); equal hash → nothing to send. */
  readonly hash: string;
  /** Hash of the mapping that produced that body. */
  readonly mappingHash: string;
  readonly origin: Origin;
  readonly userName: string;
  /** The body we last wrote, for PATCH diffs and dry-run "old → new" (no password, ever). */
  readonly body: Readonly<Record<string, unknown>> | null;
  readonly linkedAt: string;
  readonly writtenAt: string;
  /** Set when the user left the app's scope and that was handled (flagged/deactivated). */
  readonly outOfScopeSince?: string;
}

export interface GroupLink {
  readonly oktaId: string;
  readonly scimId: string;
  readonly hash: string;
  readonly mappingHash: string;
  readonly origin: Origin;
  readonly displayName: string;
  readonly body: Readonly<Record<string, unknown>> | null;
  readonly linkedAt: string;
  readonly writtenAt: string;
}
