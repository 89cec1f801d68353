import type { Origin } from './links.js';

/**
 * The manual-cleanup queue. A flag is raised instead of a destructive write: a user who left
 * the app's scope ("unauthorized" in IDaaS terms), a user matching several IDaaS accounts, an
 * IDaaS resource nobody in Okta accounts for, a deactivation IDaaS did not honour, IDaaS-side
 * drift that policy says to report rather than overwrite, an unlinked match not adopted.
 * Flag resolutions exist only in Redis: they are not rebuildable from Okta or IDaaS.
 */
export type FlagKind = 'unassigned' | 'disputed' | 'orphan' | 'deactivation-ignored' | 'drift' | 'unlinked' | 'member-pending';

export const FLAG_KINDS: readonly FlagKind[] = ['unassigned', 'disputed', 'orphan', 'deactivation-ignored', 'drift', 'unlinked', 'member-pending'];
export const FLAG_STATES: readonly FlagState[] = ['open', 'resolved', 'auto-closed'];

export type FlagState = 'open' | 'resolved' | 'auto-closed';

export interface Flag {
  /** Stable per subject and kind, so seeing the same problem again updates one flag. */
  readonly id: string;
  readonly kind: FlagKind;
  readonly oktaId?: string;
  readonly login?: string;
  readonly scimId?: string;
  /** IDaaS groups (display names) the user still belongs to, for manual cleanup. */
  readonly groups: readonly string[];
  readonly reason: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly state: FlagState;
  readonly runId?: string;
  readonly resolution?: { readonly by: string; readonly note: string; readonly at: string };
}

export function flagId(kind: FlagKind, subject: string): string {
  return `${kind}-${subject}`.replace(/[^A-Za-z0-9_.@-]/g, '_');
}

/** Flags whose account `oisync flags cleanup` may remove: users who left scope, orphans. */
export const CLEANABLE_KINDS: readonly FlagKind[] = ['unassigned', 'orphan'];

/**
 * Why `oisync flags cleanup` refuses a flag, or undefined when it may delete or deactivate
 * the flag's IDaaS account: only open flags about a user who left, and only an account oisync
 * created — the ownership boundary a rebuilt (adopted) link can never cross.
 */
export function cleanupRefusal(flag: Flag, link: { readonly scimId: string; readonly origin: Origin } | undefined): string | undefined {
  if (flag.state !== 'open') return `the flag is ${flag.state}`;
  if (!CLEANABLE_KINDS.includes(flag.kind)) return `a ${flag.kind} flag is not about an account to remove (only ${CLEANABLE_KINDS.join(', ')})`;
  if (!flag.oktaId || !flag.scimId) return 'the flag names no IDaaS account';
  if (!link) return 'no link: nothing proves oisync created this account; clean it up by hand';
  if (link.scimId !== flag.scimId) return `the linked IDaaS account is ${link.scimId}, not ${flag.scimId}; run a reconcile first`;
  if (link.origin !== 'created') return 'oisync did not create this account (it was adopted); clean it up by hand';
  return undefined;
}
