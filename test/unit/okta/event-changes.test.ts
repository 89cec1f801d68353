import { describe, expect, it } from 'vitest';
import { changesFromEvents, SYNC_EVENT_TYPES, syncEventFilter } from '../../../src/okta/event-changes.js';

const APP = '0oaApp';
const user = (id: string) => ({ id, type: 'User' });
const group = (id: string) => ({ id, type: 'UserGroup' });
const app = (id = APP) => ({ id, type: 'AppInstance' });
let n = 0;
const ev = (eventType: string, target: unknown[], uuid = `u${++n}`) => ({ uuid, eventType, target });

describe('System Log events → dirty ids', () => {
  it('maps each sync-relevant kind of event', () => {
    const c = changesFromEvents(
      [
        ev('user.lifecycle.deactivate', [user('00u1')]),
        ev('user.account.update_profile', [user('00u2')]),
        ev('application.user_membership.add', [{ id: '0ua9', type: 'AppUser' }, app(), user('00u3')]),
        ev('group.user_membership.remove', [user('00u4'), group('00g1')]),
        ev('group.profile.update', [group('00g2')]),
        ev('group.lifecycle.create', [group('00g3')]),
        ev('group.application_assignment.add', [group('00g4'), app()]),
      ],
      APP,
    );
    expect([...c.userIds]).toEqual(['00u1', '00u2', '00u3', '00u4']);
    expect([...c.groupIds]).toEqual(['00g1', '00g2', '00g3', '00g4']);
    expect([...c.membershipGroupIds]).toEqual(['00g1']);
    expect([...c.assignedGroupIds]).toEqual(['00g4']);
    expect(c.events).toBe(7);
  });

  it('never takes an AppUser target id (0ua…) for a user id', () => {
    const c = changesFromEvents([ev('application.user_membership.remove', [{ id: '0uaX', type: 'AppUser' }, app()])], APP);
    expect([...c.userIds]).toEqual([]);
  });

  it('ignores events about other apps, and duplicate events', () => {
    const dup = ev('user.lifecycle.suspend', [user('00u7')], 'same');
    const c = changesFromEvents(
      [ev('application.user_membership.add', [app('0oaOther'), user('00u5')]), ev('group.application_assignment.add', [group('00g9'), app('0oaOther')]), dup, dup],
      APP,
    );
    expect([...c.userIds]).toEqual(['00u7']);
    expect([...c.groupIds]).toEqual([]);
    expect(c.events).toBe(3);
  });

  it('builds one filter over all sync event types', () => {
    const f = syncEventFilter();
    for (const t of SYNC_EVENT_TYPES) expect(f).toContain(`eventType eq "${t}"`);
    expect(f.split(' or ')).toHaveLength(SYNC_EVENT_TYPES.length);
  });
});
