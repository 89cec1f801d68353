/**
 * System Log events → dirty ids. Events carry ids, not state: the engine re-reads each dirty
 * object. User ids come only from `User` targets — an `AppUser` target's id is the app-user id
 * (`0ua…`), not the user's. App-scoped events for other apps are ignored.
 */
export const SYNC_EVENT_TYPES: readonly string[] = [
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.deactivate',
  'user.lifecycle.reactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.unsuspend',
  'user.lifecycle.delete.initiated',
  'user.lifecycle.delete.completed',
  'user.account.update_profile',
  'user.account.lock',
  'user.account.unlock',
  'application.user_membership.add',
  'application.user_membership.remove',
  'application.user_membership.update',
  'application.user_membership.change_username',
  'group.user_membership.add',
  'group.user_membership.remove',
  'group.lifecycle.create',
  'group.lifecycle.delete',
  'group.profile.update',
  'group.application_assignment.add',
  'group.application_assignment.remove',
  'group.application_assignment.update',
];

/** The System Log `filter` selecting the events above. */
export function syncEventFilter(): string {
  return SYNC_EVENT_TYPES.map((t) => `eventType eq "${t}"`).join(' or ');
}

interface RawTarget {
  readonly id?: unknown;
  readonly type?: unknown;
}

export interface RawLogEvent {
  readonly uuid?: unknown;
  readonly eventType?: unknown;
  readonly target?: unknown;
}

export interface EventChanges {
  readonly userIds: Set<string>;
  readonly groupIds: Set<string>;
  readonly membershipGroupIds: Set<string>;
  /** Groups whose app assignment changed: all their members may have entered or left scope. */
  readonly assignedGroupIds: Set<string>;
  readonly events: number;
}

function targets(ev: RawLogEvent, type: string): string[] {
  if (!Array.isArray(ev.target)) return [];
  return (ev.target as RawTarget[]).flatMap((t) => (t && t.type === type && typeof t.id === 'string' && t.id ? [t.id] : []));
}

export function changesFromEvents(events: readonly RawLogEvent[], appId: string): EventChanges {
  const out: EventChanges = { userIds: new Set(), groupIds: new Set(), membershipGroupIds: new Set(), assignedGroupIds: new Set(), events: 0 };
  const seen = new Set<string>();
  for (const ev of events) {
    if (typeof ev.uuid === 'string') {
      if (seen.has(ev.uuid)) continue;
      seen.add(ev.uuid);
    }
    (out as { events: number }).events++;
    const type = typeof ev.eventType === 'string' ? ev.eventType : '';
    const apps = targets(ev, 'AppInstance');
    if (apps.length > 0 && !apps.includes(appId)) continue; // about another app
    const users = targets(ev, 'User');
    const groups = targets(ev, 'UserGroup');
    if (type.startsWith('user.') || type.startsWith('application.user_membership.')) {
      users.forEach((u) => out.userIds.add(u));
    } else if (type.startsWith('group.user_membership.')) {
      users.forEach((u) => out.userIds.add(u));
      groups.forEach((g) => {
        out.groupIds.add(g);
        out.membershipGroupIds.add(g);
      });
    } else if (type.startsWith('group.application_assignment.')) {
      groups.forEach((g) => {
        out.groupIds.add(g);
        out.assignedGroupIds.add(g);
      });
    } else if (type.startsWith('group.')) {
      groups.forEach((g) => out.groupIds.add(g));
    }
  }
  return out;
}
