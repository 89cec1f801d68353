import type { Stack } from './stack.js';

/**
 * Situations an operator meets during a migration, set up through the emulators' admin APIs
 * exactly as an Okta or IDaaS admin would cause them. Each takes effect on the next full sync.
 */

/**
 * An IDaaS admin created an account by hand with the userName that a linked Okta user is now
 * renamed to: IDaaS refuses the update with 409 `uniqueness` and says why (a failed record with
 * its SCIM detail). Removing the hand-made account (`clearConflict`) lets a retry succeed.
 */
export function conflictingRename(stack: Stack, login: string, takenName: string): { clearConflict: () => void } {
  const blocker = stack.idaas.edit.createUser({ userName: takenName, displayName: 'Created by hand in the IDaaS console' });
  stack.okta.org.updateUserProfile({ user: login, profile: { login: takenName } });
  return { clearConflict: () => stack.idaas.edit.deleteUser(blocker.id) };
}

/** An Okta admin deactivated a user: `active: false` is destructive, so a brake of 0 holds it. */
export function deactivateInOkta(stack: Stack, login: string): void {
  stack.okta.org.deactivateUser({ user: login });
}

/** An Okta admin removed a user's (direct) app assignment: the user leaves scope and is flagged. */
export function unassignInOkta(stack: Stack, login: string): void {
  stack.okta.org.unassignUser({ user: login });
}

/** Users of the demo org assigned to the app directly, in pushed groups only through Sales. */
export const DIRECT_USERS = ['jose.garcia@acme.example', 'ingrid.johansson@acme.example', 'sofia.fernandez@acme.example', 'grace.hopper@acme.example'] as const;
