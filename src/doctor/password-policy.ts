import type { OisyncConfig } from '../config/schema.js';
import type { PasswordPolicySummary } from '../domain/ports.js';
import { fail, pass, type CheckResult } from './check.js';

type IdaasPolicy = OisyncConfig['idaas']['passwordPolicy'];

/** Okta's complexity field and the IDaaS rule it must be at least as strict as. */
const FIELDS = [
  ['minLength', 'minLength'],
  ['minLowerCase', 'lowercase'],
  ['minUpperCase', 'uppercase'],
  ['minNumber', 'digits'],
  ['minSymbol', 'special'],
] as const;

/** Okta can require at most one character of each class (its complexity fields are 0 or 1). */
const OKTA_CLASS_MAX = 1;

export interface PolicyGap {
  readonly policy: string;
  readonly okta: string;
  readonly oktaValue: number;
  readonly idaas: string;
  readonly idaasValue: number;
}

/** Every field where an Okta password policy is weaker than idaas.passwordPolicy. */
export function policyGaps(policies: readonly PasswordPolicySummary[], idaas: IdaasPolicy): PolicyGap[] {
  const gaps: PolicyGap[] = [];
  for (const p of policies) {
    for (const [okta, rule] of FIELDS) {
      if (p[okta] < idaas[rule]) gaps.push({ policy: p.name, okta, oktaValue: p[okta], idaas: rule, idaasValue: idaas[rule] });
    }
  }
  return gaps;
}

/**
 * The seed guide's rule: "For password sync to succeed, the Okta password policy must be at
 * least as strict as the IDaaS password policy." Compared field by field for every Okta
 * password policy (each governs some users), against idaas.passwordPolicy.
 */
export function passwordPolicyCheck(policies: readonly PasswordPolicySummary[], idaas: IdaasPolicy): CheckResult {
  const id = 'okta.password-policy';
  const want = `IDaaS: ${idaas.minLength}+ characters, ${idaas.lowercase} lowercase, ${idaas.uppercase} uppercase, ${idaas.digits} digits, ${idaas.special} special`;
  if (policies.length === 0) return fail(id, `Okta returned no password policy to compare with ${want}`, 'Check the org\'s password authenticator (Security > Authenticators > Password).');
  const gaps = policyGaps(policies, idaas);
  if (gaps.length === 0) return pass(id, `${policies.length} Okta password polic${policies.length === 1 ? 'y is' : 'ies are'} at least as strict as ${want}`);
  const lines = gaps.map((g) => `"${g.policy}": ${g.okta} ${g.oktaValue} < ${g.idaas} ${g.idaasValue}`);
  const impossible = FIELDS.filter(([, rule]) => rule !== 'minLength' && idaas[rule] > OKTA_CLASS_MAX).map(([, rule]) => rule);
  const fix = [
    'In the Okta Admin Console, Security > Authenticators > Password > Actions > Edit, raise the listed rules of each policy to at least the IDaaS ones',
    'or, if IDaaS really asks less, set idaas.passwordPolicy to its Sign-In > Password Policy > Complexity Rules.',
    impossible.length ? `Okta can require at most ${OKTA_CLASS_MAX} character of a class, so idaas.passwordPolicy ${impossible.join(', ')} > ${OKTA_CLASS_MAX} can never be met by an Okta policy.` : '',
  ]
    .filter(Boolean)
    .join('; ');
  return fail(id, `Okta passwords may not meet ${want}: ${lines.join('; ')}. Passwords synced from Okta would be refused by IDaaS.`, fix);
}
