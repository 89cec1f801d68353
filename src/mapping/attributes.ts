import { SCHEMA_GROUP, SCHEMA_USER } from '../domain/scim.js';

/**
 * The SCIM attributes a rule may write (RFC 7643 §4.1 User, §4.2 Group, §4.3 enterprise User),
 * in the order the mapped body lists them. Attributes the server or the sync engine owns are
 * listed as `forbidden` with the reason, so a rule for them is refused with that reason instead
 * of "unknown attribute".
 */

export type ValueType = 'string' | 'boolean' | 'scalar';

export interface SubAttribute {
  readonly name: string;
  readonly type: ValueType;
  /** Set when the sub-attribute cannot be a target, with the reason. */
  readonly forbidden?: string;
}

export type AttributeDef =
  | { readonly kind: 'simple'; readonly name: string; readonly type: ValueType }
  | { readonly kind: 'complex'; readonly name: string; readonly subs: readonly SubAttribute[] }
  | {
      readonly kind: 'multi';
      readonly name: string;
      readonly subs: readonly SubAttribute[];
      /** Sub-attributes that make an entry exist; an entry with none of them set is not sent. */
      readonly presentWhen: readonly string[];
      /** A `type` value to show in hints. */
      readonly exampleType: string;
    }
  | { readonly kind: 'forbidden'; readonly name: string; readonly why: string };

const str = (name: string): SubAttribute => ({ name, type: 'string' });
const TYPE_SUB: SubAttribute = { name: 'type', type: 'string', forbidden: 'the type comes from the filter, e.g. [type eq "work"]' };
const PRIMARY_SUB: SubAttribute = { name: 'primary', type: 'boolean' };

const plainMulti = (name: string, exampleType: string): AttributeDef => ({
  kind: 'multi',
  name,
  subs: [str('value'), str('display'), TYPE_SUB, PRIMARY_SUB],
  presentWhen: ['value'],
  exampleType,
});

const SERVER_OWNED = (name: string): AttributeDef => ({ kind: 'forbidden', name, why: `${name} is set by the server, not by a mapping` });
const SCHEMAS: AttributeDef = { kind: 'forbidden', name: 'schemas', why: 'schemas is computed from the attributes a mapping writes' };

export const USER_ATTRIBUTES: readonly AttributeDef[] = [
  SCHEMAS,
  SERVER_OWNED('id'),
  SERVER_OWNED('meta'),
  { kind: 'simple', name: 'externalId', type: 'string' },
  { kind: 'simple', name: 'userName', type: 'string' },
  {
    kind: 'complex',
    name: 'name',
    subs: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map(str),
  },
  { kind: 'simple', name: 'displayName', type: 'string' },
  { kind: 'simple', name: 'nickName', type: 'string' },
  { kind: 'simple', name: 'profileUrl', type: 'string' },
  { kind: 'simple', name: 'title', type: 'string' },
  { kind: 'simple', name: 'userType', type: 'string' },
  { kind: 'simple', name: 'preferredLanguage', type: 'string' },
  { kind: 'simple', name: 'locale', type: 'string' },
  { kind: 'simple', name: 'timezone', type: 'string' },
  { kind: 'simple', name: 'active', type: 'boolean' },
  {
    kind: 'forbidden',
    name: 'password',
    why: 'password is never mapped; the sync engine sets it per provisioning.password',
  },
  plainMulti('emails', 'work'),
  plainMulti('phoneNumbers', 'mobile'),
  plainMulti('ims', 'skype'),
  plainMulti('photos', 'photo'),
  {
    kind: 'multi',
    name: 'addresses',
    subs: [...['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'].map(str), TYPE_SUB, PRIMARY_SUB],
    presentWhen: ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country'],
    exampleType: 'work',
  },
  { kind: 'forbidden', name: 'groups', why: 'groups is read-only; memberships are pushed with the groups' },
  plainMulti('entitlements', 'default'),
  plainMulti('roles', 'default'),
  plainMulti('x509Certificates', 'default'),
];

export const ENTERPRISE_ATTRIBUTES: readonly AttributeDef[] = [
  { kind: 'simple', name: 'employeeNumber', type: 'string' },
  { kind: 'simple', name: 'costCenter', type: 'string' },
  { kind: 'simple', name: 'organization', type: 'string' },
  { kind: 'simple', name: 'division', type: 'string' },
  { kind: 'simple', name: 'department', type: 'string' },
  {
    kind: 'complex',
    name: 'manager',
    subs: [str('value'), str('$ref'), { name: 'displayName', type: 'string', forbidden: 'manager.displayName is read-only (the server fills it)' }],
  },
];

export const GROUP_ATTRIBUTES: readonly AttributeDef[] = [
  SCHEMAS,
  SERVER_OWNED('id'),
  SERVER_OWNED('meta'),
  { kind: 'simple', name: 'externalId', type: 'string' },
  { kind: 'simple', name: 'displayName', type: 'string' },
  { kind: 'forbidden', name: 'members', why: 'members are pushed by the sync engine from Okta group memberships' },
];

export type Section = 'user' | 'group';

export const SECTION_SCHEMA: Readonly<Record<Section, string>> = { user: SCHEMA_USER, group: SCHEMA_GROUP };

export function coreAttributes(section: Section): readonly AttributeDef[] {
  return section === 'user' ? USER_ATTRIBUTES : GROUP_ATTRIBUTES;
}

/** The attribute a section cannot do without; compile refuses a mapping without a rule for it. */
export const REQUIRED_TARGET: Readonly<Record<Section, string>> = { user: 'userName', group: 'displayName' };

/** RFC 7643 ATTRNAME: a letter, then letters, digits, `_` or `-`. */
export const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
