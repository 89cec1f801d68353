import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupMappingInput, UserMappingInput } from '../../../src/domain/records.js';
import { checkMapping } from '../../../src/mapping/compile.js';
import { OKTA_USER_ATTRIBUTES } from '../../../src/mapping/source-path.js';
import { CUSTOM_NS, ENTERPRISE, compile } from '../../helpers/mapping.js';

/**
 * Property-style checks: whatever Okta hands over, mapping returns a body or record problems —
 * never a throw — and the same input always gives byte-identical output.
 */

const shipped = compile(readFileSync('config/mapping.yaml', 'utf8'));

/** A mapping that uses every transform and every path form, so all code paths see odd data. */
const kitchenSink = compile(`user:
  userName: { from: profile.login, transform: [trim, lowercase, remove-diacritics, remove-spaces, "truncate:64"], required: true }
  externalId: { from: id }
  displayName: { template: "{profile.firstName} {profile.lastName} {appProfile.tags}", transform: [trim, { replace-regex: ["\\\\s+", " "] }] }
  nickName: { from: profile.nickName, transform: ["substring-before:@", "substring-after:.", uppercase, { replace: ["A", "4"] }] }
  title: { from: profile.title, transform: ["split:,", first, "default-if-empty:none"], map: { none: ~, CTO: Chief }, default: Staff }
  userType: { from: appProfile.tags, transform: ["split:;", "join:|"] }
  name.givenName: { from: profile.firstName, required: true }
  emails[type eq "work"].value: { from: profile.email }
  emails[type eq "home"].value: { from: profile.secondEmail }
  emails[type eq "home"].primary: { from: profile.homePrimary }
  phoneNumbers[type eq "mobile"].value: { from: profile.mobilePhone, transform: ["e164:86"] }
  addresses[type eq "work"].streetAddress: { from: profile.streetAddress }
  active: { from: status, map: { ACTIVE: true, default: false } }
  ${ENTERPRISE}:department: { from: profile.department }
  ${ENTERPRISE}:manager.value: { from: profile.managerId }
  ${CUSTOM_NS}:user_address: { from: profile.postalAddress }
  ${CUSTOM_NS}:level: { from: appProfile.level }
group:
  displayName: { template: "{profile.name} {type}", required: true }
  externalId: { from: id }
`);

const profileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('', '   ', 'José Müller', '+86 138 0013 8000', '138-0013-8000', 'ACTIVE', 'x'.repeat(100), 'a,b;c', '😀'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), { maxLength: 4 }),
);

/** Profiles as Okta could send them — plus the odd values a broken reader could pass on. */
const anyValue = fc.oneof({ weight: 8, arbitrary: profileValue }, { weight: 1, arbitrary: fc.anything() });
const profile = fc.dictionary(fc.oneof(fc.constantFrom(...OKTA_USER_ATTRIBUTES, 'homePrimary', 'level', 'tags'), fc.string()), anyValue, { maxKeys: 40 });

const userInput = fc.record({
  id: fc.oneof(fc.constant('00u1abc'), fc.string()),
  status: fc.oneof(fc.constantFrom('ACTIVE', 'SUSPENDED', 'DEPROVISIONED', 'STAGED'), fc.string()),
  created: fc.option(fc.string(), { nil: undefined }),
  profile,
  appProfile: profile,
}) as fc.Arbitrary<UserMappingInput>;

const groupInput = fc.record({ id: fc.string(), type: fc.string(), profile }) as fc.Arbitrary<GroupMappingInput>;

/** No empty value anywhere in a body: no '', null, blank text, empty array or empty object. */
function emptyValues(v: unknown, path = '$'): string[] {
  if (v === null || v === undefined) return [path];
  if (typeof v === 'string') return v.trim() === '' ? [path] : [];
  if (Array.isArray(v)) return v.length === 0 ? [path] : v.flatMap((x, i) => emptyValues(x, `${path}[${i}]`));
  if (typeof v === 'object') {
    const entries = Object.entries(v);
    return entries.length === 0 ? [path] : entries.flatMap(([k, x]) => emptyValues(x, `${path}.${k}`));
  }
  return [];
}

function checkResult(r: ReturnType<typeof shipped.mapUser> | ReturnType<typeof shipped.mapGroup>): void {
  if (r.ok) {
    expect(Array.isArray(r.body.schemas)).toBe(true);
    expect(emptyValues(r.body)).toEqual([]);
    for (const k of Object.keys(r.body)) if (k.startsWith('urn:')) expect(r.body.schemas).toContain(k);
  } else {
    expect(r.problems.length).toBeGreaterThan(0);
    for (const p of r.problems) {
      expect(typeof p.attribute).toBe('string');
      // The safety net in CompiledMapping must never be what answered.
      expect(p.message).not.toContain('internal error');
      expect(p.message.length).toBeGreaterThan(0);
    }
  }
}

describe('mapping never throws', () => {
  for (const [name, m] of [
    ['the shipped mapping', shipped],
    ['a mapping using every transform and path form', kitchenSink],
  ] as const) {
    it(`${name}: any user profile gives a body or record problems`, () => {
      fc.assert(
        fc.property(userInput, (input) => {
          const r = m.mapUser(input);
          checkResult(r);
          if (r.ok) {
            expect(r.body.userName).toMatch(/^[A-Za-z0-9_.@-]{1,64}$/);
            const primaries = ((r.body.emails ?? []) as { primary?: boolean }[]).filter((e) => e.primary === true);
            expect(primaries.length).toBe(r.body.emails ? 1 : 0);
            if (r.body.active !== undefined) expect(typeof r.body.active).toBe('boolean');
          }
        }),
        { numRuns: 400 },
      );
    });

    it(`${name}: any group gives a body or record problems`, () => {
      fc.assert(
        fc.property(groupInput, (input) => checkResult(m.mapGroup(input))),
        { numRuns: 200 },
      );
    });
  }

  it('even input that is not a record at all', () => {
    fc.assert(
      fc.property(fc.anything(), (junk) => {
        checkResult(kitchenSink.mapUser(junk as UserMappingInput));
        checkResult(kitchenSink.mapGroup(junk as GroupMappingInput));
      }),
      { numRuns: 300 },
    );
  });

  it('the compiler never throws on any text: a mapping or problems with positions', () => {
    const yamlish = fc.oneof(
      fc.string(),
      fc.array(fc.constantFrom('user:', 'group:', '  userName: { from: profile.login }', '  displayName: {', '- x', '  a: [', '"', ': :', '  title: { template: "{"', '\t'), { maxLength: 8 }).map((l) => l.join('\n')),
    );
    fc.assert(
      fc.property(yamlish, (text) => {
        const r = checkMapping(text, { file: 'm.yaml' });
        if (!r.ok) for (const p of r.problems) expect(p.line).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('mapping is deterministic', () => {
  it('the same input gives byte-identical JSON, whatever the profile key order', () => {
    fc.assert(
      fc.property(userInput, (input) => {
        const reordered: UserMappingInput = {
          ...input,
          profile: Object.fromEntries(Object.entries(input.profile).reverse()),
          appProfile: Object.fromEntries(Object.entries(input.appProfile).reverse()),
        };
        expect(JSON.stringify(kitchenSink.mapUser(reordered))).toBe(JSON.stringify(kitchenSink.mapUser(input)));
        expect(JSON.stringify(shipped.mapUser(input))).toBe(JSON.stringify(shipped.mapUser(structuredClone(input))));
      }),
      { numRuns: 300 },
    );
  });
});
