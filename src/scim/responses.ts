import { RejectedError } from '../domain/errors.js';
import { SCHEMA_GROUP, SCHEMA_USER, type ScimGroup, type ScimUser } from '../domain/scim.js';
import { describeRequest, type ScimHttpRequest, type ScimHttpResponse } from './transport.js';

/**
 * Shape checks on successful answers. Anything that is not what SCIM promises (not JSON,
 * cut short, a created resource without `id`) becomes SCIM_BAD_RESPONSE naming the request,
 * instead of a TypeError somewhere in the sync engine.
 */
function bad(req: ScimHttpRequest, status: number, what: string): RejectedError {
  const request = describeRequest(req);
  return new RejectedError('SCIM_BAD_RESPONSE', `IDaaS answered ${request} (${status}) with ${what}`, { request, status });
}

/** The JSON body, or undefined when the body is empty. */
export function parseJson(req: ScimHttpRequest, res: ScimHttpResponse): unknown {
  const text = res.text;
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const type = res.headers['content-type'];
    throw bad(req, res.status, `a body that is not JSON (${typeof type === 'string' ? type : 'no content type'}, ${Buffer.byteLength(text)} bytes; cut short?)`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resourceId(o: Record<string, unknown>): string | undefined {
  const id = o['id'];
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return undefined;
}

export function asUser(req: ScimHttpRequest, status: number, v: unknown): ScimUser {
  if (!isObject(v)) throw bad(req, status, v === undefined ? 'an empty body where a user was expected' : 'something that is not a user object');
  const id = resourceId(v);
  if (id === undefined) throw bad(req, status, 'a user without an "id"');
  if (typeof v['userName'] !== 'string') throw bad(req, status, `a user without a "userName" (id ${id})`);
  const schemas = Array.isArray(v['schemas']) ? (v['schemas'] as unknown[]).filter((s): s is string => typeof s === 'string') : [SCHEMA_USER];
  return { ...v, id, schemas, userName: v['userName'] };
}

export function asGroup(req: ScimHttpRequest, status: number, v: unknown): ScimGroup {
  if (!isObject(v)) throw bad(req, status, v === undefined ? 'an empty body where a group was expected' : 'something that is not a group object');
  const id = resourceId(v);
  if (id === undefined) throw bad(req, status, 'a group without an "id"');
  if (typeof v['displayName'] !== 'string') throw bad(req, status, `a group without a "displayName" (id ${id})`);
  const schemas = Array.isArray(v['schemas']) ? (v['schemas'] as unknown[]).filter((s): s is string => typeof s === 'string') : [SCHEMA_GROUP];
  const members = v['members'];
  if (members !== undefined && members !== null && !Array.isArray(members)) throw bad(req, status, `a group whose "members" is not a list (id ${id})`);
  const memberList = Array.isArray(members)
    ? members.map((m) => {
        if (!isObject(m) || (typeof m['value'] !== 'string' && typeof m['value'] !== 'number')) throw bad(req, status, `a member without a "value" in group ${id}`);
        return { ...m, value: String(m['value']) };
      })
    : undefined;
  const out: ScimGroup = { ...v, id, schemas, displayName: v['displayName'] };
  if (memberList !== undefined) out.members = memberList;
  else delete out.members;
  return out;
}

export interface ListPage<T> {
  readonly items: T[];
  /** `totalResults` when the server gave one (numbers and numeric strings accepted). */
  readonly total: number | undefined;
}

function int(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\s*\d+\s*$/.test(v)) return Number(v);
  return undefined;
}

/**
 * A ListResponse page, tolerant of what real servers send: `Resources` or `resources`,
 * numeric strings. A missing list is an empty page only when `totalResults` says nothing is left.
 */
export function asListPage<T>(req: ScimHttpRequest, status: number, v: unknown, startIndex: number, item: (x: unknown) => T): ListPage<T> {
  if (!isObject(v)) throw bad(req, status, 'something that is not a ListResponse');
  const total = int(v['totalResults']);
  const list = v['Resources'] ?? v['resources'];
  if (list === undefined || list === null) {
    if (total !== undefined && total > startIndex - 1) throw bad(req, status, `a ListResponse without "Resources" although totalResults is ${total}`);
    return { items: [], total };
  }
  if (!Array.isArray(list)) throw bad(req, status, 'a ListResponse whose "Resources" is not a list');
  return { items: list.map(item), total };
}
