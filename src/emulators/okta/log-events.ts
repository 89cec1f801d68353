import { randomUUID } from 'node:crypto';
import type { AppInfo, GroupRecord, UserRecord } from './org-model.js';

/**
 * System Log events in Okta's LogEvent shape. Targets use Okta's types: `User`, `UserGroup`,
 * `AppInstance`, and `AppUser` (whose id is the app-user id `0ua…`, not the user id — a reader
 * must take user ids from the `User` target).
 */
export interface LogTarget {
  readonly id: string;
  readonly type: 'User' | 'UserGroup' | 'AppInstance' | 'AppUser';
  readonly alternateId: string;
  readonly displayName: string;
  readonly detailEntry: null;
  readonly changeDetails?: { readonly from: Readonly<Record<string, unknown>>; readonly to: Readonly<Record<string, unknown>> };
}

export interface LogEvent {
  readonly uuid: string;
  readonly published: string;
  readonly eventType: string;
  readonly version: '0';
  readonly severity: 'INFO' | 'WARN';
  readonly displayMessage: string;
  readonly legacyEventType: string | null;
  readonly actor: { readonly id: string; readonly type: string; readonly alternateId: string; readonly displayName: string; readonly detailEntry: null };
  readonly client: Readonly<Record<string, unknown>>;
  readonly outcome: { readonly result: 'SUCCESS'; readonly reason: null };
  readonly target: readonly LogTarget[];
  readonly transaction: { readonly type: 'WEB'; readonly id: string; readonly detail: Readonly<Record<string, unknown>> };
  readonly debugContext: { readonly debugData: Readonly<Record<string, unknown>> };
  readonly authenticationContext: Readonly<Record<string, unknown>>;
  readonly securityContext: Readonly<Record<string, unknown>>;
  readonly request: { readonly ipChain: readonly unknown[] };
}

const DISPLAY: Readonly<Record<string, string>> = {
  'user.lifecycle.create': 'Create Okta user',
  'user.lifecycle.activate': 'Activate Okta user',
  'user.lifecycle.deactivate': 'Deactivate Okta user',
  'user.lifecycle.reactivate': 'Reactivate Okta user',
  'user.lifecycle.suspend': 'Suspend Okta user',
  'user.lifecycle.unsuspend': 'Unsuspend Okta user',
  'user.account.update_profile': 'Update user profile for Okta',
  'application.user_membership.add': 'Add user to application membership',
  'application.user_membership.remove': 'Remove user from application membership',
  'application.user_membership.update': 'Update user in application membership',
  'group.user_membership.add': 'Add user to group membership',
  'group.user_membership.remove': 'Remove user from group membership',
  'group.profile.update': 'Update group profile',
  'group.lifecycle.create': 'Create Okta group',
  'group.application_assignment.add': 'Add assigned application to group',
  'group.application_assignment.remove': 'Remove assigned application from group',
  'group.application_assignment.update': 'Update assigned application in group',
};

const ACTOR = {
  id: '00uEmulatorAdmin0001',
  type: 'User',
  alternateId: 'admin@emulator.okta.local',
  displayName: 'Emulator Admin',
  detailEntry: null,
} as const;

export function userTarget(u: UserRecord): LogTarget {
  const login = typeof u.profile['login'] === 'string' ? u.profile['login'] : u.id;
  const name = [u.profile['firstName'], u.profile['lastName']].filter((x) => typeof x === 'string' && x !== '').join(' ');
  return { id: u.id, type: 'User', alternateId: login, displayName: name || login, detailEntry: null };
}

export function groupTarget(g: GroupRecord): LogTarget {
  const name = typeof g.profile['name'] === 'string' ? g.profile['name'] : g.id;
  return { id: g.id, type: 'UserGroup', alternateId: 'unknown', displayName: name, detailEntry: null };
}

export function appTarget(app: AppInfo): LogTarget {
  return { id: app.id, type: 'AppInstance', alternateId: app.label, displayName: app.label, detailEntry: null };
}

export function appUserTarget(appUserId: string, u: UserRecord): LogTarget {
  const t = userTarget(u);
  return { ...t, id: appUserId, type: 'AppUser' };
}

export function buildEvent(eventType: string, publishedMs: number, targets: readonly LogTarget[], requestUri: string): LogEvent {
  return {
    uuid: randomUUID(),
    published: new Date(publishedMs).toISOString(),
    eventType,
    version: '0',
    severity: 'INFO',
    displayMessage: DISPLAY[eventType] ?? eventType,
    legacyEventType: null,
    actor: ACTOR,
    client: { userAgent: { rawUserAgent: 'oisync-okta-emulator', os: 'Unknown', browser: 'UNKNOWN' }, zone: 'null', device: 'Unknown', ipAddress: '127.0.0.1' },
    outcome: { result: 'SUCCESS', reason: null },
    target: targets,
    transaction: { type: 'WEB', id: randomUUID().replace(/-/g, '').slice(0, 27), detail: {} },
    debugContext: { debugData: { requestUri } },
    authenticationContext: { authenticationStep: 0, externalSessionId: 'trsEmulator' },
    securityContext: {},
    request: { ipChain: [{ ip: '127.0.0.1', version: 'V4', source: null }] },
  };
}
