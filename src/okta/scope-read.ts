import type { AppUser, Group, User } from '@okta/okta-sdk-nodejs';
import type { ReadReport, ScopeRead } from '../domain/ports.js';
import type { SourceGroup, SourceUser } from '../domain/records.js';
import type { OktaClient } from './create-client.js';
import type { GroupSelection } from './group-selection.js';
import { readPages } from './pages.js';
import { ReadTracker } from './read-tracker.js';
import { groupName, toSourceGroup, toSourceUser, type UserLike } from './to-records.js';

/** Page sizes: the maxima where the apps bucket (the scarce one) is involved, Okta's advice elsewhere. */
export const PAGE_SIZE = { appUsers: 500, groups: 1000, groupMembers: 200 } as const;

export interface ScopeReadContext {
  readonly client: OktaClient;
  readonly appId: string;
  readonly selection: GroupSelection;
  readonly timeoutMs: number;
}

/**
 * One read of the sync scope. Users come from `/apps/{appId}/users?expand=user&limit=500`:
 * one request per 500 users, each with the Okta user and the app profile, never one request
 * per user. Groups are listed once and filtered by `okta.groups`; members are read per group.
 * Every listing streams pages and reports into one tracker for `report()`.
 */
export class OktaScopeRead implements ScopeRead {
  private readonly tracker = new ReadTracker();

  constructor(private readonly ctx: ScopeReadContext) {}

  users(): AsyncIterable<readonly SourceUser[]> {
    const { client, appId } = this.ctx;
    return readPages<AppUser, SourceUser>({
      listing: 'users',
      request: `GET /api/v1/apps/${appId}/users`,
      open: () => client.applicationApi.listApplicationUsers({ appId, limit: PAGE_SIZE.appUsers, expand: 'user' }),
      map: (au) => {
        const embedded = (au._embedded as { user?: UserLike } | undefined)?.user;
        return embedded ? toSourceUser(embedded, au) : undefined;
      },
      skipReason: (au) => `app user ${String(au.id)} came without its embedded user (expand=user)`,
      tracker: this.tracker,
      timeoutMs: this.ctx.timeoutMs,
    });
  }

  groups(): AsyncIterable<readonly SourceGroup[]> {
    const { client, selection } = this.ctx;
    return selectedOnly(
      readPages<Group, SourceGroup | null>({
        listing: 'groups',
        request: 'GET /api/v1/groups',
        open: () => client.groupApi.listGroups({ limit: PAGE_SIZE.groups }),
        // null = read fine but not selected for push; dropped by selectedOnly
        map: (g) => {
          if (typeof g.id !== 'string' || g.id === '') return undefined;
          return selection.selects({ id: g.id, name: groupName(g) }) ? (toSourceGroup(g) ?? null) : null;
        },
        skipReason: () => 'a group without an id',
        tracker: this.tracker,
        timeoutMs: this.ctx.timeoutMs,
      }),
    );
  }

  groupMemberIds(groupId: string): AsyncIterable<readonly string[]> {
    return memberIdPages(this.ctx, this.tracker, groupId);
  }

  report(): ReadReport {
    return this.tracker.report();
  }
}

async function* selectedOnly(pages: AsyncIterable<readonly (SourceGroup | null)[]>): AsyncGenerator<readonly SourceGroup[]> {
  for await (const page of pages) {
    const selected = page.filter((g): g is SourceGroup => g !== null);
    if (selected.length > 0) yield selected;
  }
}

export function memberIdPages(ctx: Pick<ScopeReadContext, 'client' | 'timeoutMs'>, tracker: ReadTracker, groupId: string): AsyncIterable<readonly string[]> {
  return readPages<User, string>({
    listing: `members of group ${groupId}`,
    request: `GET /api/v1/groups/${groupId}/users`,
    open: () => ctx.client.groupApi.listGroupUsers({ groupId, limit: PAGE_SIZE.groupMembers }),
    map: (u) => (typeof u.id === 'string' && u.id ? u.id : undefined),
    skipReason: () => 'a member without an id',
    tracker,
    timeoutMs: ctx.timeoutMs,
  });
}
