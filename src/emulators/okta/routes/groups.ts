import { evaluate, type AttrSchema, type Expr } from '../filter-expr.js';
import type { Route, RouteRequest, RouteResponse } from '../http-types.js';
import type { GroupRecord } from '../org-model.js';
import type { OrgState } from '../org-state.js';
import { oktaErrors } from '../okta-errors.js';
import { linkHeader, nextUrl, parseLimit, takePage } from '../paging.js';
import { compileQuery, GROUP_FILTER, GROUP_SEARCH } from '../query-schemas.js';
import { renderGroup, renderUser } from '../render.js';

function groupAttr(g: GroupRecord, attr: string): unknown {
  switch (attr) {
    case 'id':
      return g.id;
    case 'type':
      return g.type;
    case 'created':
      return g.created;
    case 'lastUpdated':
      return g.lastUpdated;
    case 'lastMembershipUpdated':
      return g.lastMembershipUpdated;
    default:
      return attr.startsWith('profile.') ? g.profile[attr.slice('profile.'.length)] : undefined;
  }
}

const matches = (expr: Expr, schema: AttrSchema) => (g: GroupRecord) => evaluate(expr, (a) => groupAttr(g, a), schema);

/** GET /api/v1/groups: `q` (name prefix), `filter`, `search`, `expand=stats`. */
function listGroups(state: OrgState, req: RouteRequest): RouteResponse {
  const { query } = req;
  const after = query.get('after') ?? undefined;
  if (after !== undefined && !state.groupById(after)) throw oktaErrors.validation('after', 'not a valid cursor');
  const limit = parseLimit(req, 10_000, 10_000);
  const expand = query.get('expand');
  if (expand !== null && expand !== 'stats' && expand !== 'app') throw oktaErrors.validation('expand', `unsupported value "${expand}"`);
  let accept: (g: GroupRecord) => boolean = () => true;
  const search = query.get('search');
  const filter = query.get('filter');
  const q = query.get('q');
  if (search !== null) accept = matches(compileQuery('search', search, GROUP_SEARCH), GROUP_SEARCH);
  else if (filter !== null) accept = matches(compileQuery('filter', filter, GROUP_FILTER), GROUP_FILTER);
  else if (q !== null) {
    const needle = q.toLowerCase();
    accept = (g) => String(g.profile['name'] ?? '').toLowerCase().startsWith(needle);
  }
  const { page, more } = takePage(state.groupsAfter(after), limit, accept);
  const last = page[page.length - 1];
  const next = more && last ? nextUrl(req.base, req.path, query, last.id) : undefined;
  const stats = expand === 'stats';
  return {
    body: page.map((g) => renderGroup(req.base, g, { stats, appAssigned: state.groupAssignments.has(g.id) })),
    headers: { link: linkHeader(req.url, next) },
  };
}

export function groupRoutes(state: OrgState): Route[] {
  const find = (id: string): GroupRecord => {
    const g = state.groupById(id);
    if (!g) throw oktaErrors.notFound(id, 'UserGroup');
    return g;
  };
  return [
    { method: 'GET', path: '/api/v1/groups', handler: (req) => listGroups(state, req) },
    {
      method: 'GET',
      path: '/api/v1/groups/:id',
      handler: (req) => {
        const g = find(req.params['id'] ?? '');
        const stats = req.query.get('expand') === 'stats';
        return { body: renderGroup(req.base, g, { stats, appAssigned: state.groupAssignments.has(g.id) }) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/groups/:id/users',
      handler: (req) => {
        const g = find(req.params['id'] ?? '');
        const after = req.query.get('after') ?? undefined;
        if (after !== undefined && !state.userById(after)) throw oktaErrors.validation('after', 'not a valid cursor');
        const limit = parseLimit(req, 1000, 1000);
        const { page, more } = takePage(state.membersAfter(g, after), limit);
        const last = page[page.length - 1];
        const next = more && last ? nextUrl(req.base, req.path, req.query, last.id) : undefined;
        return { body: page.map((u) => renderUser(req.base, u)), headers: { link: linkHeader(req.url, next) } };
      },
    },
  ];
}
