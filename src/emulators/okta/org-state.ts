import type { ProfileValue } from '../../domain/records.js';
import {
  BASE_APP_ATTRIBUTES,
  type AppAttributeDef,
  type AppInfo,
  type AppUserRecord,
  type GroupAssignmentRecord,
  type GroupRecord,
  type MutableProfile,
  type PasswordPolicyDef,
  type UserRecord,
} from './org-model.js';
import type { SeedOrg } from './seed-model.js';

/** How a user holds the app right now. */
export interface AppScope {
  readonly scope: 'USER' | 'GROUP';
  /** The group the assignment comes through (scope GROUP): the assigned group with the lowest priority. */
  readonly group?: GroupRecord;
}

export type AssignmentChange = 'added' | 'removed' | 'changed' | 'unchanged';

/**
 * Indexed org data: users by id, lowercase login and ordinal; groups by id and ordinal;
 * members as sorted ordinals; the app's assigned users as a lazily rebuilt sorted index. Every
 * listing pages by ordinal, so a page costs O(page) (plus a binary search), not O(org).
 */
export class OrgState {
  readonly app: AppInfo;
  readonly appAttributes: readonly AppAttributeDef[];
  readonly passwordPolicies: readonly PasswordPolicyDef[];
  readonly appUsers = new Map<string, AppUserRecord>();
  readonly groupAssignments = new Map<string, GroupAssignmentRecord>();
  /** When the app user schema last changed (seed time). */
  readonly schemaUpdated: number;

  private readonly users: UserRecord[] = [];
  private readonly usersById = new Map<string, UserRecord>();
  private readonly usersByLogin = new Map<string, UserRecord>();
  private readonly groups: GroupRecord[] = [];
  private readonly groupsById = new Map<string, GroupRecord>();
  private assignedIndex: number[] | null = null;

  private constructor(seed: SeedOrg) {
    this.app = { id: seed.app.id, name: seed.app.name, label: seed.app.label, created: seed.baseTime };
    const custom = seed.app.attributes.filter((a) => !BASE_APP_ATTRIBUTES.some((b) => b.name === a.name));
    this.appAttributes = [...BASE_APP_ATTRIBUTES, ...custom];
    this.passwordPolicies = seed.passwordPolicies.map((p) => ({ ...p }));
    this.schemaUpdated = seed.baseTime;
  }

  static fromSeed(seed: SeedOrg): OrgState {
    const org = new OrgState(seed);
    for (const g of seed.groups) {
      const group = org.addGroup({ id: g.id, type: g.type, profile: { ...g.profile }, created: g.created, lastUpdated: g.lastUpdated });
      if (g.app) {
        org.groupAssignments.set(g.id, {
          groupId: g.id,
          priority: g.app.priority,
          created: g.created,
          lastUpdated: g.lastUpdated,
          profile: { ...g.app.profile },
        });
      }
      group.lastMembershipUpdated = g.lastUpdated;
    }
    for (const u of seed.users) {
      const user = org.addUser({
        id: u.id,
        status: u.status,
        profile: { ...u.profile },
        created: u.created,
        lastUpdated: u.lastUpdated,
      });
      for (const gid of u.groupIds) {
        const group = org.groupsById.get(gid);
        if (!group) throw new Error(`user ${u.id} names unknown group ${gid}`);
        // Seed users arrive in ordinal order, so appending keeps members sorted.
        if (!user.groupIds.includes(gid)) {
          group.members.push(user.ordinal);
          user.groupIds.push(gid);
          group.lastMembershipUpdated = Math.max(group.lastMembershipUpdated, u.created);
        }
      }
      const viaGroup = user.groupIds.some((gid) => org.groupAssignments.has(gid));
      if (u.app || viaGroup) {
        org.appUsers.set(user.id, {
          userId: user.id,
          direct: u.app !== undefined,
          created: u.created,
          lastUpdated: u.lastUpdated,
          statusChanged: u.created,
          overrides: { ...(u.app?.profile ?? {}) },
        });
      }
    }
    return org;
  }

  // ---- users ---------------------------------------------------------------------------

  get userCount(): number {
    return this.users.length;
  }

  /** By id, or by login (case-insensitive, as Okta matches logins). */
  user(idOrLogin: string): UserRecord | undefined {
    return this.usersById.get(idOrLogin) ?? this.usersByLogin.get(idOrLogin.toLowerCase());
  }

  userById(id: string): UserRecord | undefined {
    return this.usersById.get(id);
  }

  userAt(ordinal: number): UserRecord | undefined {
    return this.users[ordinal];
  }

  addUser(input: { id: string; status: UserRecord['status']; profile: MutableProfile; created: number; lastUpdated: number }): UserRecord {
    const login = input.profile['login'];
    if (typeof login !== 'string' || login === '') throw new Error(`user ${input.id} has no profile.login`);
    if (this.usersById.has(input.id)) throw new Error(`duplicate user id ${input.id}`);
    if (this.usersByLogin.has(login.toLowerCase())) throw new Error(`duplicate login ${login}`);
    const active = input.status !== 'STAGED';
    const user: UserRecord = {
      id: input.id,
      ordinal: this.users.length,
      status: input.status,
      created: input.created,
      activated: active ? input.created : null,
      statusChanged: input.status === 'ACTIVE' || input.status === 'STAGED' ? null : input.lastUpdated,
      lastLogin: input.status === 'ACTIVE' ? input.lastUpdated : null,
      lastUpdated: input.lastUpdated,
      passwordChanged: input.status === 'ACTIVE' || input.status === 'SUSPENDED' ? input.created : null,
      profile: input.profile,
      groupIds: [],
    };
    this.users.push(user);
    this.usersById.set(user.id, user);
    this.usersByLogin.set(loginKey(login), user);
    return user;
  }

  /** Keeps the login index right when a profile edit changes the login. */
  changeLogin(user: UserRecord, newLogin: string): void {
    const old = user.profile['login'];
    const other = this.usersByLogin.get(newLogin.toLowerCase());
    if (other && other !== user) throw new Error(`login ${newLogin} is taken`);
    if (typeof old === 'string') this.usersByLogin.delete(loginKey(old));
    this.usersByLogin.set(loginKey(newLogin), user);
  }

  loginTaken(login: string, except?: UserRecord): boolean {
    const other = this.usersByLogin.get(login.toLowerCase());
    return other !== undefined && other !== except;
  }

  /** Users in ordinal order, starting after the user with id `afterId` (or at the start). */
  *usersAfter(afterId: string | undefined): Generator<UserRecord> {
    let start = 0;
    if (afterId !== undefined) {
      const u = this.usersById.get(afterId);
      if (!u) return;
      start = u.ordinal + 1;
    }
    for (let i = start; i < this.users.length; i++) yield this.users[i] as UserRecord;
  }

  allUsers(): readonly UserRecord[] {
    return this.users;
  }

  // ---- groups --------------------------------------------------------------------------

  get groupCount(): number {
    return this.groups.length;
  }

  groupById(id: string): GroupRecord | undefined {
    return this.groupsById.get(id);
  }

  groupByName(name: string): GroupRecord | undefined {
    return this.groups.find((g) => g.profile['name'] === name);
  }

  addGroup(input: { id: string; type: GroupRecord['type']; profile: MutableProfile; created: number; lastUpdated: number }): GroupRecord {
    if (this.groupsById.has(input.id)) throw new Error(`duplicate group id ${input.id}`);
    const group: GroupRecord = {
      id: input.id,
      ordinal: this.groups.length,
      type: input.type,
      created: input.created,
      lastUpdated: input.lastUpdated,
      lastMembershipUpdated: input.lastUpdated,
      profile: input.profile,
      members: [],
    };
    this.groups.push(group);
    this.groupsById.set(group.id, group);
    return group;
  }

  *groupsAfter(afterId: string | undefined): Generator<GroupRecord> {
    let start = 0;
    if (afterId !== undefined) {
      const g = this.groupsById.get(afterId);
      if (!g) return;
      start = g.ordinal + 1;
    }
    for (let i = start; i < this.groups.length; i++) yield this.groups[i] as GroupRecord;
  }

  allGroups(): readonly GroupRecord[] {
    return this.groups;
  }

  /** Members of a group in ordinal order, after the member with id `afterId`. */
  *membersAfter(group: GroupRecord, afterId: string | undefined): Generator<UserRecord> {
    let start = 0;
    if (afterId !== undefined) {
      const u = this.usersById.get(afterId);
      if (!u) return;
      start = upperBound(group.members, u.ordinal);
    }
    for (let i = start; i < group.members.length; i++) {
      const user = this.users[group.members[i] as number];
      if (user) yield user;
    }
  }

  /** Adds a member; false when already a member. */
  addMember(group: GroupRecord, user: UserRecord): boolean {
    const at = lowerBound(group.members, user.ordinal);
    if (group.members[at] === user.ordinal) return false;
    group.members.splice(at, 0, user.ordinal);
    user.groupIds.push(group.id);
    return true;
  }

  /** Removes a member; false when not a member. */
  removeMember(group: GroupRecord, user: UserRecord): boolean {
    const at = lowerBound(group.members, user.ordinal);
    if (group.members[at] !== user.ordinal) return false;
    group.members.splice(at, 1);
    user.groupIds = user.groupIds.filter((g) => g !== group.id);
    return true;
  }

  // ---- the app -------------------------------------------------------------------------

  scopeOf(user: UserRecord): AppScope | undefined {
    const au = this.appUsers.get(user.id);
    if (!au) return undefined;
    if (au.direct) return { scope: 'USER' };
    const group = this.winningGroup(user);
    return group ? { scope: 'GROUP', group } : { scope: 'GROUP' };
  }

  private winningGroup(user: UserRecord): GroupRecord | undefined {
    let best: { g: GroupRecord; p: number } | undefined;
    for (const gid of user.groupIds) {
      const ga = this.groupAssignments.get(gid);
      const g = this.groupsById.get(gid);
      if (ga && g && (best === undefined || ga.priority < best.p || (ga.priority === best.p && g.ordinal < best.g.ordinal))) {
        best = { g, p: ga.priority };
      }
    }
    return best?.g;
  }

  /**
   * The app user profile: every app attribute mapped from the Okta user profile (null when the
   * source is empty, as Okta renders unset attributes), then the winning group assignment's
   * values for group-scoped users, then values set on the assignment itself.
   */
  appProfile(user: UserRecord, au: AppUserRecord): MutableProfile {
    const out: MutableProfile = {};
    for (const attr of this.appAttributes) {
      const v = attr.from === undefined ? undefined : user.profile[attr.from];
      out[attr.name] = v === undefined || v === '' ? null : v;
    }
    if (!au.direct) {
      const g = this.winningGroup(user);
      const ga = g ? this.groupAssignments.get(g.id) : undefined;
      if (ga) Object.assign(out, ga.profile);
    }
    Object.assign(out, au.overrides);
    return out;
  }

  /** AppUser status, derived from the user's lifecycle status. */
  appUserStatus(user: UserRecord): string {
    if (user.status === 'DEPROVISIONED') return 'DEPROVISIONED';
    if (user.status === 'STAGED') return 'STAGED';
    return 'PROVISIONED';
  }

  /**
   * Re-derives whether a user holds the app (directly or through an assigned group) after a
   * change, creating or dropping the AppUser. `direct` changes the direct flag when given.
   */
  refreshAssignment(user: UserRecord, now: number, direct?: boolean): AssignmentChange {
    const existing = this.appUsers.get(user.id);
    const isDirect = direct ?? existing?.direct ?? false;
    const viaGroup = user.groupIds.some((gid) => this.groupAssignments.has(gid));
    if (!isDirect && !viaGroup) {
      if (!existing) return 'unchanged';
      this.appUsers.delete(user.id);
      this.assignedIndex = null;
      return 'removed';
    }
    if (!existing) {
      this.appUsers.set(user.id, {
        userId: user.id,
        direct: isDirect,
        created: now,
        lastUpdated: now,
        statusChanged: now,
        overrides: {},
      });
      this.assignedIndex = null;
      return 'added';
    }
    if (existing.direct !== isDirect) {
      existing.direct = isDirect;
      existing.lastUpdated = now;
      return 'changed';
    }
    return 'unchanged';
  }

  /** Ordinals of users holding the app, ascending; rebuilt only after assignments changed. */
  assignedOrdinals(): readonly number[] {
    if (this.assignedIndex === null) {
      const idx: number[] = [];
      for (const u of this.users) if (this.appUsers.has(u.id)) idx.push(u.ordinal);
      this.assignedIndex = idx;
    }
    return this.assignedIndex;
  }

  /** App users in ordinal order after the user with id `afterId`. */
  *appUsersAfter(afterId: string | undefined): Generator<{ user: UserRecord; appUser: AppUserRecord }> {
    const idx = this.assignedOrdinals();
    let start = 0;
    if (afterId !== undefined) {
      const u = this.usersById.get(afterId);
      if (!u) return;
      start = upperBound(idx, u.ordinal);
    }
    for (let i = start; i < idx.length; i++) {
      const user = this.users[idx[i] as number];
      const appUser = user ? this.appUsers.get(user.id) : undefined;
      if (user && appUser) yield { user, appUser };
    }
  }

  setOverride(au: AppUserRecord, key: string, value: ProfileValue | undefined): void {
    if (value === undefined) delete au.overrides[key];
    else au.overrides[key] = value;
  }
}

/** The login index key: lower case, reusing the login string itself when it already is (100k fewer strings). */
function loginKey(login: string): string {
  const lower = login.toLowerCase();
  return lower === login ? login : lower;
}

/** First index whose value is >= x. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is > x. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
