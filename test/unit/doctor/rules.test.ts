import { describe, expect, it } from 'vitest';
import { clockCheck, FAIL_SKEW_MS, WARN_SKEW_MS } from '../../../src/doctor/clock-skew.js';
import { passwordPolicyCheck, policyGaps } from '../../../src/doctor/password-policy.js';
import type { PasswordPolicySummary } from '../../../src/domain/ports.js';

const policy = (over: Partial<PasswordPolicySummary>): PasswordPolicySummary => ({
  id: 'p',
  name: 'Default Policy',
  priority: 1,
  system: true,
  minLength: 8,
  minLowerCase: 1,
  minUpperCase: 1,
  minNumber: 1,
  minSymbol: 1,
  ...over,
});
const IDAAS = { minLength: 8, lowercase: 1, uppercase: 1, digits: 1, special: 1 };

describe('password policy: Okta at least as strict as IDaaS, field by field', () => {
  it('passes equal or stricter policies', () => {
    expect(passwordPolicyCheck([policy({}), policy({ name: 'Strict', minLength: 14 })], IDAAS).verdict).toBe('PASS');
  });

  it('names every weaker field of every policy', () => {
    const gaps = policyGaps([policy({ minLength: 6 }), policy({ name: 'Contractors', minSymbol: 0, minNumber: 0 })], IDAAS);
    expect(gaps.map((g) => `${g.policy}:${g.okta}<${g.idaas}`)).toEqual(['Default Policy:minLength<minLength', 'Contractors:minNumber<digits', 'Contractors:minSymbol<special']);
    const r = passwordPolicyCheck([policy({ minLength: 6 })], IDAAS);
    expect(r).toMatchObject({ verdict: 'FAIL', detail: expect.stringContaining('"Default Policy": minLength 6 < minLength 8') });
  });

  it('says when IDaaS asks more of a class than any Okta policy can require', () => {
    const r = passwordPolicyCheck([policy({})], { ...IDAAS, special: 2 });
    expect(r.verdict).toBe('FAIL');
    expect(r.fix).toContain('idaas.passwordPolicy special > 1 can never be met');
  });

  it('fails when there is no policy to compare', () => {
    expect(passwordPolicyCheck([], IDAAS).verdict).toBe('FAIL');
  });
});

describe('clock skew', () => {
  const at = (offsetMs: number) => {
    const local = Date.parse('2026-05-01T10:00:00.000Z');
    return { date: new Date(local + offsetMs).toUTCString(), localMs: local };
  };

  it('passes within a few seconds, warns beyond, fails beyond five minutes', () => {
    expect(clockCheck([{ server: 'Okta', ...at(1_000) }, { server: 'IDaaS', ...at(-1_000) }]).verdict).toBe('PASS');
    expect(clockCheck([{ server: 'Okta', ...at(WARN_SKEW_MS + 2_000) }]).verdict).toBe('WARN');
    const bad = clockCheck([{ server: 'IDaaS', ...at(-(FAIL_SKEW_MS + 60_000)) }]);
    expect(bad).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/IDaaS is 3(59|60) s behind this machine/) });
  });

  it('skips when no server answered with a Date', () => {
    expect(clockCheck([{ server: 'Okta', date: undefined, localMs: 0 }, { server: 'IDaaS', date: 'garbage', localMs: 0 }]).verdict).toBe('SKIP');
  });
});
