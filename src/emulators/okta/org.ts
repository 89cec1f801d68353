import type { ProfileValue } from '../../domain/records.js';
import { randomId, ID_PREFIX } from './ids.js';
import { appTarget, appUserTarget, buildEvent, groupTarget, userTarget, type LogEvent, type LogTarget } from './log-events.js';
import { appUserIdOf, type GroupRecord, type MutableProfile, type UserRecord, type UserStatus } from './org-model.js';
import type { OrgState } from './org-state.js';
import { oktaErrors, OktaHttpError } from './okta-errors.js';
import { SystemLog } from './system-log.js';

/** A profile patch: a value sets the attribute, null clears it. */
export type ProfilePatch = Readonly<Record<string, ProfileValue>>;

export interface AdminResult {
  /** The System Log events this change wrote, in order. */
  readonly events: readonly LogEvent[];
}

/**
 * The org at run time: read access to its state, and the admin operations tests and demos use
 * to change it. Every operation moves `lastUpdated` / `lastMembershipUpdated` the way Okta does
 * and writes the System Log events Okta writes, so incremental sync can be exercised end to end.
 * Users are named by id or login, groups by id or name. Failures throw OktaHttpError (the HTTP
 * admin API answers them in Okta's error shape).
 */
export class OktaOrg {
  readonly log = new SystemLog();

  constructor(
    readonly state: OrgState,
    private readonly now: () => number,
  ) {}

  get appId(): string {
    return this.state.app.id;
  }

  // ---- lookups -------------------------------------------------------------------------

  findUser(idOrLogin: string): UserRecord {
    const u = this.state.user(idOrLogin);
    if (!u) throw oktaErrors.notFound(idOrLogin, 'User');
    return u;
  }

  findGroup(idOrName: string): GroupRecord {
    const g = this.state.groupById(idOrName) ?? this.state.groupByName(idOrName);
    if (!g) throw oktaErrors.notFound(idOrName, 'UserGroup');
    return g;
  }

  /** Ids of every user holding the app, in listing order. */
  assignedUserIds(): string[] {
    return this.state.assignedOrdinals().map((o) => this.state.userAt(o)?.id ?? '');
  }

  // ---- users ---------------------------------------------------------------------------

  createUser(args: {
    profile: ProfilePatch;
    status?: UserStatus;
    groups?: readonly string[];
    assign?: boolean;
    appProfile?: ProfilePatch;
  }): AdminResult & { id: string } {
    const at = this.now();
    const profile = cleanProfile(args.profile);
    const login = profile['login'];
    if (typeof login !== 'string' || login.trim() === '') throw oktaErrors.validation('login', 'login is required');
    if (this.state.loginTaken(login)) {
      throw new OktaHttpError(400, 'E0000001', 'Api validation failed: login', ['login: An object with this field already exists in the current organization']);
    }
    const status = args.status ?? 'ACTIVE';
    const groups = (args.groups ?? []).map((g) => this.findGroup(g));
    const user = this.state.addUser({ id: randomId(ID_PREFIX.user), status, profile, created: at, lastUpdated: at });
    const events: LogEvent[] = [this.write('user.lifecycle.create', [userTarget(user)], '/api/v1/users')];
    if (status !== 'STAGED') events.push(this.write('user.lifecycle.activate', [userTarget(user)], `/api/v1/users/${user.id}/lifecycle/activate`));
    for (const g of groups) events.push(...this.addGroupMember({ group: g.id, user: user.id }).events);
    if (args.assign) events.push(...this.assignUser({ user: user.id, ...(args.appProfile ? { profile: args.appProfile } : {}) }).events);
    return { id: user.id, events };
  }

  /** Partial profile update (Okta's POST /users/{id} semantics): given keys change, null clears. */
  updateUserProfile(args: { user: string; profile: ProfilePatch }): AdminResult {
    const user = this.findUser(args.user);
    const patch = args.profile;
    const newLogin = patch['login'];
    if (newLogin !== undefined) {
      if (typeof newLogin !== 'string' || newLogin.trim() === '') throw oktaErrors.validation('login', 'login must be a non-empty string');
      if (this.state.loginTaken(newLogin, user)) {
        throw new OktaHttpError(400, 'E0000001', 'Api validation failed: login', ['login: An object with this field already exists in the current organization']);
      }
    }
    const from: Record<string, unknown> = {};
    const to: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) {
      if (user.profile[k] === v) continue;
      from[k] = user.profile[k] ?? null;
      to[k] = v;
    }
    if (Object.keys(to).length === 0) return { events: [] };
    if (typeof newLogin === 'string') this.state.changeLogin(user, newLogin);
    Object.assign(user.profile, patch);
    const at = this.now();
    user.lastUpdated = at;
    const au = this.state.appUsers.get(user.id);
    if (au) au.lastUpdated = at;
    return { events: [this.write('user.account.update_profile', [{ ...userTarget(user), changeDetails: { from, to } }], `/api/v1/users/${user.id}`)] };
  }

  deactivateUser(args: { user: string }): AdminResult {
    return this.lifecycle(args.user, 'deactivate', ['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED'], 'DEPROVISIONED');
  }

  /** A deactivated user back to ACTIVE (`user.lifecycle.reactivate`). */
  reactivateUser(args: { user: string }): AdminResult {
    return this.lifecycle(args.user, 'reactivate', ['DEPROVISIONED'], 'ACTIVE');
  }

  activateUser(args: { user: string }): AdminResult {
    return this.lifecycle(args.user, 'activate', ['STAGED', 'PROVISIONED'], 'ACTIVE');
  }

  suspendUser(args: { user: string }): AdminResult {
    return this.lifecycle(args.user, 'suspend', ['ACTIVE'], 'SUSPENDED');
  }

  unsuspendUser(args: { user: string }): AdminResult {
    return this.lifecycle(args.user, 'unsuspend', ['SUSPENDED'], 'ACTIVE');
  }

  private lifecycle(idOrLogin: string, action: string, from: readonly UserStatus[], to: UserStatus): AdminResult {
    const user = this.findUser(idOrLogin);
    if (!from.includes(user.status)) {
      throw new OktaHttpError(400, 'E0000001', `Api validation failed: ${action}`, [`cannot ${action} a user whose status is ${user.status}`]);
    }
    const at = this.now();
    user.status = to;
    user.statusChanged = at;
    user.lastUpdated = at;
    if (to === 'ACTIVE' && user.activated === null) user.activated = at;
    const au = this.state.appUsers.get(user.id);
    if (au) {
      au.statusChanged = at;
      au.lastUpdated = at;
    }
    return { events: [this.write(`user.lifecycle.${action}`, [userTarget(user)], `/api/v1/users/${user.id}/lifecycle/${action}`)] };
  }

  // ---- app assignments -----------------------------------------------------------------

  /** Assigns the app to a user directly (scope USER), optionally with app profile values. */
  assignUser(args: { user: string; profile?: ProfilePatch }): AdminResult {
    const user = this.findUser(args.user);
    const at = this.now();
    const change = this.state.refreshAssignment(user, at, true);
    const au = this.state.appUsers.get(user.id);
    let profileChanged = false;
    if (au && args.profile) {
      for (const [k, v] of Object.entries(args.profile)) {
        if (au.overrides[k] !== v) profileChanged = true;
        this.state.setOverride(au, k, v);
      }
      if (profileChanged) au.lastUpdated = at;
    }
    const events: LogEvent[] = [];
    if (change === 'added') events.push(this.appMembershipEvent('add', user));
    else if (change === 'changed' || profileChanged) events.push(this.appMembershipEvent('update', user));
    return { events };
  }

  /**
   * Removes a direct assignment. A user who also holds the app through a group keeps it (scope
   * becomes GROUP); a user who holds it only through a group cannot be unassigned individually.
   */
  unassignUser(args: { user: string }): AdminResult {
    const user = this.findUser(args.user);
    const au = this.state.appUsers.get(user.id);
    if (!au) throw oktaErrors.notFound(user.id, 'AppUser');
    if (!au.direct) {
      throw new OktaHttpError(400, 'E0000001', 'Api validation failed: assignment', [
        'the user is assigned through a group; remove the user from the group or unassign the group',
      ]);
    }
    const change = this.state.refreshAssignment(user, this.now(), false);
    if (change === 'removed') return { events: [this.appMembershipEvent('remove', user, appUserIdOf(au))] };
    return { events: [this.appMembershipEvent('update', user)] };
  }

  /** App profile values on a user's assignment (they win over mapped values). */
  updateAppProfile(args: { user: string; profile: ProfilePatch }): AdminResult {
    const user = this.findUser(args.user);
    const au = this.state.appUsers.get(user.id);
    if (!au) throw oktaErrors.notFound(user.id, 'AppUser');
    let changed = false;
    for (const [k, v] of Object.entries(args.profile)) {
      if (au.overrides[k] !== v) changed = true;
      this.state.setOverride(au, k, v);
    }
    if (!changed) return { events: [] };
    au.lastUpdated = this.now();
    return { events: [this.appMembershipEvent('update', user)] };
  }

  /** Assigns the app to a group: every member gets it with scope GROUP (unless assigned directly). */
  assignGroup(args: { group: string; priority?: number; profile?: ProfilePatch }): AdminResult {
    const group = this.findGroup(args.group);
    const at = this.now();
    const existing = this.state.groupAssignments.get(group.id);
    const events: LogEvent[] = [];
    if (existing) {
      if (args.priority !== undefined) existing.priority = args.priority;
      if (args.profile) Object.assign(existing.profile, args.profile);
      existing.lastUpdated = at;
      events.push(this.write('group.application_assignment.update', [groupTarget(group), appTarget(this.state.app)], this.appPath(`/groups/${group.id}`)));
      return { events };
    }
    const priority = args.priority ?? this.state.groupAssignments.size;
    this.state.groupAssignments.set(group.id, { groupId: group.id, priority, created: at, lastUpdated: at, profile: { ...(args.profile ?? {}) } });
    events.push(this.write('group.application_assignment.add', [groupTarget(group), appTarget(this.state.app)], this.appPath(`/groups/${group.id}`)));
    for (const user of this.state.membersAfter(group, undefined)) {
      if (this.state.refreshAssignment(user, at) === 'added') events.push(this.appMembershipEvent('add', user));
    }
    return { events };
  }

  unassignGroup(args: { group: string }): AdminResult {
    const group = this.findGroup(args.group);
    if (!this.state.groupAssignments.has(group.id)) throw oktaErrors.notFound(group.id, 'ApplicationGroupAssignment');
    const at = this.now();
    this.state.groupAssignments.delete(group.id);
    const events: LogEvent[] = [this.write('group.application_assignment.remove', [groupTarget(group), appTarget(this.state.app)], this.appPath(`/groups/${group.id}`))];
    for (const user of this.state.membersAfter(group, undefined)) {
      const au = this.state.appUsers.get(user.id);
      if (this.state.refreshAssignment(user, at) === 'removed' && au) events.push(this.appMembershipEvent('remove', user, appUserIdOf(au)));
    }
    return { events };
  }

  // ---- groups --------------------------------------------------------------------------

  createGroup(args: { name: string; description?: string; profile?: ProfilePatch }): AdminResult & { id: string } {
    if (typeof args.name !== 'string' || args.name.trim() === '') throw oktaErrors.validation('name', 'name is required');
    if (this.state.groupByName(args.name)) {
      throw new OktaHttpError(400, 'E0000001', 'Api validation failed: name', ['name: An object with this field already exists in the current organization']);
    }
    const at = this.now();
    const profile: MutableProfile = { ...cleanProfile(args.profile ?? {}), name: args.name };
    if (args.description !== undefined) profile['description'] = args.description;
    else if (!('description' in profile)) profile['description'] = null;
    const group = this.state.addGroup({ id: randomId(ID_PREFIX.group), type: 'OKTA_GROUP', profile, created: at, lastUpdated: at });
    return { id: group.id, events: [this.write('group.lifecycle.create', [groupTarget(group)], '/api/v1/groups')] };
  }

  renameGroup(args: { group: string; name: string }): AdminResult {
    return this.updateGroupProfile({ group: args.group, profile: { name: args.name } });
  }

  updateGroupProfile(args: { group: string; profile: ProfilePatch }): AdminResult {
    const group = this.findGroup(args.group);
    const name = args.profile['name'];
    if (name !== undefined) {
      if (typeof name !== 'string' || name.trim() === '') throw oktaErrors.validation('name', 'name must be a non-empty string');
      const other = this.state.groupByName(name);
      if (other && other !== group) {
        throw new OktaHttpError(400, 'E0000001', 'Api validation failed: name', ['name: An object with this field already exists in the current organization']);
      }
    }
    const from: Record<string, unknown> = {};
    const to: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(args.profile)) {
      if (group.profile[k] === v) continue;
      from[k] = group.profile[k] ?? null;
      to[k] = v;
    }
    if (Object.keys(to).length === 0) return { events: [] };
    Object.assign(group.profile, args.profile);
    group.lastUpdated = this.now();
    return { events: [this.write('group.profile.update', [{ ...groupTarget(group), changeDetails: { from, to } }], `/api/v1/groups/${group.id}`)] };
  }

  addGroupMember(args: { group: string; user: string }): AdminResult {
    const group = this.findGroup(args.group);
    const user = this.findUser(args.user);
    if (!this.state.addMember(group, user)) return { events: [] };
    const at = this.now();
    group.lastMembershipUpdated = at;
    const events = [this.write('group.user_membership.add', [userTarget(user), groupTarget(group)], `/api/v1/groups/${group.id}/users/${user.id}`)];
    if (this.state.refreshAssignment(user, at) === 'added') events.push(this.appMembershipEvent('add', user));
    return { events };
  }

  removeGroupMember(args: { group: string; user: string }): AdminResult {
    const group = this.findGroup(args.group);
    const user = this.findUser(args.user);
    if (!this.state.removeMember(group, user)) return { events: [] };
    const at = this.now();
    group.lastMembershipUpdated = at;
    const events = [this.write('group.user_membership.remove', [userTarget(user), groupTarget(group)], `/api/v1/groups/${group.id}/users/${user.id}`)];
    const au = this.state.appUsers.get(user.id);
    if (this.state.refreshAssignment(user, at) === 'removed' && au) events.push(this.appMembershipEvent('remove', user, appUserIdOf(au)));
    return { events };
  }

  // ---- events --------------------------------------------------------------------------

  private appPath(rest: string): string {
    return `/api/v1/apps/${this.state.app.id}${rest}`;
  }

  private appMembershipEvent(kind: 'add' | 'remove' | 'update', user: UserRecord, appUserId?: string): LogEvent {
    const current = this.state.appUsers.get(user.id);
    const auId = appUserId ?? (current ? appUserIdOf(current) : user.id);
    return this.write(
      `application.user_membership.${kind}`,
      [appUserTarget(auId, user), appTarget(this.state.app), userTarget(user)],
      this.appPath(`/users/${user.id}`),
    );
  }

  private write(eventType: string, targets: readonly LogTarget[], requestUri: string): LogEvent {
    return this.log.append((at) => buildEvent(eventType, at, targets, requestUri), this.now());
  }
}

/** Drops undefined values so stored profiles are plain JSON. */
function cleanProfile(p: ProfilePatch): MutableProfile {
  const out: MutableProfile = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = v;
  return out;
}
