import type { AppUserRecord, GroupAssignmentRecord, GroupRecord, UserRecord } from './org-model.js';
import type { OrgState } from './org-state.js';

/** Okta's wire shapes for users, groups, app users and app groups (ISO timestamps, `_links`). */
export const USER_TYPE_ID = 'oty1emulatorDefault0';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function renderUser(base: string, u: UserRecord): Record<string, unknown> {
  return {
    id: u.id,
    status: u.status,
    created: iso(u.created),
    activated: iso(u.activated),
    statusChanged: iso(u.statusChanged),
    lastLogin: iso(u.lastLogin),
    lastUpdated: iso(u.lastUpdated),
    passwordChanged: iso(u.passwordChanged),
    type: { id: USER_TYPE_ID },
    profile: { ...u.profile },
    credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${base}/api/v1/users/${u.id}` } },
  };
}

export function renderGroup(base: string, g: GroupRecord, opts: { stats?: boolean; appAssigned?: boolean } = {}): Record<string, unknown> {
  const href = `${base}/api/v1/groups/${g.id}`;
  return {
    id: g.id,
    created: iso(g.created),
    lastUpdated: iso(g.lastUpdated),
    lastMembershipUpdated: iso(g.lastMembershipUpdated),
    objectClass: [g.type === 'APP_GROUP' ? 'okta:windows_security_principal' : 'okta:user_group'],
    type: g.type,
    profile: { ...g.profile },
    _links: {
      logo: [{ name: 'medium', href: 'https://op1static.oktacdn.com/assets/img/logos/groups/okta-medium.png', type: 'image/png' }],
      users: { href: `${href}/users` },
      apps: { href: `${href}/apps` },
    },
    ...(opts.stats
      ? { _embedded: { stats: { usersCount: g.members.length, appsCount: opts.appAssigned ? 1 : 0, groupPushMappingsCount: 0, hasAdminPrivilege: false } } }
      : {}),
  };
}

export function renderAppUser(base: string, state: OrgState, user: UserRecord, au: AppUserRecord, expandUser: boolean): Record<string, unknown> {
  const scope = state.scopeOf(user);
  const login = typeof user.profile['login'] === 'string' ? user.profile['login'] : user.id;
  const links: Record<string, unknown> = {
    app: { href: `${base}/api/v1/apps/${state.app.id}` },
    user: { href: `${base}/api/v1/users/${user.id}` },
  };
  if (scope?.scope === 'GROUP' && scope.group) {
    links['group'] = { name: scope.group.profile['name'], href: `${base}/api/v1/groups/${scope.group.id}` };
  }
  return {
    id: user.id,
    externalId: null,
    created: iso(au.created),
    lastUpdated: iso(Math.max(au.lastUpdated, user.lastUpdated)),
    scope: scope?.scope ?? 'USER',
    status: state.appUserStatus(user),
    statusChanged: iso(au.statusChanged),
    passwordChanged: null,
    syncState: 'SYNCHRONIZED',
    lastSync: iso(au.lastUpdated),
    credentials: { userName: login },
    profile: state.appProfile(user, au),
    _links: links,
    ...(expandUser ? { _embedded: { user: renderUser(base, user) } } : {}),
  };
}

export function renderAppGroup(base: string, appId: string, g: GroupRecord, ga: GroupAssignmentRecord, expandGroup: boolean): Record<string, unknown> {
  return {
    id: g.id,
    lastUpdated: iso(ga.lastUpdated),
    priority: ga.priority,
    profile: { ...ga.profile },
    _links: {
      app: { href: `${base}/api/v1/apps/${appId}` },
      self: { href: `${base}/api/v1/apps/${appId}/groups/${g.id}` },
      group: { href: `${base}/api/v1/groups/${g.id}` },
    },
    ...(expandGroup ? { _embedded: { group: renderGroup(base, g) } } : {}),
  };
}
