import { describe, expect, it } from 'vitest';
import type { MapResult, RecordProblem } from '../../../src/domain/ports.js';
import type { Profile, UserMappingInput } from '../../../src/domain/records.js';
import { SCHEMA_USER } from '../../../src/domain/scim.js';
import { CUSTOM_NS, ENTERPRISE, GROUP_SECTION, compile, group, user, userMapping } from '../../helpers/mapping.js';

/** The body without `schemas` and `userName` (which every test mapping has), or the problems. */
function mapped(rules: string, input: UserMappingInput): unknown {
  const r = compile(userMapping(rules)).mapUser(input);
  if (!r.ok) return { problems: r.problems };
  const { schemas: _s, userName: _u, ...rest } = r.body;
  return rest;
}

const p = (profile: Profile, extra: Partial<UserMappingInput> = {}): UserMappingInput => user(profile, extra);

describe('rules', () => {
  // [what, rules, input, expected body (minus schemas and userName)]
  const table: [string, string, UserMappingInput, unknown][] = [
    ['from: a top-level field', 'externalId: { from: id }', p({}), { externalId: '00u1' }],
    ['from: status', 'title: { from: status }', p({}, { status: 'SUSPENDED' }), { title: 'SUSPENDED' }],
    ['from: created', 'title: { from: created }', p({}, { created: '2024-01-02T00:00:00.000Z' }), { title: '2024-01-02T00:00:00.000Z' }],
    ['from: a profile attribute', 'title: { from: profile.title }', p({ title: 'CTO' }), { title: 'CTO' }],
    ['from: an app profile attribute', 'title: { from: appProfile.role }', p({}, { appProfile: { role: 'admin' } }), { title: 'admin' }],
    ['from: a custom profile attribute', 'title: { from: profile.user_title }', p({ user_title: 'x' }), { title: 'x' }],
    ['from: missing attribute leaves it out', 'title: { from: profile.title }', p({}), {}],
    ['from: null leaves it out', 'title: { from: profile.title }', p({ title: null }), {}],
    ['from: blank text leaves it out', 'title: { from: profile.title }', p({ title: '   ' }), {}],
    ['from: a number becomes text for a text attribute', 'title: { from: profile.level }', p({ level: 7 }), { title: '7' }],
    ['from: a boolean becomes text for a text attribute', 'title: { from: profile.flag }', p({ flag: false }), { title: 'false' }],
    ['text is kept exactly (no implicit trim)', 'title: { from: profile.title }', p({ title: ' CTO ' }), { title: ' CTO ' }],
    ['template', 'displayName: { template: "{profile.firstName} {profile.lastName}" }', p({ firstName: 'Ada', lastName: 'Lovelace' }), { displayName: 'Ada Lovelace' }],
    ['template with a missing part keeps the glue', 'displayName: { template: "{profile.firstName} {profile.lastName}" }', p({ firstName: 'Ada' }), { displayName: 'Ada ' }],
    ['template + trim', 'displayName: { template: "{profile.firstName} {profile.lastName}", transform: [trim] }', p({ lastName: 'Lovelace' }), { displayName: 'Lovelace' }],
    ['template with every part empty is empty', 'displayName: { template: "{profile.firstName} {profile.lastName}" }', p({}), {}],
    ['template with literal braces', 'displayName: { template: "{{{id}}}" }', p({}), { displayName: '{00u1}' }],
    ['template joins a list with ", "', 'title: { template: "roles: {appProfile.roles}" }', p({}, { appProfile: { roles: ['a', '', 'b'] } }), { title: 'roles: a, b' }],
    ['template with numbers', 'title: { template: "L{profile.level}" }', p({ level: 3 }), { title: 'L3' }],
    ['value: text', 'userType: { value: Employee }', p({}), { userType: 'Employee' }],
    ['value: number to text', 'userType: { value: 42 }', p({}), { userType: '42' }],
    ['value: boolean', 'active: { value: true }', p({}), { active: true }],
    ['transforms apply in order', 'title: { from: profile.title, transform: [trim, uppercase, "truncate:3"] }', p({ title: '  engineer ' }), { title: 'ENG' }],
    ['transform object form', 'title: { from: profile.title, transform: [{ replace: ["-", " "] }, { truncate: 5 }] }', p({ title: 'a-b-c-d' }), { title: 'a b c' }],
    ['split then first', 'title: { from: profile.titles, transform: ["split:;", first, trim] }', p({ titles: ' ; CTO;CEO' }), { title: 'CTO' }],
    ['a list then join', 'title: { from: profile.tags, transform: [trim, "join:|"] }', p({ tags: [' a', 'b ', null] }), { title: 'a|b' }],
    ['default-if-empty before map', 'title: { from: profile.kind, transform: ["default-if-empty:none"], map: { none: "-", x: X } }', p({}), { title: '-' }],
    ['map: listed value', 'active: { from: status, map: { ACTIVE: true, default: false } }', p({}), { active: true }],
    ['map: default for unlisted', 'active: { from: status, map: { ACTIVE: true, default: false } }', p({}, { status: 'SUSPENDED' }), { active: false }],
    ['map: default for empty', 'active: { from: profile.state, map: { on: true, default: false } }', p({}), { active: false }],
    ['map: unlisted without default passes through', 'title: { from: profile.t, map: { a: Alpha } }', p({ t: 'b' }), { title: 'b' }],
    ['map: null means leave out', 'title: { from: profile.t, map: { hidden: ~ } }', p({ t: 'hidden' }), {}],
    ['map: keys match numbers and booleans as text', 'title: { from: profile.t, map: { 1: one, true: yes } }', p({ t: 1 }), { title: 'one' }],
    ['map: each element of a list', 'title: { from: profile.t, map: { a: A, b: B }, transform: ["join:,"] }', p({ t: ['a', 'b'] }), { title: 'a,b' }],
    ['default when empty', 'title: { from: profile.title, default: Staff }', p({}), { title: 'Staff' }],
    ['default not used when present', 'title: { from: profile.title, default: Staff }', p({ title: 'CTO' }), { title: 'CTO' }],
    ['default after map', 'title: { from: profile.t, map: { x: ~ }, default: D }', p({ t: 'x' }), { title: 'D' }],
    ['active from a boolean attribute', 'active: { from: profile.enabled }', p({ enabled: false }), { active: false }],
    ['active from "TRUE" text', 'active: { from: profile.enabled }', p({ enabled: ' TRUE ' }), { active: true }],
    ['custom field keeps its type', `${CUSTOM_NS}:level: { from: profile.level }`, p({ level: 3 }), { [CUSTOM_NS]: { level: 3 } }],
  ];

  it.each(table)('%s', (_what, rules, input, expected) => {
    expect(mapped(rules, input)).toEqual(expected);
  });
});

describe('target paths shape the body', () => {
  it('complex attributes are grouped, in the schema order, and left out when empty', () => {
    expect(mapped('name.givenName: { from: profile.firstName }\nname.familyName: { from: profile.lastName }\nname.middleName: { from: profile.middleName }', p({ firstName: 'Ada', lastName: 'L' }))).toEqual({
      name: { familyName: 'L', givenName: 'Ada' },
    });
    expect(mapped('name.givenName: { from: profile.firstName }', p({}))).toEqual({});
    const r = compile(userMapping('name.givenName: { from: profile.firstName }\nname.familyName: { from: profile.lastName }')).mapUser(p({ firstName: 'A', lastName: 'B' }));
    expect(r.ok && Object.keys(r.body['name'] as object)).toEqual(['familyName', 'givenName']);
  });

  it('multi-valued attributes become arrays with type, and the first entry with a value is primary', () => {
    const rules = [
      'emails[type eq "work"].value: { from: profile.email }',
      'emails[type eq "home"].value: { from: profile.secondEmail }',
      'emails[type eq "home"].display: { value: Home }',
      'phoneNumbers[type eq "mobile"].value: { from: profile.mobilePhone }',
      'phoneNumbers[type eq "work"].value: { from: profile.primaryPhone }',
    ].join('\n');
    expect(mapped(rules, p({ email: 'a@x.io', secondEmail: 'a@home.io', mobilePhone: '+8613800138000', primaryPhone: '+86 10 1234 5678' }))).toEqual({
      emails: [
        { value: 'a@x.io', type: 'work', primary: true },
        { value: 'a@home.io', display: 'Home', type: 'home' },
      ],
      phoneNumbers: [
        { value: '+8613800138000', type: 'mobile', primary: true },
        { value: '+86 10 1234 5678', type: 'work' },
      ],
    });
    // Without a work email, the home one is the primary (and comes first).
    expect(mapped(rules, p({ secondEmail: 'a@home.io' }))).toEqual({ emails: [{ value: 'a@home.io', display: 'Home', type: 'home', primary: true }] });
  });

  it('an entry without a value is not sent, even if other parts of it are', () => {
    expect(mapped('emails[type eq "work"].value: { from: profile.email }\nemails[type eq "work"].display: { value: Work }', p({}))).toEqual({});
  });

  it('primary can be set by rules; then it is not added implicitly, and the primary entry comes first', () => {
    const rules = [
      'emails[type eq "work"].value: { from: profile.email }',
      'emails[type eq "home"].value: { from: profile.secondEmail }',
      'emails[type eq "home"].primary: { value: true }',
    ].join('\n');
    expect(mapped(rules, p({ email: 'w@x.io', secondEmail: 'h@x.io' }))).toEqual({
      emails: [
        { value: 'h@x.io', type: 'home', primary: true },
        { value: 'w@x.io', type: 'work' },
      ],
    });
  });

  it('addresses are present when any address part is', () => {
    expect(mapped('addresses[type eq "work"].locality: { from: profile.city }\naddresses[type eq "work"].country: { from: profile.countryCode }', p({ city: 'Hangzhou' }))).toEqual({
      addresses: [{ locality: 'Hangzhou', type: 'work', primary: true }],
    });
  });

  it('extension attributes go in their URN container, and the URN is added to schemas only when used', () => {
    const m = compile(
      userMapping(
        [`${ENTERPRISE}:department: { from: profile.department }`, `${ENTERPRISE}:manager.value: { from: profile.managerId }`, `${CUSTOM_NS}:user_address: { from: profile.postalAddress }`].join('\n'),
      ),
    );
    const full = m.mapUser(p({ department: 'R&D', managerId: '00u9', postalAddress: '1 Main St' }));
    expect(full).toEqual({
      ok: true,
      body: {
        schemas: [SCHEMA_USER, ENTERPRISE, CUSTOM_NS],
        userName: 'alice@acme.com',
        [ENTERPRISE]: { department: 'R&D', manager: { value: '00u9' } },
        [CUSTOM_NS]: { user_address: '1 Main St' },
      },
    });
    const bare = m.mapUser(p({ department: '' }));
    expect(bare).toEqual({ ok: true, body: { schemas: [SCHEMA_USER], userName: 'alice@acme.com' } });
  });

  it('a core attribute written with its URN is the same attribute', () => {
    expect(mapped(`${SCHEMA_USER}:title: { from: profile.title }`, p({ title: 'CTO' }))).toEqual({ title: 'CTO' });
  });

  it('keys come out in one canonical order whatever the rule order', () => {
    const a = compile(userMapping('title: { value: T }\nexternalId: { from: id }\nactive: { value: true }')).mapUser(p({}));
    const b = compile(userMapping('active: { value: true }\ntitle: { value: T }\nexternalId: { from: id }')).mapUser(p({}));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.ok && Object.keys(a.body)).toEqual(['schemas', 'externalId', 'userName', 'title', 'active']);
  });
});

describe('record-level problems', () => {
  const problems = (r: MapResult<unknown>): readonly RecordProblem[] => (r.ok ? [] : r.problems);

  it('required and empty fails that record, naming user, attribute, rule and source', () => {
    const m = compile(userMapping('name.familyName: { from: profile.lastName, required: true }'));
    expect(problems(m.mapUser(p({ lastName: '  ' })))).toEqual([
      {
        attribute: 'name.familyName',
        rule: 'mapping.yaml:3',
        message: 'is required but came out empty (from profile.lastName) (user alice@acme.com (00u1))',
        value: '"  "',
      },
    ]);
    expect(m.mapUser(p({ lastName: 'L' })).ok).toBe(true);
  });

  it('a transform that fails names the transform and the value', () => {
    const m = compile(userMapping('phoneNumbers[type eq "mobile"].value: { from: profile.mobilePhone, transform: [e164] }'));
    expect(problems(m.mapUser(p({ mobilePhone: '138 0013 8000' })))).toEqual([
      {
        attribute: 'phoneNumbers[type eq "mobile"].value',
        rule: 'mapping.yaml:3',
        message: 'transform e164 failed: "138 0013 8000" has no country code (+ or 00); write e164:CC to assume one (user alice@acme.com (00u1))',
        value: '"138 0013 8000"',
      },
    ]);
  });

  it('a value that does not fit the attribute type', () => {
    const m = compile(userMapping('active: { from: status }'));
    expect(problems(m.mapUser(p({}, { status: 'SUSPENDED' })))).toEqual([
      expect.objectContaining({ attribute: 'active', rule: 'mapping.yaml:3', message: expect.stringContaining('expected true or false; translate other values with map'), value: '"SUSPENDED"' }),
    ]);
  });

  it('a list where one value is expected', () => {
    const m = compile(userMapping('title: { from: profile.titles }'));
    expect(problems(m.mapUser(p({ titles: ['a', 'b'] })))[0]?.message).toContain('got a list of 2 values where one value is expected; add transform first or join');
  });

  it('an object where a value is expected (a malformed record)', () => {
    const m = compile(userMapping('title: { from: profile.title }'));
    const bad = p({ title: { nested: true } as unknown as string });
    expect(problems(m.mapUser(bad))[0]).toMatchObject({ attribute: 'title', message: expect.stringContaining('profile.title is an object, not a value'), value: '{"nested":true}' });
  });

  it('reports every failing rule of the record, not only the first', () => {
    const m = compile(userMapping('title: { from: profile.title, required: true }\nnickName: { from: profile.nickName, required: true }'));
    expect(problems(m.mapUser(p({}))).map((x) => x.attribute)).toEqual(['title', 'nickName']);
  });

  it('shortens long offending values', () => {
    const m = compile(userMapping('active: { from: profile.flag }'));
    const value = problems(m.mapUser(p({ flag: 'x'.repeat(500) })))[0]?.value ?? '';
    expect(Array.from(value).length).toBe(80);
    expect(value.endsWith('…')).toBe(true);
  });

  it('a record that throws when read becomes a problem, not a throw', () => {
    const m = compile(userMapping('title: { from: profile.title }'));
    const hostile = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error('boom');
        },
      },
    ) as UserMappingInput;
    expect(m.mapUser(hostile)).toEqual({ ok: false, problems: [{ attribute: '(mapping)', message: 'internal error while mapping (boom); please report it (user (unreadable record))' }] });
  });

  it('never reads through the prototype chain', () => {
    const m = compile(userMapping('title: { from: profile.constructor }\nnickName: { from: profile.__proto__ }'));
    expect(m.mapUser(p({}))).toEqual({ ok: true, body: { schemas: [SCHEMA_USER], userName: 'alice@acme.com' } });
  });
});

describe('groups', () => {
  const m = compile(`user:\n  userName: { from: profile.login }\ngroup:\n  displayName: { from: profile.name, transform: [trim], required: true }\n  externalId: { from: id }\n`);

  it('maps to a SCIM Group body', () => {
    expect(m.mapGroup(group({ name: ' Engineering ' }))).toEqual({
      ok: true,
      body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], externalId: '00g1', displayName: 'Engineering' },
    });
  });

  it('fails a group whose displayName is empty', () => {
    const r = m.mapGroup(group({ name: '' }));
    expect(r.ok ? [] : r.problems).toEqual([
      { attribute: 'displayName', rule: 'mapping.yaml:4', message: 'is required but came out empty (from profile.name) (group 00g1)', value: '""' },
    ]);
  });

  it('fails a group without a displayName even when the rule is not required (SCIM requires it)', () => {
    const loose = compile(`user:\n  userName: { from: profile.login }\n${GROUP_SECTION.replace(', required: true', '')}`);
    const r = loose.mapGroup(group({ name: null }));
    expect(r.ok ? [] : r.problems).toEqual([{ attribute: 'displayName', message: 'is empty; SCIM requires a group displayName (group 00g1)' }]);
  });

  it('reads type and custom group attributes', () => {
    const g = compile(`user:\n  userName: { from: profile.login }\ngroup:\n  displayName: { template: "{profile.name} ({type})" }\n  externalId: { from: profile.code }\n`);
    expect(g.mapGroup(group({ code: 'ENG' }, { type: 'APP_GROUP' }))).toMatchObject({ ok: true, body: { displayName: 'Engineering (APP_GROUP)', externalId: 'ENG' } });
  });
});
