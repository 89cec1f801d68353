import type { AppAssignment, Profile, ProfileValue, SourceGroup, SourceUser } from '../domain/records.js';

/**
 * SDK objects → our plain records. The SDK hands out class instances with Date fields and
 * every unknown-to-the-response property set to `undefined` (a User profile has ~32 keys);
 * records must be plain JSON: ISO strings, no undefined padding, no `_links`.
 */
type Scalar = string | number | boolean | null;

function scalar(v: unknown): Scalar | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  return undefined;
}

/** A profile with undefined values dropped, Dates as ISO strings, arrays of scalars kept. */
export function plainProfile(p: unknown): Profile {
  const out: Record<string, ProfileValue> = {};
  if (p === null || typeof p !== 'object') return out;
  for (const [k, v] of Object.entries(p as Record<string, unknown>)) {
    if (Array.isArray(v)) {
      out[k] = v.map(scalar).filter((x): x is Scalar => x !== undefined);
      continue;
    }
    const s = scalar(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** A Date or an ISO string as an ISO string; undefined otherwise. */
export function isoOf(v: unknown): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v === 'string' && v !== '' && !Number.isNaN(Date.parse(v))) return v;
  return undefined;
}

/** The fields of an Okta user we keep, whether it came deserialized (Dates) or raw (`_embedded.user`). */
export interface UserLike {
  readonly id?: unknown;
  readonly status?: unknown;
  readonly created?: unknown;
  readonly lastUpdated?: unknown;
  readonly profile?: unknown;
}

/** The fields of an AppUser we keep. */
export interface AppUserLike {
  readonly id?: unknown;
  readonly scope?: unknown;
  readonly status?: unknown;
  readonly profile?: unknown;
  readonly _links?: unknown;
}

/** The group id out of `_links.group.href` (…/api/v1/groups/00g…). */
function linkedGroupId(links: unknown): string | undefined {
  const href = (links as { group?: { href?: unknown } } | undefined)?.group?.href;
  if (typeof href !== 'string') return undefined;
  const id = href.split('?')[0]?.split('/').filter(Boolean).pop();
  return id && id !== 'groups' ? id : undefined;
}

export function assignmentOf(appUser: AppUserLike): AppAssignment {
  const scope = appUser.scope === 'GROUP' ? 'GROUP' : 'USER';
  const groupId = scope === 'GROUP' ? linkedGroupId(appUser._links) : undefined;
  return { scope, status: typeof appUser.status === 'string' ? appUser.status : 'UNKNOWN', ...(groupId ? { groupId } : {}) };
}

/** A user in scope from the Okta user and its app assignment; undefined when the user has no id. */
export function toSourceUser(user: UserLike, appUser: AppUserLike): SourceUser | undefined {
  const id = typeof user.id === 'string' && user.id ? user.id : typeof appUser.id === 'string' ? appUser.id : undefined;
  if (!id) return undefined;
  const created = isoOf(user.created);
  const lastUpdated = isoOf(user.lastUpdated);
  return {
    id,
    status: typeof user.status === 'string' ? user.status : 'UNKNOWN',
    ...(created ? { created } : {}),
    ...(lastUpdated ? { lastUpdated } : {}),
    profile: plainProfile(user.profile),
    appProfile: plainProfile(appUser.profile),
    assignment: assignmentOf(appUser),
  };
}

export interface GroupLike {
  readonly id?: unknown;
  readonly type?: unknown;
  readonly profile?: unknown;
  readonly lastUpdated?: unknown;
  readonly lastMembershipUpdated?: unknown;
}

export function toSourceGroup(g: GroupLike): SourceGroup | undefined {
  if (typeof g.id !== 'string' || g.id === '') return undefined;
  const lastUpdated = isoOf(g.lastUpdated);
  const lastMembershipUpdated = isoOf(g.lastMembershipUpdated);
  return {
    id: g.id,
    type: typeof g.type === 'string' ? g.type : 'OKTA_GROUP',
    profile: plainProfile(g.profile),
    ...(lastUpdated ? { lastUpdated } : {}),
    ...(lastMembershipUpdated ? { lastMembershipUpdated } : {}),
  };
}

export function groupName(g: { profile?: unknown }): string | undefined {
  const name = (g.profile as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : undefined;
}
