import type { DriftAction } from './drift.js';
import { compareResource } from './drift.js';
import type { Origin } from './links.js';
import type { AttributeChange } from './runs.js';

/**
 * How reconcile classifies one Okta/IDaaS pair and what policy lets it do about it (DESIGN §7
 * "Reconcile"). Pure: the engine gathers both sides and enqueues what these functions decide.
 */

/** `reconcile:` in the config. */
export interface ReconcilePolicy {
  /** `overwrite`: write Okta's values back over IDaaS-side changes; `report`: report and flag only. */
  readonly drift: 'overwrite' | 'report';
  /** Link an unlinked IDaaS account that matches an Okta user (externalId or userName). */
  readonly adoptUnlinked: boolean;
  /** IDaaS accounts with our marker whose Okta user was deleted. */
  readonly orphans: 'flag' | 'deactivate' | 'delete';
}

/** An IDaaS resource as reconcile needs it: its id and its attributes as IDaaS holds them now. */
export interface TargetResource {
  readonly id: string;
  readonly attrs: Readonly<Record<string, unknown>>;
}

export type PairVerdict =
  | { readonly class: 'in-sync'; readonly scimId: string }
  | {
      readonly class: 'drifted';
      readonly scimId: string;
      readonly changes: readonly AttributeChange[];
      /** Okta changed since the last write (the hash differs), so it is not only an IDaaS-side edit. */
      readonly oktaChanged: boolean;
    }
  /** `changes` holds any other drifted attributes (`active` is not among them). */
  | { readonly class: 'deactivation-ignored'; readonly scimId: string; readonly changes: readonly AttributeChange[] }
  | { readonly class: 'missing'; readonly wasLinked: boolean }
  | { readonly class: 'unlinked-match'; readonly scimId: string; readonly changes: readonly AttributeChange[] }
  | { readonly class: 'disputed'; readonly candidates: readonly string[] };

export interface PairInput {
  /** The mapped body Okta says IDaaS should hold, and its hash. */
  readonly desired: Readonly<Record<string, unknown>>;
  readonly hash: string;
  /** Our link, if any: the body we last wrote and its hash. */
  readonly link?: { readonly scimId: string; readonly hash: string; readonly body: Readonly<Record<string, unknown>> | null };
  /** What the link points at, as IDaaS holds it now; undefined when it is gone. */
  readonly linked?: TargetResource;
  /** For an unlinked object: the IDaaS resources that match it (externalId or name). */
  readonly candidates: readonly TargetResource[];
}

/**
 * Classify one in-scope Okta user or selected group against IDaaS. A user Okta made inactive,
 * to whom oisync already sent `active:false`, but whom IDaaS still shows active, is
 * "deactivation not honoured" (IDaaS may not sync inactive status, seed FAQ): a flag, not a
 * write that would repeat on every run.
 */
export function classifyPair(input: PairInput): PairVerdict {
  const { link } = input;
  if (link) {
    if (!input.linked) return { class: 'missing', wasLinked: true };
    const changes = compareResource(input.desired, input.linked.attrs, link.body);
    const activeChange = changes.find((c) => c.path === 'active');
    const ignored = activeChange !== undefined && input.desired['active'] === false && activeChange.old !== false && link.body?.['active'] === false;
    if (ignored) return { class: 'deactivation-ignored', scimId: link.scimId, changes: changes.filter((c) => c !== activeChange) };
    if (changes.length === 0) return { class: 'in-sync', scimId: link.scimId };
    return { class: 'drifted', scimId: link.scimId, changes, oktaChanged: link.hash !== input.hash };
  }
  const unique = new Map(input.candidates.map((c) => [c.id, c]));
  if (unique.size > 1) return { class: 'disputed', candidates: [...unique.keys()] };
  const only = [...unique.values()][0];
  if (!only) return { class: 'missing', wasLinked: false };
  return { class: 'unlinked-match', scimId: only.id, changes: compareResource(input.desired, only.attrs, null) };
}

/** The provisioning switches reconcile honours, as a sync does. */
export interface RepairSwitches {
  readonly create: boolean;
  readonly update: boolean;
}

/**
 * What policy allows for a verdict: `repair`/`create`/`adopt` become push jobs; `flag` and
 * `report` write nothing to IDaaS (a flag also enters the manual-cleanup queue).
 */
export function pairAction(v: PairVerdict, policy: ReconcilePolicy, switches: RepairSwitches): DriftAction {
  switch (v.class) {
    case 'in-sync':
      return 'none';
    case 'drifted':
      return policy.drift === 'overwrite' && switches.update ? 'repair' : 'report';
    case 'deactivation-ignored':
      return v.changes.length > 0 && policy.drift === 'overwrite' && switches.update ? 'repair' : 'flag';
    case 'missing':
      // Never linked: a record no sync has created yet. Deleted in IDaaS after we wrote it: an
      // IDaaS-side change like any other drift.
      return switches.create && (!v.wasLinked || policy.drift === 'overwrite') ? 'create' : 'report';
    case 'unlinked-match':
      return policy.adoptUnlinked ? 'adopt' : 'flag';
    case 'disputed':
      return 'flag';
  }
}

/** What IDaaS resources Okta no longer accounts for are. */
export type TargetOnlyClass = 'orphan' | 'unauthorized' | 'unmanaged';

/** "Our marker": an externalId shaped like an Okta id of this kind (`00u…` users, `00g…` groups). */
export function hasOktaMarker(externalId: unknown, kind: 'user' | 'group'): externalId is string {
  return typeof externalId === 'string' && (kind === 'user' ? /^00u[A-Za-z0-9]+$/ : /^00g[A-Za-z0-9]+$/).test(externalId);
}

/**
 * An IDaaS user no in-scope Okta user accounts for. Without a link and without an Okta-shaped
 * externalId it was made by hand: unmanaged, never touched. Otherwise Okta decides: the user
 * exists but lost the app (unauthorized), or is gone (orphan).
 */
export function classifyTargetOnly(input: { readonly linked: boolean; readonly externalId?: unknown; readonly okta: 'not-assigned' | 'not-found' }): TargetOnlyClass {
  if (!input.linked && !hasOktaMarker(input.externalId, 'user')) return 'unmanaged';
  return input.okta === 'not-assigned' ? 'unauthorized' : 'orphan';
}

/**
 * What to do with an orphan or unauthorized account under its policy (`provisioning.unassigned`
 * for unauthorized users, `reconcile.orphans` for orphans). Deletion only ever applies to
 * accounts oisync created; anything else is flagged instead.
 */
export function leaveAction(policy: 'flag' | 'deactivate' | 'delete', origin: Origin | undefined): 'flag' | 'deactivate' | 'delete' {
  if (policy === 'delete') return origin === 'created' ? 'delete' : 'flag';
  return policy;
}

/**
 * Membership drift of one group: who Okta says should be in it (SCIM ids of linked in-scope
 * members) against who IDaaS has. Only members oisync manages (`owned`) are ever removed, and
 * users kept on purpose (flagged leavers) stay.
 */
export function membershipDelta(
  desired: ReadonlySet<string>,
  actual: ReadonlySet<string>,
  owned: ReadonlySet<string>,
  keep: ReadonlySet<string>,
): { readonly add: readonly string[]; readonly remove: readonly string[] } {
  const add = [...desired].filter((id) => !actual.has(id)).sort();
  const remove = [...actual].filter((id) => !desired.has(id) && owned.has(id) && !keep.has(id)).sort();
  return { add, remove };
}
