import { SCHEMA_LIST_RESPONSE, type JsonObject, type JsonValue } from '../../domain/scim.js';
import type { GroupRecord, Store, UserRecord } from './store.js';

/** A user as GET returns it: stored attributes plus `meta.location` (password is never returned). */
export function renderUser(u: UserRecord, baseUrl: string): JsonObject {
  return { ...u.doc, meta: { ...(u.doc['meta'] as JsonObject), location: `${baseUrl}/Users/${u.id}` } };
}

/**
 * A group as GET returns it. IDaaS lists groups without members and returns them only on
 * GET /Groups/{id}; `display` is the member's current display name, as the console shows it.
 */
export function renderGroup(g: GroupRecord, baseUrl: string, store: Store, withMembers: boolean): JsonObject {
  const { meta, ...rest } = g.doc;
  const out: JsonObject = { ...rest };
  if (withMembers) {
    const members: JsonValue[] = [];
    for (const uid of g.members) {
      const u = store.users.get(uid);
      const display = u ? ((u.doc['displayName'] as string | undefined) ?? (u.doc['userName'] as string)) : undefined;
      members.push({ value: uid, ...(display !== undefined ? { display } : {}), type: 'User', $ref: `${baseUrl}/Users/${uid}` });
    }
    out['members'] = members;
  }
  out['meta'] = { ...(meta as JsonObject), location: `${baseUrl}/Groups/${g.id}` };
  return out;
}

export interface Paging {
  readonly startIndex: number;
  readonly count: number;
}

/** `startIndex` (1-based) and `count` from the query, with RFC 7644 §3.4.2.4 clamping and the page-size cap. */
export function readPaging(query: URLSearchParams, maxPageSize: number, invalid: (detail: string) => Error): Paging {
  const int = (name: string): number | undefined => {
    const raw = query.get(name);
    if (raw === null || raw === '') return undefined;
    if (!/^-?\d+$/.test(raw.trim())) throw invalid(`"${name}" must be an integer (got ${JSON.stringify(raw)})`);
    return Number(raw);
  };
  const startIndex = Math.max(1, int('startIndex') ?? 1);
  const count = Math.min(maxPageSize, Math.max(0, int('count') ?? maxPageSize));
  return { startIndex, count };
}

export function listResponse(total: number, paging: Paging, resources: JsonObject[]): JsonObject {
  return {
    schemas: [SCHEMA_LIST_RESPONSE],
    totalResults: total,
    startIndex: paging.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
