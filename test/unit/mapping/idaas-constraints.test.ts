import { describe, expect, it } from 'vitest';
import { compile, user } from '../../helpers/mapping.js';

const mapping = compile(`user:
  userName: { from: profile.login }
  displayName: { from: profile.displayName }
  externalId: { from: profile.employeeNumber }
  emails[type eq "work"].value: { from: profile.email }
  emails[type eq "work"].primary: { from: profile.workPrimary }
  emails[type eq "home"].value: { from: profile.secondEmail }
  emails[type eq "home"].primary: { from: profile.homePrimary }
  phoneNumbers[type eq "mobile"].value: { from: profile.mobilePhone }
group:
  displayName: { from: profile.name }
`);

describe('IDaaS account rules, checked after mapping', () => {
  // [what, profile, expected problems (attribute, rule, message fragment, value) or [] when accepted]
  const table: [string, Record<string, string | boolean | null>, [string, string | undefined, string, string | undefined][]][] = [
    ['a plain login', { login: 'alice@acme.com' }, []],
    ['userName with every allowed character', { login: 'a.b_c-d@e.f' }, []],
    ['userName of exactly 64 characters', { login: 'a'.repeat(64) }, []],
    ['userName with a space', { login: 'alice smith' }, [['userName', 'mapping.yaml:2', 'is not a valid IDaaS userName', '"alice smith"']]],
    ['userName with an accent', { login: 'josé@acme.com' }, [['userName', 'mapping.yaml:2', 'letters, digits and _ . @ - only', '"josé@acme.com"']]],
    ['userName of 65 characters', { login: 'a'.repeat(65) }, [['userName', 'mapping.yaml:2', 'at most 64 characters', undefined]]],
    ['empty userName', { login: null }, [['userName', undefined, 'is empty; IDaaS requires a userName', undefined]]],
    ['displayName of 64 characters', { displayName: 'd'.repeat(64) }, []],
    ['displayName of 65 characters', { displayName: 'd'.repeat(65) }, [['displayName', 'mapping.yaml:3', 'is 65 characters long; IDaaS allows at most 64 (add transform truncate:64)', undefined]]],
    ['displayName of 64 emoji counts characters, not UTF-16 units', { displayName: '😀'.repeat(64) }, []],
    ['externalId of 65 characters', { employeeNumber: 'e'.repeat(65) }, [['externalId', 'mapping.yaml:4', 'IDaaS allows at most 64', undefined]]],
    ['one email, made primary implicitly', { email: 'a@x.io' }, []],
    ['two emails, the first primary implicitly', { email: 'a@x.io', secondEmail: 'b@x.io' }, []],
    ['two primary emails', { email: 'a@x.io', secondEmail: 'b@x.io', workPrimary: true, homePrimary: true }, [['emails[type eq "work"].primary', 'mapping.yaml:6', 'IDaaS needs exactly one primary email, got 2', '["a@x.io","b@x.io"]']]],
    ['no primary email', { email: 'a@x.io', workPrimary: false }, [['emails[type eq "work"].primary', 'mapping.yaml:6', 'IDaaS needs exactly one primary email, got 0', '["a@x.io"]']]],
    ['E.164 phone', { mobilePhone: '+8613800138000' }, []],
    ['phone with separators', { mobilePhone: '+1 (415) 555-2671' }, []],
    ['phone with 6 digits', { mobilePhone: '123456' }, []],
    ['phone with 5 digits', { mobilePhone: '12345' }, [['phoneNumbers[type eq "mobile"].value', 'mapping.yaml:9', 'has 5 digits; IDaaS accepts 6–15', '"12345"']]],
    ['phone with 16 digits', { mobilePhone: '+1234567890123456' }, [['phoneNumbers[type eq "mobile"].value', 'mapping.yaml:9', 'has 16 digits', undefined]]],
    ['phone with letters', { mobilePhone: '555-CALL-NOW' }, [['phoneNumbers[type eq "mobile"].value', 'mapping.yaml:9', 'is not a phone number IDaaS accepts', '"555-CALL-NOW"']]],
    ['phone with an extension', { mobilePhone: '+1 415 555 2671 x12' }, [['phoneNumbers[type eq "mobile"].value', 'mapping.yaml:9', 'is not a phone number IDaaS accepts', undefined]]],
    [
      'several broken rules at once',
      { login: 'bad login', displayName: 'd'.repeat(70), mobilePhone: '1' },
      [
        ['userName', 'mapping.yaml:2', 'is not a valid IDaaS userName', undefined],
        ['displayName', 'mapping.yaml:3', 'IDaaS allows at most 64', undefined],
        ['phoneNumbers[type eq "mobile"].value', 'mapping.yaml:9', 'has 1 digits', undefined],
      ],
    ],
  ];

  it.each(table)('%s', (_what, profile, expected) => {
    const input = user({ login: 'alice@acme.com' });
    const r = mapping.mapUser({ ...input, profile: { ...input.profile, ...profile } });
    const got = r.ok ? [] : r.problems;
    expect(got).toHaveLength(expected.length);
    expected.forEach(([attribute, rule, message, value], i) => {
      const problem = got[i];
      expect(problem?.attribute).toBe(attribute);
      expect(problem?.rule).toBe(rule);
      expect(problem?.message).toContain(message);
      expect(problem?.message).toContain('(user ');
      if (value !== undefined) expect(problem?.value).toBe(value);
    });
  });
});
