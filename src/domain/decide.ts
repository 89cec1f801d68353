import type { UserLink } from './links.js';

/** An IDaaS user as far as matching needs to know it. */
export interface TargetRef {
  readonly id: string;
  readonly userName: string;
  readonly externalId?: string;
  readonly active?: boolean;
}

export type UserDecision =
  | { readonly action: 'unchanged' }
  | { readonly action: 'update'; readonly reason: string; readonly destructive: boolean }
  | { readonly action: 'create' }
  | { readonly action: 'adopt'; readonly scimId: string }
  | { readonly action: 'disputed'; readonly candidates: readonly TargetRef[] }
  | { readonly action: 'skip'; readonly reason: string };

export interface Switches {
  readonly createUsers: boolean;
  readonly updateUserAttributes: boolean;
  readonly deactivateUsers: boolean;
}

/**
 * What to do with one in-scope Okta user (DESIGN §7 "Identity and matching", "Minimal writes").
 * Linked: compare hashes. Not linked: match in IDaaS by externalId (the Okta id) or
 * case-insensitive userName — one match adopts, none creates, several is a dispute.
 */
export function decideUser(input: {
  readonly hash: string;
  readonly mappingHash: string;
  readonly active: boolean | undefined;
  readonly link: UserLink | undefined;
  /** IDaaS candidates for an unlinked user (ignored when linked). */
  readonly candidates: readonly TargetRef[];
  readonly switches: Switches;
}): UserDecision {
  const { link, switches } = input;
  if (link) {
    if (link.hash === input.hash) return { action: 'unchanged' };
    const wasActive = link.body?.['active'] !== false;
    const deactivates = wasActive && input.active === false;
    if (deactivates && !switches.deactivateUsers) return { action: 'skip', reason: 'deactivation disabled (provisioning.deactivateUsers)' };
    if (!switches.updateUserAttributes && !deactivates) return { action: 'skip', reason: 'updates disabled (provisioning.updateUserAttributes)' };
    const reason = link.mappingHash !== input.mappingHash ? 'mapping changed' : deactivates ? 'deactivated in Okta' : 'Okta changed';
    return { action: 'update', reason, destructive: deactivates };
  }
  const unique = new Map(input.candidates.map((c) => [c.id, c]));
  if (unique.size > 1) return { action: 'disputed', candidates: [...unique.values()] };
  const only = [...unique.values()][0];
  if (only) return { action: 'adopt', scimId: only.id };
  if (!switches.createUsers) return { action: 'skip', reason: 'creation disabled (provisioning.createUsers)' };
  return { action: 'create' };
}
