import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/domain/errors.js';
import { MappingInvalidError, checkMapping, compileMapping } from '../../../src/mapping/compile.js';
import { CUSTOM_NS, GROUP_SECTION, compile, problemsOf, userMapping } from '../../helpers/mapping.js';

/** `line:col path: message (hint)` without the file, for compact expectations. */
const short = (text: string, ns?: string): string[] => problemsOf(text, ns).problems.map((p) => formatProblem(p).replace('/cfg/mapping.yaml:', ''));
const warningsOf = (text: string): string[] => {
  const r = checkMapping(text, { file: '/cfg/mapping.yaml' });
  return (r.ok ? r.mapping.warnings : r.warnings).map((p) => formatProblem(p).replace('/cfg/mapping.yaml:', ''));
};

describe('mapping file validation', () => {
  // [name, file text, expected problems (line:col path: message (hint)), exact or containing]
  const table: [string, string, string[]][] = [
    ['YAML syntax (bad indentation)', 'user:\n  userName: { from: id }\n group: {}\n', ['3:1 All mapping items must start at the same column']],
    ['duplicate key (YAML)', userMapping('externalId: { from: id }\nexternalId: { from: id }'), ['4:3 Map keys must be unique']],
    ['empty file', '', ['1:1 the mapping file is empty; it needs a user: and a group: section']],
    ['not a mapping', '- user\n', ['1:1 the mapping file must be a mapping with user: and group: sections']],
    ['unknown section with did-you-mean', `usr:\n  userName: { from: id }\n${GROUP_SECTION}`, ['1:1 usr: unknown section "usr"; a mapping has user: and group: (did you mean "user"?)', '1:1 the mapping has no user: section (add a user: section with at least a userName rule)']],
    ['section not a mapping', `user: []\n${GROUP_SECTION}`, ['1:7 user: user: holds rules, one per SCIM attribute, e.g. userName: { from: … }']],
    ['missing userName rule', userMapping('externalId: { from: id }', { userName: false }), ['1:1 user: no rule for userName, which SCIM requires (add userName: { from: profile.login, required: true })']],
    ['missing group displayName', 'user:\n  userName: { from: id }\ngroup:\n  externalId: { from: id }\n', ['3:1 group: no rule for displayName, which SCIM requires (add displayName: { from: profile.name, required: true })']],
    ['rule is a bare path', userMapping('externalId: id'), ['3:15 user.externalId: a rule is a mapping such as { from: profile.login } (write { from: id })']],
    ['unknown rule key', userMapping('externalId: { form: id }'), ['3:15 user.externalId: a rule needs one of from, template or value', '3:17 user.externalId.form: unknown rule key "form"; a rule has from, template, value, transform, map, default, required (did you mean "from"?)']],
    ['two sources', userMapping('externalId: { from: id, value: x }'), ['3:27 user.externalId.value: a rule takes only one of from, template and value (found from and value)']],
    ['source path that cannot exist', userMapping('externalId: { from: profil.login }'), ['3:23 user.externalId.from: "profil" cannot exist: a user record has id, status, created, lastUpdated, profile, appProfile (did you mean "profile.login"?)']],
    ['scalar root with a sub-path', userMapping('externalId: { from: id.x }'), ['3:23 user.externalId.from: id is a plain value; "id.x" cannot exist (write "id")']],
    ['group source from the user record', `user:\n  userName: { from: id }\ngroup:\n  displayName: { from: status }\n`, ['4:24 group.displayName.from: a group record has no "status"; it has id, type, profile']],
    ['template placeholder problems, at their column', userMapping('displayName: { template: "{profile.firstName} {profil.lastName}" }'), ['3:50 user.displayName.template: "profil" cannot exist: a user record has id, status, created, lastUpdated, profile, appProfile (did you mean "profile.lastName"?)']],
    ['unclosed placeholder', userMapping("displayName: { template: 'x {id' }"), ['3:31 user.displayName.template: placeholder "{" is never closed (write {{ for a literal brace)']],
    ['unknown transform', userMapping('externalId: { from: id, transform: [trim, lowercse] }'), ['3:45 user.externalId.transform[1]: unknown transform "lowercse"; known: trim, lowercase, uppercase, remove-spaces, remove-diacritics, default-if-empty, truncate, replace, replace-regex, substring-before, substring-after, split, join, first, e164 (did you mean "lowercase"?)']],
    ['transform not a list', userMapping('externalId: { from: id, transform: trim }'), ['3:38 user.externalId.transform: transform is a list, e.g. [trim, lowercase] (write transform: [trim])']],
    ['transform argument missing', userMapping('externalId: { from: id, transform: [truncate] }'), ['3:39 user.externalId.transform[0]: truncate takes 1 argument (write truncate:N)']],
    ['transform argument bad', userMapping('externalId: { from: id, transform: ["truncate:0"] }'), ['3:39 user.externalId.transform[0]: truncate: N must be a whole number of at least 1 (write truncate:N)']],
    ['transform argument on a no-argument transform', userMapping('externalId: { from: id, transform: ["trim:x", { lowercase: [] }] }'), ['3:39 user.externalId.transform[0]: trim takes no argument (write trim)', '3:49 user.externalId.transform[1]: lowercase takes no argument (write lowercase)']],
    ['two-argument transform in text form', userMapping('externalId: { from: id, transform: ["replace:a:b"] }'), ['3:39 user.externalId.transform[0]: replace takes 2 arguments (write { replace: [search, replacement] })']],
    ['two-argument transform with one', userMapping('externalId: { from: id, transform: [{ replace: [a] }] }'), ['3:39 user.externalId.transform[0]: replace takes 2 arguments (write { replace: [search, replacement] })']],
    ['invalid regular expression', userMapping('externalId: { from: id, transform: [{ replace-regex: ["(", ""] }] }'), ['3:39 user.externalId.transform[0]: replace-regex: pattern is not a valid regular expression (Invalid regular expression: /(/g: Unterminated group) (write { replace-regex: [pattern, replacement] })']],
    ['bad country code', userMapping('phoneNumbers[type eq "mobile"].value: { from: profile.mobilePhone, transform: ["e164:+86"] }'), ['3:82 user.phoneNumbers[type eq "mobile"].value.transform[0]: e164: CC must be a country calling code of 1–3 digits without + (e.g. 86) (write e164 or e164:CC)']],
    ['a transform that is neither', userMapping('externalId: { from: id, transform: [[trim]] }'), ['3:39 user.externalId.transform[0]: a transform is a name (trim), name:argument (truncate:64) or { name: [arguments] }']],
    ['value of the wrong type for active', userMapping('active: { value: "yes" }'), ['3:20 user.active.value: this attribute takes true or false, not "yes"']],
    ['map values of the wrong type for active', userMapping('active: { from: status, map: { ACTIVE: yes, default: false } }'), ['3:42 user.active.map.ACTIVE: this attribute takes true or false, not "yes"']],
    ['empty map', userMapping('active: { from: status, map: {} }'), ['3:32 user.active.map: map is a value table such as { ACTIVE: true, default: false }']],
    ['empty constant', userMapping('title: { value: "  " }'), ['3:19 user.title.value: value must not be empty (an empty value is never sent)']],
    ['null default', userMapping('title: { from: profile.title, default: ~ }'), ['3:42 user.title.default: default must be text, a number or true/false']],
    ['required not boolean', userMapping('title: { from: profile.title, required: yes }'), ['3:43 user.title.required: required is true or false']],
    ['unknown target attribute', userMapping('usrName2: { from: id }'), ['3:3 user.usrName2: "usrName2" is not an attribute of the SCIM User schema; custom fields are written urn:ietf:params:scim:schemas:extension:customfield:2.0:User:FIELD (did you mean "userName"?)']],
    ['unparseable target path', userMapping('"emails[type eq \\"work\\".value": { from: id }'), ['3:3 user.emails[type eq "work".value: the filter in "emails[type eq "work".value" has no closing ]']],
    ['password may not be mapped', userMapping('password: { value: x }'), ['3:3 user.password: password is never mapped; the sync engine sets it per provisioning.password']],
    ['the same attribute twice, written two ways', userMapping('emails[type eq "work"].value: { from: profile.email }\nemails[ type eq "work" ].value: { from: profile.secondEmail }'), ['4:3 user.emails[ type eq "work" ].value: emails[type eq "work"].value is already mapped on line 3']],
    ['custom-field namespace differs from the config', userMapping(`${CUSTOM_NS}:user_address: { from: profile.postalAddress }`), ['3:3 user.urn:ietf:params:scim:schemas:extension:customfield:2.0:User:user_address: custom-field namespace "urn:ietf:params:scim:schemas:extension:customfield:2.0:User" differs from idaas.customFieldNamespace "urn:acme:fields" (write urn:acme:fields:user_address, or set idaas.customFieldNamespace to the namespace of the IDaaS app)']],
    ['extension that is neither enterprise nor custom', userMapping('urn:example:params:other:User:x: { from: id }'), ['3:3 user.urn:example:params:other:User:x: unknown schema extension "urn:example:params:other:User"; only the enterprise extension (urn:ietf:params:scim:schemas:extension:enterprise:2.0:User) and idaas.customFieldNamespace (urn:acme:fields) can be mapped']],
  ];

  it.each(table)('%s', (name, text, expected) => {
    const ns = name.startsWith('custom-field') || name.startsWith('extension that') ? 'urn:acme:fields' : undefined;
    expect(short(text, ns)).toEqual(expected);
  });

  it('reports every problem of a badly edited file at once, in file order', () => {
    const text = [
      'user:',
      '  usrName: { from: profil.login, transfrom: [trim] }',
      '  emails.value: { from: profile.email }',
      '  displayName: { template: "{profile.firstName} {user.lastName}" }',
      '  active: { from: status, map: { ACTIVE: yes } }',
      '  urn:ietf:params:scim:schemas:extension:customfield:2.0:Users:user_address: { from: profile.postalAddress }',
      'groups:',
      '  displayName: { from: profile.name }',
    ].join('\n');
    const lines = short(text);
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['1:1', '1:1', '2:3', '2:20', '2:34', '3:3', '4:50', '5:42', '6:3', '7:1']);
    expect(lines.join('\n')).toContain('did you mean "userName"?');
    expect(lines.join('\n')).toContain('did you mean "transform"?');
    expect(lines.join('\n')).toContain('did you mean "group"?');
    expect(lines.join('\n')).toContain('write "profile.lastName"');
  });

  it('throws MappingInvalidError (MAPPING_INVALID) and compiles nothing half-way', () => {
    let thrown: unknown;
    try {
      compileMapping(userMapping('title: { from: nope }'), { file: 'mapping.yaml' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(MappingInvalidError);
    expect((thrown as MappingInvalidError).code).toBe('MAPPING_INVALID');
    expect((thrown as MappingInvalidError).message).toMatch(/^mapping.yaml: 1 problem\n {2}mapping.yaml:3:18 user.title.from: "nope" cannot exist/);
  });

  it('warns about near-misses of default Okta attributes, and still compiles', () => {
    const text = userMapping('name.givenName: { from: profile.fristName }\ndisplayName: { template: "{profile.firstName} {profile.lastNmae}" }\ntitle: { template: "Mx" }\ndepartment_code: { from: appProfile.fristName }'.replace('department_code', `${CUSTOM_NS}:dept`));
    expect(warningsOf(text)).toEqual([
      '3:27 user.name.givenName.from: "profile.fristName" is not a default Okta attribute; it is read as a custom attribute and is empty unless one has that exact name (did you mean "profile.firstName"?)',
      '4:50 user.displayName.template: "profile.lastNmae" is not a default Okta attribute; it is read as a custom attribute and is empty unless one has that exact name (did you mean "profile.lastName"?)',
      '5:22 user.title.template: this template has no {placeholder}, so it is a constant (write value: "Mx")',
    ]);
    expect(compile(text).warnings).toHaveLength(3);
  });

  it('reports warnings alongside errors, so one run shows everything', () => {
    const r = problemsOf(userMapping('name.givenName: { from: profile.fristName }\ntitle: { from: nope }'));
    expect(r.problems).toHaveLength(1);
    expect(r.warnings).toHaveLength(1);
  });

  it('follows YAML anchors and aliases', () => {
    const m = compile(userMapping('emails[type eq "work"].value: { from: profile.email, transform: &clean [trim, lowercase] }\ntitle: { from: profile.title, transform: *clean }'));
    const r = m.mapUser({ id: '1', status: 'ACTIVE', profile: { login: 'a', email: ' A@B.C ', title: ' CTO ' }, appProfile: {} });
    expect(r.ok && r.body['title']).toBe('cto');
  });
});

describe('mapping hash', () => {
  const base = userMapping('title: { from: profile.title }');

  it('ignores comments and layout, but not meaning', () => {
    const relaid = `# a comment\nuser:\n  userName:   { from: profile.login,   required: true }   # why\n\n  title:\n    from: profile.title\n${GROUP_SECTION}`;
    expect(compile(relaid).hash).toBe(compile(base).hash);
    expect(compile(userMapping('title: { from: profile.title, transform: [trim] }')).hash).not.toBe(compile(base).hash);
  });

  it('changes with the custom-field namespace and with rule order', () => {
    expect(compile(base, 'urn:acme:x').hash).not.toBe(compile(base).hash);
    const a = userMapping('emails[type eq "work"].value: { from: profile.email }\nemails[type eq "home"].value: { from: profile.secondEmail }');
    const b = userMapping('emails[type eq "home"].value: { from: profile.secondEmail }\nemails[type eq "work"].value: { from: profile.email }');
    expect(compile(a).hash).not.toBe(compile(b).hash);
  });

  it('is a hex SHA-256', () => {
    expect(compile(base).hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
