import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkMapping } from '../../../src/mapping/compile.js';
import { mappingJsonSchema } from '../../../src/mapping/json-schema.js';
import { CUSTOM_NS, ENTERPRISE, userMapping } from '../../helpers/mapping.js';

// The schema uses union types, properties that patternProperties also match, and open-ended
// argument tuples: all valid JSON Schema, only outside Ajv's extra-strict preferences.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, allowMatchingProperties: true, strictTuples: false });
const validate = ajv.compile(mappingJsonSchema());

const schemaAccepts = (text: string): boolean => validate(parse(text) ?? null);
const compilerAccepts = (text: string): boolean => checkMapping(text, { file: 'mapping.yaml' }).ok;

const G = 'group:\n  displayName: { from: profile.name }\n';

/** Files both must accept. */
const valid: [string, string][] = [
  ['the shipped mapping', readFileSync('config/mapping.yaml', 'utf8')],
  ['only the required rules', `user:\n  userName: { from: profile.login }\n${G}`],
  ['userName written with its URN', `user:\n  urn:ietf:params:scim:schemas:core:2.0:User:userName: { from: id }\n${G}`],
  ['every rule kind and modifier', userMapping('title: { template: "{profile.title} {{x}}", transform: [trim], map: { a: b, n: ~, 1: 2, default: x }, default: y, required: false }\nuserType: { value: 3 }\nactive: { from: status, map: { ACTIVE: true, X: ~, default: false }, default: true }')],
  ['every transform in every form', userMapping(
    'title: { from: profile.title, transform: [trim, lowercase, uppercase, remove-spaces, remove-diacritics, "default-if-empty:x", { default-if-empty: 3 }, "truncate:64", { truncate: 64 }, { truncate: [8] }, { replace: [a, ""] }, { replace-regex: ["^a", b] }, "substring-before:@", { substring-after: [x] }, "split:,", "join:", { join: 0 }, first, e164, "e164:86", { e164: 1 }, { e164: [] }, { e164: ["44"] }] }',
  )],
  ['every path form', userMapping(
    [
      'name.givenName: { from: profile.firstName }',
      'emails[type eq "work"].value: { from: profile.email }',
      'emails[ type EQ "home" ].primary: { value: false }',
      'addresses[type eq "work"].postalCode: { from: profile.zipCode }',
      `${ENTERPRISE}:department: { from: profile.department }`,
      `${ENTERPRISE}:manager.value: { from: profile.managerId }`,
      `${ENTERPRISE}:manager.$ref: { value: x }`,
      `${CUSTOM_NS}:user_address: { from: appProfile.user_address }`,
      'urn:ietf:params:scim:schemas:core:2.0:User:active: { value: true }',
    ].join('\n'),
  )],
  ['a custom attribute with a near-miss name (a warning, not an error)', userMapping('title: { from: profile.fristName }')],
  ['anchors and aliases', userMapping('title: { from: profile.title, transform: &t [trim] }\nnickName: { from: profile.nickName, transform: *t }')],
];

/** Files both must refuse. */
const invalid: [string, string][] = [
  ['an empty file', ''],
  ['a list', '- user\n'],
  ['an unknown section', `${userMapping('')}extra: {}\n`],
  ['no group section', 'user:\n  userName: { from: id }\n'],
  ['a section that is a list', `user: []\n${G}`],
  ['no userName', `user:\n  title: { from: id }\n${G}`],
  ['no group displayName', 'user:\n  userName: { from: id }\ngroup:\n  externalId: { from: id }\n'],
  ['a rule that is a string', userMapping('title: profile.title')],
  ['an unknown rule key', userMapping('title: { form: profile.title }')],
  ['no source', userMapping('title: { required: true }')],
  ['two sources', userMapping('title: { from: id, value: x }')],
  ['a source root that cannot exist', userMapping('title: { from: profil.title }')],
  ['a scalar root with a path', userMapping('title: { from: id.x }')],
  ['a nested profile path', userMapping('title: { from: profile.a.b }')],
  ['Okta EL in from', userMapping('title: { from: user.title }')],
  ['a user-only source in a group', 'user:\n  userName: { from: id }\ngroup:\n  displayName: { from: status }\n'],
  ['a template that is not text', userMapping('title: { template: 3 }')],
  ['a blank value', userMapping('title: { value: " " }')],
  ['a null value', userMapping('title: { value: ~ }')],
  ['a list value', userMapping('title: { value: [a] }')],
  ['text for active', userMapping('active: { value: "true" }')],
  ['text for a primary', userMapping('emails[type eq "x"].value: { from: profile.email }\nemails[type eq "x"].primary: { value: yes }')],
  ['a text map value for active', userMapping('active: { from: status, map: { ACTIVE: "yes" } }')],
  ['an empty map', userMapping('title: { from: id, map: {} }')],
  ['a blank map value', userMapping('title: { from: id, map: { a: "" } }')],
  ['required that is not boolean', userMapping('title: { from: id, required: "true" }')],
  ['transform that is not a list', userMapping('title: { from: id, transform: trim }')],
  ['an unknown transform', userMapping('title: { from: id, transform: [trimm] }')],
  ['an argument to trim', userMapping('title: { from: id, transform: ["trim:x"] }')],
  ['trim in object form', userMapping('title: { from: id, transform: [{ trim: [] }] }')],
  ['truncate without N', userMapping('title: { from: id, transform: [truncate] }')],
  ['truncate:0', userMapping('title: { from: id, transform: ["truncate:0"] }')],
  ['truncate with text N in object form', userMapping('title: { from: id, transform: [{ truncate: "8" }] }')],
  ['truncate with two arguments', userMapping('title: { from: id, transform: [{ truncate: [1, 2] }] }')],
  ['replace in text form', userMapping('title: { from: id, transform: ["replace:a:b"] }')],
  ['replace with one argument', userMapping('title: { from: id, transform: [{ replace: a }] }')],
  ['replace with an empty search', userMapping('title: { from: id, transform: [{ replace: ["", b] }] }')],
  ['e164 with a bad country code', userMapping('title: { from: id, transform: ["e164:0"] }')],
  ['e164 with a 4-digit code', userMapping('title: { from: id, transform: [{ e164: 1000 }] }')],
  ['default-if-empty with nothing', userMapping('title: { from: id, transform: ["default-if-empty:"] }')],
  ['a transform object with two keys', userMapping('title: { from: id, transform: [{ trim: 1, lowercase: 1 }] }')],
  ['an unknown attribute', userMapping('usrName2: { from: id }')],
  ['password', userMapping('password: { value: x }')],
  ['members in a group', 'user:\n  userName: { from: id }\ngroup:\n  displayName: { from: id }\n  members: { from: id }\n'],
  ['a multi-valued attribute without a filter', userMapping('emails.value: { from: id }')],
  ['a filter on another attribute', userMapping('emails[primary eq true].value: { from: id }')],
  ['a filter entry without a part', userMapping('emails[type eq "work"]: { from: id }')],
  ['the type part of an entry', userMapping('emails[type eq "work"].type: { value: x }')],
  ['a complex attribute as a whole', userMapping('name: { from: id }')],
  ['the read-only manager.displayName', userMapping(`${ENTERPRISE}:manager.displayName: { from: id }`)],
  ['an extension attribute in a group', `user:\n  userName: { from: id }\ngroup:\n  displayName: { from: id }\n  ${ENTERPRISE}:department: { from: id }\n`],
];

/** Files only the compiler can refuse: it knows the config and compiles what the schema only pattern-matches. */
const compilerOnly: [string, string][] = [
  ['a custom-field namespace other than the configured one', userMapping(`${CUSTOM_NS.replace('User', 'Users')}:user_address: { from: id }`)],
  ['an unknown extension URN', userMapping('urn:example:other:User:x: { from: id }')],
  ['an unknown core attribute written with its URN', userMapping('urn:ietf:params:scim:schemas:core:2.0:User:usrName: { from: id }')],
  ['an enterprise complex attribute without its part', userMapping(`${ENTERPRISE}:manager: { from: id }`)],
  ['a regular expression that does not compile', userMapping('title: { from: id, transform: [{ replace-regex: ["(", x] }] }')],
  ['a template placeholder that cannot exist', userMapping('title: { template: "{profil.x}" }')],
  ['an unclosed template placeholder', userMapping('title: { template: "{id" }')],
  ['the same attribute written two ways', userMapping('title: { from: id }\nurn:ietf:params:scim:schemas:core:2.0:User:title: { from: id }')],
];

describe('the mapping JSON Schema agrees with the compiler', () => {
  it.each(valid)('both accept: %s', (_name, text) => {
    expect(compilerAccepts(text), 'compiler').toBe(true);
    expect(schemaAccepts(text), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it.each(invalid)('both refuse: %s', (_name, text) => {
    expect(compilerAccepts(text), 'compiler').toBe(false);
    expect(schemaAccepts(text), 'schema').toBe(false);
  });

  it.each(compilerOnly)('only the compiler refuses: %s', (_name, text) => {
    expect(compilerAccepts(text), 'compiler').toBe(false);
    expect(schemaAccepts(text), 'schema').toBe(true);
  });
});

describe('config/mapping.schema.json', () => {
  it('is the generated schema (regenerate with npm run schemas)', () => {
    expect(readFileSync('config/mapping.schema.json', 'utf8'), 'run: npm run schemas').toBe(`${JSON.stringify(mappingJsonSchema(), null, 2)}\n`);
  });

  it('is referenced from the first line of the shipped mapping, for editors', () => {
    expect(readFileSync('config/mapping.yaml', 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=./mapping.schema.json');
  });

  it('offers the common targets for completion, with descriptions', () => {
    const user = (mappingJsonSchema()['properties'] as Record<string, { properties: Record<string, { description?: string }> }>)['user'];
    expect(Object.keys(user?.properties ?? {})).toEqual(expect.arrayContaining(['userName', 'name.givenName', 'emails[type eq "work"].value', 'active', `${ENTERPRISE}:department`, `${CUSTOM_NS}:user_address`]));
    expect(user?.properties['userName']?.description).toContain('64');
  });
});
