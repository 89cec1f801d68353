import type { Route, RouteRequest } from '../http-types.js';
import type { OrgState } from '../org-state.js';
import { oktaErrors } from '../okta-errors.js';
import { linkHeader, nextUrl, parseLimit, takePage } from '../paging.js';
import { renderAppGroup, renderAppUser } from '../render.js';

/**
 * The app's assignments: `/apps/{appId}/users` (default 50, max 500, `expand=user` embeds the
 * user) and `/apps/{appId}/groups` (default 20, max 200). Deactivated users stay listed with
 * status DEPROVISIONED; unassigned users are gone.
 */
export function appRoutes(state: OrgState): Route[] {
  const checkApp = (req: RouteRequest): void => {
    if (req.params['appId'] !== state.app.id) throw oktaErrors.notFound(req.params['appId'] ?? '', 'AppInstance');
  };
  const expandUser = (req: RouteRequest): boolean => {
    const expand = req.query.get('expand');
    if (expand !== null && expand !== 'user') throw oktaErrors.validation('expand', `unsupported value "${expand}"; use expand=user`);
    return expand === 'user';
  };
  const appJson = (base: string): Record<string, unknown> => ({
    id: state.app.id,
    name: state.app.name,
    label: state.app.label,
    status: 'ACTIVE',
    signOnMode: 'SAML_2_0',
    created: new Date(state.app.created).toISOString(),
    lastUpdated: new Date(state.app.created).toISOString(),
    features: ['PUSH_NEW_USERS', 'PUSH_PROFILE_UPDATES', 'PUSH_USER_DEACTIVATION', 'GROUP_PUSH', 'REACTIVATE_USERS'],
    _links: { users: { href: `${base}/api/v1/apps/${state.app.id}/users` }, groups: { href: `${base}/api/v1/apps/${state.app.id}/groups` } },
  });

  return [
    { method: 'GET', path: '/api/v1/apps', handler: (req) => ({ body: [appJson(req.base)], headers: { link: linkHeader(req.url) } }) },
    {
      method: 'GET',
      path: '/api/v1/apps/:appId',
      handler: (req) => {
        checkApp(req);
        return { body: appJson(req.base) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/apps/:appId/users',
      handler: (req) => {
        checkApp(req);
        const expand = expandUser(req);
        const after = req.query.get('after') ?? undefined;
        if (after !== undefined && !state.userById(after)) throw oktaErrors.validation('after', 'not a valid cursor');
        const limit = parseLimit(req, 50, 500);
        const q = req.query.get('q')?.toLowerCase();
        const accept = q
          ? ({ user }: { user: { profile: Record<string, unknown> } }) =>
              ['login', 'firstName', 'lastName', 'email'].some((k) => {
                const v = user.profile[k];
                return typeof v === 'string' && v.toLowerCase().startsWith(q);
              })
          : () => true;
        const { page, more } = takePage(state.appUsersAfter(after), limit, accept);
        const last = page[page.length - 1];
        const next = more && last ? nextUrl(req.base, req.path, req.query, last.user.id) : undefined;
        return {
          body: page.map(({ user, appUser }) => renderAppUser(req.base, state, user, appUser, expand)),
          headers: { link: linkHeader(req.url, next) },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/apps/:appId/users/:userId',
      handler: (req) => {
        checkApp(req);
        const expand = expandUser(req);
        const userId = req.params['userId'] ?? '';
        const user = state.userById(userId);
        const au = user ? state.appUsers.get(user.id) : undefined;
        if (!user || !au) throw oktaErrors.notFound(userId, 'AppUser');
        return { body: renderAppUser(req.base, state, user, au, expand) };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/apps/:appId/groups',
      handler: (req) => {
        checkApp(req);
        const expand = req.query.get('expand');
        if (expand !== null && expand !== 'group') throw oktaErrors.validation('expand', `unsupported value "${expand}"`);
        const after = req.query.get('after') ?? undefined;
        if (after !== undefined && !state.groupAssignments.has(after)) throw oktaErrors.validation('after', 'not a valid cursor');
        const limit = parseLimit(req, 20, 200);
        const assigned = [...state.groupAssignments.values()];
        const start = after === undefined ? 0 : assigned.findIndex((a) => a.groupId === after) + 1;
        const { page, more } = takePage(assigned.slice(start), limit);
        const last = page[page.length - 1];
        const next = more && last ? nextUrl(req.base, req.path, req.query, last.groupId) : undefined;
        const body = page.flatMap((ga) => {
          const g = state.groupById(ga.groupId);
          return g ? [renderAppGroup(req.base, state.app.id, g, ga, expand === 'group')] : [];
        });
        return { body, headers: { link: linkHeader(req.url, next) } };
      },
    },
  ];
}
