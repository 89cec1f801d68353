import { canonicalJson } from './canonical-json.js';
import type { AttributeChange, RecordKind } from './runs.js';

/**
 * The drift report of a reconcile: every Okta/IDaaS pair it looked at that was not in sync,
 * what was different (old = what IDaaS holds now, new = what Okta says it should be), and what
 * reconcile did about it. Stored per run; `oisync runs show RUN` prints it, `--csv` exports it.
 */
export type DriftClass =
  | 'in-sync'
  /** Both exist and are linked (or re-linked), but attributes or members differ. */
  | 'drifted'
  /** In Okta scope, not (or no longer) in IDaaS. */
  | 'missing'
  /** In Okta scope, not linked, and exactly one IDaaS resource matches (externalId or name). */
  | 'unlinked-match'
  /** Several IDaaS resources match one Okta object; nothing is written. */
  | 'disputed'
  /** In IDaaS with our marker or a link, and Okta has no such object any more. */
  | 'orphan'
  /** In IDaaS, and the Okta user exists but is not assigned to the app any more. */
  | 'unauthorized'
  /** Okta says inactive, oisync sent active:false, and IDaaS still shows the account active. */
  | 'deactivation-ignored'
  /** In IDaaS with no Okta marker and no link (created by hand): reported, never touched. */
  | 'unmanaged';

export const DRIFT_CLASSES: readonly DriftClass[] = [
  'in-sync',
  'drifted',
  'missing',
  'unlinked-match',
  'disputed',
  'orphan',
  'unauthorized',
  'deactivation-ignored',
  'unmanaged',
];

/** What reconcile did about one entry. */
export type DriftAction =
  /** Nothing to do (in sync) or nothing we may do (unmanaged). */
  | 'none'
  /** Written back from Okta through the push jobs. */
  | 'repair'
  | 'create'
  /** Linked to the existing IDaaS resource, writing it only if it differs. */
  | 'adopt'
  /** Left as it is, in the report only (policy says report). */
  | 'report'
  /** Put in the flags queue. */
  | 'flag'
  | 'deactivate'
  | 'delete'
  /** A dry run: what would have been done is in the reason. */
  | 'planned';

export interface DriftEntry {
  readonly class: DriftClass;
  readonly kind: RecordKind;
  readonly oktaId?: string;
  /** Okta login / group name, or the IDaaS userName / displayName when Okta has none. */
  readonly label: string;
  readonly scimId?: string;
  /** old = IDaaS now, new = what Okta says (membership: a member added or removed). */
  readonly changes?: readonly AttributeChange[];
  readonly action: DriftAction;
  readonly reason: string;
}

type Body = Readonly<Record<string, unknown>>;

/** Never compared: identity, server metadata, write-only and relationship attributes. */
const NOT_COMPARED = new Set(['schemas', 'id', 'meta', 'password', 'members', 'groups']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Empty values and absent ones are the same to IDaaS (a PUT leaves an empty attribute out). */
function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.values(v).every(isEmpty));
}

function sameScalar(path: string, a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  // IDaaS, like Okta, matches user names case-insensitively; a case change is not drift.
  if (path === 'userName' && typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return canonicalJson(a) === canonicalJson(b);
}

/** Multi-valued items compared without the attributes a server adds on its own. */
function itemKey(item: unknown): string {
  if (!isObject(item)) return canonicalJson(item);
  const { display: _d, $ref: _r, ...rest } = item;
  return canonicalJson(rest);
}

function sameList(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  const left = a.map(itemKey).sort();
  const right = b.map(itemKey).sort();
  return left.every((k, i) => k === right[i]);
}

/** `emails[type eq "work"].value` style changes when both lists are keyed by a unique `type`. */
function typedChanges(key: string, actual: unknown, desired: unknown): AttributeChange[] | undefined {
  const byType = (v: unknown): Map<string, Record<string, unknown>> | undefined => {
    if (isEmpty(v)) return new Map();
    if (!Array.isArray(v)) return undefined;
    const m = new Map<string, Record<string, unknown>>();
    for (const item of v) {
      if (!isObject(item) || typeof item['type'] !== 'string' || m.has(item['type'])) return undefined;
      m.set(item['type'], item);
    }
    return m;
  };
  const a = byType(actual);
  const d = byType(desired);
  if (!a || !d) return undefined;
  const out: AttributeChange[] = [];
  for (const type of [...new Set([...a.keys(), ...d.keys()])].sort()) {
    const ai = a.get(type);
    const di = d.get(type);
    if (ai && di && itemKey(ai) === itemKey(di)) continue;
    const onlyValue = ai && di && itemKey({ ...ai, value: null }) === itemKey({ ...di, value: null });
    if (onlyValue) out.push({ path: `${key}[type eq "${type}"].value`, old: ai['value'] ?? null, new: di['value'] ?? null });
    else out.push({ path: `${key}[type eq "${type}"]`, old: ai ?? null, new: di ?? null });
  }
  return out;
}

/**
 * The managed attributes in which IDaaS (`actual`) differs from what Okta says (`desired`).
 * Managed means: in the body the mapping produces now, or in the body oisync last wrote (an
 * attribute Okta cleared must be cleared in IDaaS too). Attributes IDaaS holds that the mapping
 * never sets are not ours and are not reported. Complex attributes are compared per
 * sub-attribute (`name.givenName`, `urn:…:User:user_address`), multi-valued ones by type.
 */
export function compareResource(desired: Body, actual: Body, lastWritten?: Body | null): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const managed = new Set([...Object.keys(desired), ...Object.keys(lastWritten ?? {})].filter((k) => !NOT_COMPARED.has(k)));
  for (const key of [...managed].sort()) {
    const d = desired[key];
    const a = actual[key];
    const w = lastWritten?.[key];
    if (isObject(d) || isObject(w) || isObject(a)) {
      const dObj = isObject(d) ? d : {};
      const aObj = isObject(a) ? a : {};
      const subs = new Set([...Object.keys(dObj), ...Object.keys(isObject(w) ? w : {})]);
      const sep = key.startsWith('urn:') ? ':' : '.';
      for (const sub of [...subs].sort()) {
        if (!sameScalar(`${key}${sep}${sub}`, aObj[sub], dObj[sub])) changes.push({ path: `${key}${sep}${sub}`, old: aObj[sub] ?? null, new: dObj[sub] ?? null });
      }
      continue;
    }
    if (Array.isArray(d) || Array.isArray(a)) {
      if (sameList(a, d)) continue;
      changes.push(...(typedChanges(key, a, d) ?? [{ path: key, old: a ?? null, new: d ?? null }]));
      continue;
    }
    if (!sameScalar(key, a, d)) changes.push({ path: key, old: a ?? null, new: d ?? null });
  }
  return changes;
}

/**
 * One reconcile run's drift report, as the status page shows it. A store that can read them
 * back offers `getDriftReport(runId)` (see
 * `DriftReportReader`) and the "Last drift report" panel and `GET /api/drift` light up.
 */
export interface DriftReportView {
  readonly runId: string;
  /** Pairs per class: `in-sync`, `drifted`, `missing`, `unlinked`, `orphan`, `disputed`, ... */
  readonly counts: Readonly<Record<string, number>>;
  /** The pairs that are not in sync (the store may cap how many it returns). */
  readonly items: readonly DriftItemView[];
  /** How many items exist in all, when `items` is capped. */
  readonly total?: number;
}

export interface DriftItemView {
  readonly class: string;
  readonly kind: 'user' | 'group';
  readonly label: string;
  readonly oktaId?: string;
  readonly scimId?: string;
  /** Attribute differences old (IDaaS) → new (what Okta and the mapping say). */
  readonly changes?: readonly AttributeChange[];
  /** What reconcile did about it (`repaired`, `flagged`, `reported`). */
  readonly action?: string;
}

/** Optional capability of a state store: read a reconcile run's drift report back. */
export interface DriftReportReader {
  getDriftReport(runId: string): Promise<DriftReportView | undefined>;
}
