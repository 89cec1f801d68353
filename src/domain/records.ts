/**
 * Source records as the Okta reader hands them to the rest of the system. Plain JSON-able
 * data: ISO strings for timestamps (never Date objects), no SDK classes, no `undefined`
 * padding — so hashing, diffing and storing them in Redis is straightforward.
 */

/** A profile value as Okta stores it (custom attributes included). */
export type ProfileValue = string | number | boolean | null | readonly (string | number | boolean | null)[];

export type Profile = Readonly<Record<string, ProfileValue>>;

/** Okta user lifecycle status (`User.status`). */
export type OktaUserStatus =
  | 'STAGED'
  | 'PROVISIONED'
  | 'ACTIVE'
  | 'RECOVERY'
  | 'PASSWORD_EXPIRED'
  | 'LOCKED_OUT'
  | 'SUSPENDED'
  | 'DEPROVISIONED';

/** How a user got the app: directly (`USER`) or through a group (`GROUP`). */
export interface AppAssignment {
  readonly scope: 'USER' | 'GROUP';
  /** AppUser status, e.g. ACTIVE, PROVISIONED, STAGED. */
  readonly status: string;
  /** For `GROUP` scope: the group the assignment came through, when Okta says. */
  readonly groupId?: string;
}

/**
 * A user in scope: assigned to `okta.appId`, with the Okta user profile and the app user
 * profile. The mapping language sees `{ id, status, created, lastUpdated, profile, appProfile }`.
 */
export interface SourceUser {
  readonly id: string;
  readonly status: OktaUserStatus | (string & {});
  readonly created?: string;
  readonly lastUpdated?: string;
  readonly profile: Profile;
  readonly appProfile: Profile;
  readonly assignment: AppAssignment;
}

export type OktaGroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

/** A group selected for push. The mapping language sees `{ id, type, profile }`. */
export interface SourceGroup {
  readonly id: string;
  readonly type: OktaGroupType | (string & {});
  readonly profile: Profile;
  readonly lastUpdated?: string;
  readonly lastMembershipUpdated?: string;
}

/** What the mapping rules are evaluated against for a user. */
export interface UserMappingInput {
  readonly id: string;
  readonly status: string;
  readonly created?: string;
  readonly lastUpdated?: string;
  readonly profile: Profile;
  readonly appProfile: Profile;
}

/** What the mapping rules are evaluated against for a group. */
export interface GroupMappingInput {
  readonly id: string;
  readonly type: string;
  readonly profile: Profile;
}

export function userMappingInput(u: SourceUser): UserMappingInput {
  return {
    id: u.id,
    status: u.status,
    ...(u.created === undefined ? {} : { created: u.created }),
    ...(u.lastUpdated === undefined ? {} : { lastUpdated: u.lastUpdated }),
    profile: u.profile,
    appProfile: u.appProfile,
  };
}

export function groupMappingInput(g: SourceGroup): GroupMappingInput {
  return { id: g.id, type: g.type, profile: g.profile };
}

/** A login for messages: the Okta login when known, else the id. */
export function userLabel(u: Pick<SourceUser, 'id' | 'profile'>): string {
  const login = u.profile['login'];
  return typeof login === 'string' && login.length > 0 ? login : u.id;
}
