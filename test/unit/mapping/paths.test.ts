import { describe, expect, it } from 'vitest';
import { parseSourcePath, parseTemplate } from '../../../src/mapping/source-path.js';
import { parseTargetPath } from '../../../src/mapping/target-path.js';
import { CUSTOM_NS, ENTERPRISE } from '../../helpers/mapping.js';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

describe('target paths', () => {
  const user = { section: 'user' as const, customFieldNamespace: CUSTOM_NS };
  const group = { section: 'group' as const, customFieldNamespace: CUSTOM_NS };

  // [path, section, canonical form, value type]
  it.each([
    ['userName', user, 'userName', 'string'],
    ['externalId', user, 'externalId', 'string'],
    ['active', user, 'active', 'boolean'],
    ['name.givenName', user, 'name.givenName', 'string'],
    ['emails[type eq "work"].value', user, 'emails[type eq "work"].value', 'string'],
    ['emails[ type  EQ "work" ].value', user, 'emails[type eq "work"].value', 'string'],
    ['emails[type eq "work"].primary', user, 'emails[type eq "work"].primary', 'boolean'],
    ['phoneNumbers[type eq "mobile"].value', user, 'phoneNumbers[type eq "mobile"].value', 'string'],
    ['addresses[type eq "home"].streetAddress', user, 'addresses[type eq "home"].streetAddress', 'string'],
    ['emails[type eq "a\\"b"].value', user, 'emails[type eq "a\\"b"].value', 'string'],
    [`${CORE}:userName`, user, 'userName', 'string'],
    [`${CORE}:emails[type eq "work"].value`, user, 'emails[type eq "work"].value', 'string'],
    [`${ENTERPRISE}:department`, user, `${ENTERPRISE}:department`, 'string'],
    [`${ENTERPRISE}:manager.value`, user, `${ENTERPRISE}:manager.value`, 'string'],
    [`${CUSTOM_NS}:user_address`, user, `${CUSTOM_NS}:user_address`, 'scalar'],
    ['displayName', group, 'displayName', 'string'],
    ['urn:ietf:params:scim:schemas:core:2.0:Group:externalId', group, 'externalId', 'string'],
  ] as const)('%s (%o) → %s', (path, ctx, canonical, valueType) => {
    const r = parseTargetPath(path, ctx);
    expect(r.ok ? { canonical: r.target.canonical, valueType: r.target.valueType } : r).toEqual({ canonical, valueType });
  });

  // [path, section, message fragment, hint fragment]
  it.each([
    ['usrName', user, '"usrName" is not an attribute of the SCIM User schema', 'did you mean "userName"?'],
    ['username', user, 'not an attribute', 'did you mean "userName"?'],
    ['password', user, 'password is never mapped', undefined],
    ['groups', user, 'groups is read-only', undefined],
    ['id', user, 'set by the server', undefined],
    ['schemas', user, 'schemas is computed', undefined],
    ['members', group, 'members are pushed by the sync engine', undefined],
    ['name', user, 'name is made of sub-attributes', 'e.g. name.formatted'],
    ['name.first', user, 'name has no sub-attribute "first"', undefined],
    ['name.givenNme', user, 'no sub-attribute', 'did you mean "name.givenName"?'],
    ['userName.x', user, 'userName has no sub-attributes', 'write userName'],
    ['userName[type eq "x"]', user, 'takes no [filter]', undefined],
    ['emails.value', user, 'select one by type with a filter', 'e.g. emails[type eq "work"].value'],
    ['emails[type eq "work"]', user, 'say which part of the emails entry', 'emails[type eq "work"].value'],
    ['emails[primary eq true].value', user, 'only a filter of the form [type eq "…"]', undefined],
    ['emails[type eq work].value', user, 'cannot parse', undefined],
    ['emails[type eq ""].value', user, 'only a filter of the form', undefined],
    ['emails[type eq "work"].type', user, 'the type comes from the filter', undefined],
    ['emails[type eq "work"].vaule', user, 'has no "vaule"', 'did you mean "emails[type eq "work"].value"?'],
    ['emails[type eq "work".value', user, 'has no closing ]', undefined],
    ['name.givenName.x', user, 'is not a sub-attribute name', undefined],
    ['1abc', user, 'is not an attribute path', undefined],
    [' userName', user, 'must not be empty or start/end with spaces', undefined],
    [`${ENTERPRISE}:manager.displayName`, user, 'read-only', undefined],
    [`${ENTERPRISE}:departmnt`, user, 'not an attribute of the enterprise extension', `did you mean "${ENTERPRISE}:department"?`],
    [`${ENTERPRISE}:`, user, 'names a schema but no attribute', undefined],
    [ENTERPRISE, user, 'names a schema but no attribute', undefined],
    [CUSTOM_NS, user, 'names a schema but no attribute', undefined],
    ['urn:ietf:params:scim:schemas:extension:customfield:2.0:Users:user_address', user, 'differs from idaas.customFieldNamespace', `write ${CUSTOM_NS}:user_address`],
    ['urn:example:custom:user_address', user, 'unknown schema extension', undefined],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:Usr:department', user, 'unknown schema URN', `did you mean "${ENTERPRISE}:department"?`],
    [`${CUSTOM_NS}:address.street`, user, 'not a custom field id', `did you mean "${CUSTOM_NS}:address"?`],
    [`${ENTERPRISE}:department`, group, 'groups take core attributes only', undefined],
    [`${CUSTOM_NS}:user_address`, group, 'groups take core attributes only', undefined],
    ['active', group, 'not an attribute of the SCIM Group schema', undefined],
  ] as const)('%s (%o) is refused: %s', (path, ctx, message, hint) => {
    const r = parseTargetPath(path, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(message);
    if (hint) expect(r.hint).toContain(hint);
  });

  it('accepts the configured namespace, whatever it is, and refuses the default one then', () => {
    const ns = 'urn:acme:idaas:fields';
    expect(parseTargetPath(`${ns}:cost_center`, { section: 'user', customFieldNamespace: ns }).ok).toBe(true);
    const r = parseTargetPath(`${CUSTOM_NS}:user_address`, { section: 'user', customFieldNamespace: ns });
    expect(r.ok ? '' : r.message).toContain(`differs from idaas.customFieldNamespace "${ns}"`);
  });
});

describe('source paths', () => {
  it.each([
    ['id', 'user'],
    ['status', 'user'],
    ['created', 'user'],
    ['lastUpdated', 'user'],
    ['profile.login', 'user'],
    ['profile.user_address', 'user'],
    ['profile.employeeNumber', 'user'],
    ['appProfile.anything_at_all', 'user'],
    ['id', 'group'],
    ['type', 'group'],
    ['profile.name', 'group'],
    ['profile.customGroupAttr', 'group'],
  ] as const)('%s is a %s source', (text, section) => {
    const r = parseSourcePath(text, section);
    expect(r.ok && !r.warning).toBe(true);
  });

  it.each([
    ['profil.login', 'user', '"profil" cannot exist', 'did you mean "profile.login"?'],
    ['id.x', 'user', 'id is a plain value', 'write "id"'],
    ['profile', 'user', 'name an attribute of profile', undefined],
    ['profile.address.street', 'user', 'Okta profiles are flat', 'write "profile.address"'],
    ['profile.first-name', 'user', 'not an Okta attribute name', undefined],
    ['status', 'group', 'a group record has no "status"', undefined],
    ['appProfile.x', 'group', 'a group record has no "appProfile"', undefined],
    ['user.firstName', 'user', 'is Okta Expression Language', 'write "profile.firstName"'],
    ['appuser.user_address', 'user', 'is Okta Expression Language', 'write "appProfile.user_address"'],
    ['user.getInternalProperty("id")', 'user', 'is Okta Expression Language', 'write "id"'],
    ['group.name', 'group', 'is Okta Expression Language', 'write "profile.name"'],
    ['user.profile.email', 'user', 'is Okta Expression Language', 'write "profile.email"'],
    ['user.status', 'user', 'is Okta Expression Language', 'write "status"'],
    ['user.profile.status', 'user', 'is Okta Expression Language', 'write "profile.status"'],
    ['', 'user', 'cannot exist', undefined],
  ] as const)('%s (%s) is refused: %s', (text, section, message, hint) => {
    const r = parseSourcePath(text, section);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(message);
    if (hint) expect(r.hint).toBe(hint);
  });

  it.each([
    ['profile.fristName', 'user', 'did you mean "profile.firstName"?'],
    ['profile.FirstName', 'user', 'did you mean "profile.firstName"?'],
    ['profile.emial', 'user', 'did you mean "profile.email"?'],
    ['profile.nmae', 'group', 'did you mean "profile.name"?'],
  ] as const)('%s (%s) is allowed with a warning: %s', (text, section, hint) => {
    const r = parseSourcePath(text, section);
    expect(r.ok && r.warning?.hint).toBe(hint);
  });
});

describe('templates', () => {
  it('splits literal text and placeholders, with {{ }} as literal braces', () => {
    const { parts, issues } = parseTemplate('{{id}} {profile.firstName}-{ id }}}', 'user');
    expect(issues).toEqual([]);
    expect(parts.map((p) => ('text' in p ? p.text : `<${p.path.text}>`))).toEqual(['{id} ', '<profile.firstName>', '-', '<id>', '}']);
  });

  it.each([
    ['{profile.firstName', 0, 'never closed'],
    ['a } b', 2, 'unmatched "}"'],
    ['x {}', 2, 'empty placeholder'],
    ['{profil.x} {id.y}', 1, '"profil" cannot exist'],
    ['ab {  user.login}', 6, 'Okta Expression Language'],
  ])('%j: problem at offset %d: %s', (text, offset, message) => {
    const { issues } = parseTemplate(text, 'user');
    expect(issues[0]).toMatchObject({ offset, message: expect.stringContaining(message) });
  });

  it('reports every bad placeholder, and near-misses as warnings', () => {
    const { issues } = parseTemplate('{profil.x} {id.y} {profile.lastNmae}', 'user');
    expect(issues.map((i) => [i.offset, Boolean(i.warning)])).toEqual([
      [1, false],
      [12, false],
      [19, true],
    ]);
  });
});
