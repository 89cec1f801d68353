import type { RecordProblem } from '../domain/ports.js';
import type { AttributeTrace } from './build-body.js';
import { IMPLICIT } from './build-body.js';
import { charLength, shorten } from './values.js';

/**
 * IDaaS account rules, checked on the mapped body so a record that IDaaS would refuse fails
 * here, with the rule that produced the value, instead of as an opaque 400 later. Source: the
 * EIAM CreateUser reference (username pattern, 64-character limits, 6–15 phone digits, one email
 * per account),
 * https://help.aliyun.com/zh/idaas/eiam/developer-reference/api-eiam-developerapi-2022-02-25-createuser
 */
export const IDAAS_LIMITS = {
  userNamePattern: /^[A-Za-z0-9_.@-]+$/,
  userNameMax: 64,
  displayNameMax: 64,
  externalIdMax: 64,
  phoneDigitsMin: 6,
  phoneDigitsMax: 15,
} as const;

export function checkUserConstraints(body: Record<string, unknown>, sent: readonly AttributeTrace[], who: string): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const refOf = (attribute: string): string | undefined => sent.find((t) => t.attribute === attribute)?.rule;
  const add = (attribute: string, message: string, value?: unknown, rule = refOf(attribute)): void => {
    problems.push({
      attribute,
      ...(rule && rule !== IMPLICIT ? { rule } : {}),
      message: `${message} (${who})`,
      ...(value === undefined ? {} : { value: shorten(value) }),
    });
  };

  const userName = body['userName'];
  if (typeof userName !== 'string' || userName === '') {
    add('userName', 'is empty; IDaaS requires a userName');
  } else if (!IDAAS_LIMITS.userNamePattern.test(userName) || charLength(userName) > IDAAS_LIMITS.userNameMax) {
    add(
      'userName',
      `is not a valid IDaaS userName: letters, digits and _ . @ - only, at most ${IDAAS_LIMITS.userNameMax} characters (transforms such as remove-diacritics and truncate:64 can help)`,
      userName,
    );
  }

  for (const [attr, max] of [
    ['displayName', IDAAS_LIMITS.displayNameMax],
    ['externalId', IDAAS_LIMITS.externalIdMax],
  ] as const) {
    const v = body[attr];
    if (typeof v === 'string' && charLength(v) > max) add(attr, `is ${charLength(v)} characters long; IDaaS allows at most ${max} (add transform truncate:${max})`, v);
  }

  const emails = body['emails'];
  if (Array.isArray(emails) && emails.length > 0) {
    const primaries = (emails as Record<string, unknown>[]).filter((e) => e['primary'] === true);
    if (primaries.length !== 1) {
      const attrs = sent.filter((t) => t.attribute.startsWith('emails[') && t.attribute.endsWith('.primary'));
      add(
        attrs[0]?.attribute ?? 'emails',
        `IDaaS needs exactly one primary email, got ${primaries.length}; set primary: true on one emails entry only (or on none: the first is then primary)`,
        (emails as Record<string, unknown>[]).map((e) => e['value']),
        attrs.find((a) => a.rule !== IMPLICIT)?.rule,
      );
    }
  }

  const phones = body['phoneNumbers'];
  if (Array.isArray(phones)) {
    for (const p of phones as Record<string, unknown>[]) {
      const value = p['value'];
      if (typeof value !== 'string') continue;
      const attribute = `phoneNumbers[type eq ${JSON.stringify(p['type'])}].value`;
      const digits = value.replace(/\D/g, '').length;
      if (!/^\+?[0-9 ()\-.]+$/.test(value)) {
        add(attribute, 'is not a phone number IDaaS accepts: digits with an optional leading + (transform e164 normalises)', value);
      } else if (digits < IDAAS_LIMITS.phoneDigitsMin || digits > IDAAS_LIMITS.phoneDigitsMax) {
        add(attribute, `has ${digits} digits; IDaaS accepts ${IDAAS_LIMITS.phoneDigitsMin}–${IDAAS_LIMITS.phoneDigitsMax}`, value);
      }
    }
  }
  return problems;
}

export function checkGroupConstraints(body: Record<string, unknown>, who: string): RecordProblem[] {
  const name = body['displayName'];
  if (typeof name === 'string' && name !== '') return [];
  return [{ attribute: 'displayName', message: `is empty; SCIM requires a group displayName (${who})` }];
}
