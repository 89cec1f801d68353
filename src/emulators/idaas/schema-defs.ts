import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from '../../domain/scim.js';

/**
 * RFC 7643 attribute definitions, trimmed to what IDaaS plausibly stores. One table drives both
 * input validation and the `/Schemas` discovery document, so what the emulator advertises is
 * exactly what it accepts.
 */
export interface AttrDef {
  readonly name: string;
  readonly type: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime' | 'binary';
  readonly multiValued?: boolean;
  readonly required?: boolean;
  readonly caseExact?: boolean;
  readonly mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  readonly returned?: 'always' | 'never' | 'default' | 'request';
  readonly uniqueness?: 'none' | 'server' | 'global';
  readonly description?: string;
  readonly subAttributes?: readonly AttrDef[];
  readonly canonicalValues?: readonly string[];
}

const str = (name: string, extra: Partial<AttrDef> = {}): AttrDef => ({ name, type: 'string', ...extra });
const bool = (name: string): AttrDef => ({ name, type: 'boolean' });

const multi = (name: string, value: AttrDef = str('value'), extra: readonly AttrDef[] = []): AttrDef => ({
  name,
  type: 'complex',
  multiValued: true,
  subAttributes: [value, str('display'), str('type'), bool('primary'), ...extra],
});

export const USER_ATTRIBUTES: readonly AttrDef[] = [
  str('userName', { required: true, uniqueness: 'server', description: 'IDaaS: letters, digits, _ . @ -, at most 64 characters' }),
  {
    name: 'name',
    type: 'complex',
    subAttributes: ['formatted', 'familyName', 'givenName', 'middleName', 'honorificPrefix', 'honorificSuffix'].map((n) => str(n)),
  },
  str('displayName', { description: 'IDaaS: at most 64 characters' }),
  str('nickName'),
  { name: 'profileUrl', type: 'reference' },
  str('title'),
  str('userType'),
  str('preferredLanguage'),
  str('locale'),
  str('timezone'),
  bool('active'),
  str('password', { mutability: 'writeOnly', returned: 'never', description: 'checked against the IDaaS password policy' }),
  multi('emails'),
  multi('phoneNumbers'),
  multi('ims'),
  multi('photos', { name: 'value', type: 'reference' }),
  {
    name: 'addresses',
    type: 'complex',
    multiValued: true,
    subAttributes: ['formatted', 'streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map((n) => str(n)).concat([bool('primary')]),
  },
  {
    name: 'groups',
    type: 'complex',
    multiValued: true,
    mutability: 'readOnly',
    subAttributes: [str('value'), { name: '$ref', type: 'reference' }, str('display'), str('type')],
  },
  multi('entitlements'),
  multi('roles'),
  multi('x509Certificates', { name: 'value', type: 'binary' }),
];

export const ENTERPRISE_ATTRIBUTES: readonly AttrDef[] = [
  str('employeeNumber'),
  str('costCenter'),
  str('organization'),
  str('division'),
  str('department'),
  {
    name: 'manager',
    type: 'complex',
    subAttributes: [str('value'), { name: '$ref', type: 'reference' }, str('displayName', { mutability: 'readOnly' })],
  },
];

export const GROUP_ATTRIBUTES: readonly AttrDef[] = [
  str('displayName', { required: true, uniqueness: 'server' }),
  {
    name: 'members',
    type: 'complex',
    multiValued: true,
    subAttributes: [
      str('value', { mutability: 'immutable', caseExact: true }),
      { name: '$ref', type: 'reference', mutability: 'immutable' },
      str('display', { mutability: 'readOnly' }),
      str('type', { mutability: 'immutable', canonicalValues: ['User'] }),
    ],
  },
];

/** Attributes every resource has (RFC 7643 §3.1). */
export const COMMON_ATTRIBUTES: readonly AttrDef[] = [
  str('id', { mutability: 'readOnly', caseExact: true, returned: 'always', uniqueness: 'server' }),
  str('externalId', { caseExact: true, description: 'IDaaS: at most 64 characters' }),
  {
    name: 'meta',
    type: 'complex',
    mutability: 'readOnly',
    subAttributes: [str('resourceType'), { name: 'created', type: 'dateTime' }, { name: 'lastModified', type: 'dateTime' }, { name: 'location', type: 'reference' }, str('version'), str('source')],
  },
];

export function customFieldAttributes(fieldIds: readonly string[]): AttrDef[] {
  return fieldIds.map((id) => str(id, { description: 'IDaaS extended field' }));
}

export { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER };

/** Case-insensitive lookup of an attribute definition by name (attribute names are case-insensitive, RFC 7643 §2.1). */
export function findAttr(defs: readonly AttrDef[], name: string): AttrDef | undefined {
  const lower = name.toLowerCase();
  return defs.find((d) => d.name.toLowerCase() === lower);
}
