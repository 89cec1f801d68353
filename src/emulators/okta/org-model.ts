import type { PasswordPolicySummary } from '../../domain/ports.js';
import type { OktaUserStatus, ProfileValue } from '../../domain/records.js';
import { idFromName, ID_PREFIX } from './ids.js';

/**
 * The emulator's in-memory org. Times are epoch milliseconds (rendered as ISO strings on the
 * wire); users and groups get an ordinal in creation order, which is also the paging order.
 */
export type UserStatus = OktaUserStatus;

export const USER_STATUSES: readonly UserStatus[] = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
];

export type GroupType = 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN';

export type MutableProfile = Record<string, ProfileValue>;

export interface UserRecord {
  readonly id: string;
  readonly ordinal: number;
  status: UserStatus;
  readonly created: number;
  activated: number | null;
  statusChanged: number | null;
  lastLogin: number | null;
  lastUpdated: number;
  passwordChanged: number | null;
  profile: MutableProfile;
  /** Ids of the groups the user is a member of. */
  groupIds: string[];
}

export interface GroupRecord {
  readonly id: string;
  readonly ordinal: number;
  readonly type: GroupType;
  readonly created: number;
  lastUpdated: number;
  lastMembershipUpdated: number;
  profile: MutableProfile;
  /** Member user ordinals, ascending (paging order). */
  members: number[];
}

/** A user's assignment to the app, direct and/or through groups. */
export interface AppUserRecord {
  readonly userId: string;
  /** Assigned directly (scope USER); otherwise only through groups (scope GROUP). */
  direct: boolean;
  readonly created: number;
  lastUpdated: number;
  statusChanged: number;
  /** App profile values set on the assignment itself; they win over mapped values. */
  overrides: MutableProfile;
}

export interface GroupAssignmentRecord {
  readonly groupId: string;
  /** Lower wins when a user gets the app through several groups. */
  priority: number;
  readonly created: number;
  lastUpdated: number;
  /** App profile values applied to members assigned through this group. */
  profile: MutableProfile;
}

export interface AppInfo {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly created: number;
}

/**
 * The AppUser object's own id (`0ua…`), which System Log events name as an `AppUser` target.
 * Derived, not stored: a 100k-user org would otherwise hold (and hash) 65k more strings.
 */
export function appUserIdOf(au: Pick<AppUserRecord, 'userId' | 'created'>): string {
  return idFromName(ID_PREFIX.appUser, `${au.userId}:${au.created}`);
}

/** One app user profile attribute: where its value comes from and where Okta would send it. */
export interface AppAttributeDef {
  readonly name: string;
  readonly title: string;
  readonly type: 'string' | 'boolean' | 'number' | 'integer' | 'array';
  /** Okta user profile attribute mapped into it ("Okta User to App" mapping). */
  readonly from?: string;
  readonly externalName?: string;
  readonly externalNamespace?: string;
  /** Base (app-defined) or custom (added in Profile Editor). */
  readonly base: boolean;
  readonly required?: boolean;
}

/** A password policy as the emulator serves it: what the reader summarises, plus its groups. */
export interface PasswordPolicyDef extends PasswordPolicySummary {
  /** Group ids the policy applies to (Everyone when empty). */
  readonly groupIds: readonly string[];
}

export const CUSTOM_FIELD_NAMESPACE = 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User';
export const CORE_NAMESPACE = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_NAMESPACE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The base attributes of a SCIM 2.0 app's user profile, with the default Okta→app mapping. */
export const BASE_APP_ATTRIBUTES: readonly AppAttributeDef[] = [
  { name: 'userName', title: 'Username', type: 'string', from: 'login', externalName: 'userName', externalNamespace: CORE_NAMESPACE, base: true, required: true },
  { name: 'givenName', title: 'Given name', type: 'string', from: 'firstName', externalName: 'name.givenName', externalNamespace: CORE_NAMESPACE, base: true },
  { name: 'familyName', title: 'Family name', type: 'string', from: 'lastName', externalName: 'name.familyName', externalNamespace: CORE_NAMESPACE, base: true },
  { name: 'email', title: 'Primary email', type: 'string', from: 'email', externalName: 'emails.^[primary==true].value', externalNamespace: CORE_NAMESPACE, base: true },
  { name: 'displayName', title: 'Display name', type: 'string', from: 'displayName', externalName: 'displayName', externalNamespace: CORE_NAMESPACE, base: true },
  { name: 'mobilePhone', title: 'Mobile phone', type: 'string', from: 'mobilePhone', externalName: 'phoneNumbers.^[type==mobile].value', externalNamespace: CORE_NAMESPACE, base: true },
  { name: 'title', title: 'Title', type: 'string', from: 'title', externalName: 'title', externalNamespace: CORE_NAMESPACE, base: true },
  { name: 'department', title: 'Department', type: 'string', from: 'department', externalName: 'department', externalNamespace: ENTERPRISE_NAMESPACE, base: true },
];

/** The custom attribute the IDaaS guide adds: `user_address`, mapped from `postalAddress`. */
export const DEFAULT_CUSTOM_APP_ATTRIBUTES: readonly AppAttributeDef[] = [
  { name: 'user_address', title: 'User Address', type: 'string', from: 'postalAddress', externalName: 'user_address', externalNamespace: CUSTOM_FIELD_NAMESPACE, base: false },
];
