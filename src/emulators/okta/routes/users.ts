import { evaluate, type AttrSchema, type Expr } from '../filter-expr.js';
import type { Route, RouteRequest, RouteResponse } from '../http-types.js';
import type { UserRecord } from '../org-model.js';
import type { OrgState } from '../org-state.js';
import { oktaErrors } from '../okta-errors.js';
import { linkHeader, nextUrl, parseLimit, takePage } from '../paging.js';
import { compileQuery, USER_FILTER, USER_SEARCH } from '../query-schemas.js';
import { renderGroup, renderUser, USER_TYPE_ID } from '../render.js';

const DATE_ATTRS = new Set(['created', 'activated', 'statusChanged', 'lastUpdated', 'lastLogin', 'passwordChanged']);

export function userAttr(u: UserRecord, attr: string): unknown {
  if (attr === 'id') return u.id;
  if (attr === 'status') return u.status;
  if (attr === 'type.id') return USER_TYPE_ID;
  if (DATE_ATTRS.has(attr)) return u[attr as 'created'];
  if (attr.startsWith('profile.')) return u.profile[attr.slice('profile.'.length)];
  return undefined;
}

const matches = (expr: Expr, schema: AttrSchema) => (u: UserRecord) => evaluate(expr, (a) => userAttr(u, a), schema);

/** GET /api/v1/users: plain list (hides DEPROVISIONED), `filter`, `search` (with sortBy), or `q`. */
function listUsers(state: OrgState, req: RouteRequest): RouteResponse {
  const { query } = req;
  const search = query.get('search');
  const filter = query.get('filter');
  const q = query.get('q');
  const after = query.get('after') ?? undefined;

  if (search !== null) {
    const expr = compileQuery('search', search, USER_SEARCH);
    const limit = parseLimit(req, 200, 200);
    const sortBy = query.get('sortBy');
    if (sortBy !== null) return sortedSearch(state, req, expr, sortBy, limit);
    checkAfter(state, after);
    return page(req, state.usersAfter(after), limit, matches(expr, USER_SEARCH));
  }
  if (filter !== null) {
    const expr = compileQuery('filter', filter, USER_FILTER);
    checkAfter(state, after);
    return page(req, state.usersAfter(after), parseLimit(req, 200, 200), matches(expr, USER_FILTER));
  }
  if (q !== null) {
    // `q` is a prefix match on names and email, skips DEPROVISIONED users and is not paginated.
    const needle = q.toLowerCase();
    const limit = parseLimit(req, 10, 200);
    const hit = (u: UserRecord): boolean =>
      u.status !== 'DEPROVISIONED' &&
      ['firstName', 'lastName', 'email'].some((k) => String(u.profile[k] ?? '').toLowerCase().startsWith(needle));
    const { page: users } = takePage(state.usersAfter(undefined), limit, hit);
    return { body: users.map((u) => renderUser(req.base, u)), headers: { link: linkHeader(req.url) } };
  }
  checkAfter(state, after);
  return page(req, state.usersAfter(after), parseLimit(req, 200, 200), (u) => u.status !== 'DEPROVISIONED');
}

function checkAfter(state: OrgState, after: string | undefined): void {
  if (after !== undefined && !state.userById(after)) throw oktaErrors.validation('after', 'not a valid cursor');
}

function page(req: RouteRequest, users: Iterable<UserRecord>, limit: number, accept: (u: UserRecord) => boolean): RouteResponse {
  const { page: items, more } = takePage(users, limit, accept);
  const last = items[items.length - 1];
  const next = more && last ? nextUrl(req.base, req.path, req.query, last.id) : undefined;
  return { body: items.map((u) => renderUser(req.base, u)), headers: { link: linkHeader(req.url, next) } };
}

/** Search with sortBy: sorted in memory, paged by offset (Okta's cursor is opaque either way). */
function sortedSearch(state: OrgState, req: RouteRequest, expr: Expr, sortBy: string, limit: number): RouteResponse {
  if (!(sortBy === 'id' || sortBy === 'status' || DATE_ATTRS.has(sortBy) || sortBy.startsWith('profile.'))) {
    throw oktaErrors.validation('sortBy', `cannot sort by "${sortBy}"`);
  }
  const desc = (req.query.get('sortOrder') ?? 'asc').toLowerCase() === 'desc';
  const after = req.query.get('after');
  const offset = after === null ? 0 : Number(/^o(\d+)$/.exec(after)?.[1] ?? NaN);
  if (Number.isNaN(offset)) throw oktaErrors.validation('after', 'not a valid cursor');
  const hits = state.allUsers().filter(matches(expr, USER_SEARCH));
  const key = (u: UserRecord): string => {
    const v = userAttr(u, sortBy);
    return typeof v === 'string' ? v.toLowerCase() : typeof v === 'number' ? String(v).padStart(16, '0') : '';
  };
  hits.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.ordinal - b.ordinal) * (desc ? -1 : 1));
  const items = hits.slice(offset, offset + limit);
  const next = offset + limit < hits.length ? nextUrl(req.base, req.path, req.query, `o${offset + limit}`) : undefined;
  return { body: items.map((u) => renderUser(req.base, u)), headers: { link: linkHeader(req.url, next) } };
}

export function userRoutes(state: OrgState): Route[] {
  const find = (idOrLogin: string): UserRecord => {
    const u = state.user(idOrLogin);
    if (!u) throw oktaErrors.notFound(idOrLogin, 'User');
    return u;
  };
  return [
    { method: 'GET', path: '/api/v1/users', handler: (req) => listUsers(state, req) },
    { method: 'GET', path: '/api/v1/users/:id', handler: (req) => ({ body: renderUser(req.base, find(req.params['id'] ?? '')) }) },
    {
      method: 'GET',
      path: '/api/v1/users/:id/groups',
      handler: (req) => {
        const u = find(req.params['id'] ?? '');
        const groups = u.groupIds.flatMap((gid) => {
          const g = state.groupById(gid);
          return g ? [renderGroup(req.base, g)] : [];
        });
        return { body: groups, headers: { link: linkHeader(req.url) } };
      },
    },
  ];
}
