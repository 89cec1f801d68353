import type { ProfileValue } from '../../domain/records.js';
import type { AppAttributeDef, GroupType, PasswordPolicyDef, UserStatus } from './org-model.js';

/**
 * The declarative description of an org that both the YAML seed file and the generator
 * produce; `OrgState.fromSeed` turns it into indexed records. Dates are ISO strings or epoch
 * milliseconds; missing ones are derived from `baseTime`.
 */
export interface SeedOrg {
  readonly baseTime: number;
  readonly app: {
    readonly id: string;
    readonly name: string;
    readonly label: string;
    /** Custom app user attributes (the base SCIM attributes are always present). */
    readonly attributes: readonly AppAttributeDef[];
  };
  readonly users: readonly SeedUser[];
  readonly groups: readonly SeedGroup[];
  readonly passwordPolicies: readonly SeedPasswordPolicy[];
}

export interface SeedUser {
  readonly id: string;
  readonly status: UserStatus;
  readonly profile: Readonly<Record<string, ProfileValue>>;
  /** Group ids. */
  readonly groupIds: readonly string[];
  /** Direct app assignment (scope USER), with app profile values set on it. */
  readonly app?: { readonly profile: Readonly<Record<string, ProfileValue>> };
  readonly created: number;
  readonly lastUpdated: number;
}

export interface SeedGroup {
  readonly id: string;
  readonly type: GroupType;
  readonly profile: Readonly<Record<string, ProfileValue>>;
  /** Assigned to the app: members get the app with scope GROUP. */
  readonly app?: { readonly priority: number; readonly profile: Readonly<Record<string, ProfileValue>> };
  readonly created: number;
  readonly lastUpdated: number;
}

export type SeedPasswordPolicy = PasswordPolicyDef;

export const DEFAULT_APP = { name: 'scim2testapp', label: 'Alibaba Cloud IDaaS (SCIM 2.0)' } as const;
