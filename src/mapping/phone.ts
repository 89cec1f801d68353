/**
 * E.164 normalisation by a small documented rule instead of a full numbering-plan library:
 * IDaaS checks only that a phone has 6–15 digits, so per-country validity (what
 * libphonenumber knows) would refuse numbers IDaaS accepts and add a large dependency. The
 * rule, in order:
 *
 * 1. Strip spaces, `-`, `.`, `/`, `(`, `)` and a national-prefix marker `(0)` after a `+`.
 * 2. A leading `00` or `+` starts the country code.
 * 3. Otherwise, with a default country calling code (`e164:86`), one leading trunk `0` is
 *    dropped and the code is put in front; without one the number is refused.
 * 4. The result must be `+` and 7–15 digits (E.164 allows at most 15), not starting with 0.
 *
 * An extension (`x12`, `ext. 12`, `;ext=12`) is refused: E.164 cannot carry it.
 */
export type PhoneResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly why: string };

export const E164_MIN_DIGITS = 7;
export const E164_MAX_DIGITS = 15;

export function isCountryCallingCode(s: string): boolean {
  return /^[1-9][0-9]{0,2}$/.test(s);
}

export function toE164(input: string, defaultCountryCode?: string): PhoneResult {
  const raw = input.trim();
  if (/(?:ext\.?|x|;ext=)\s*\d+\s*$/i.test(raw)) return { ok: false, why: 'has an extension, which E.164 cannot carry' };
  let s = raw.replace(/^\+\s*/, '+');
  if (s.startsWith('+')) s = s.replace(/\(0\)/g, '');
  s = s.replace(/[\s\-./()]/g, '');
  if (!/^\+?[0-9]+$/.test(s)) return { ok: false, why: 'holds characters other than digits and + - . ( ) /' };
  let digits: string;
  if (s.startsWith('+')) digits = s.slice(1);
  else if (s.startsWith('00')) digits = s.slice(2);
  else if (defaultCountryCode !== undefined) digits = defaultCountryCode + s.replace(/^0/, '');
  else return { ok: false, why: 'has no country code (+ or 00); write e164:CC to assume one' };
  if (digits.startsWith('0')) return { ok: false, why: 'has a country code starting with 0' };
  if (digits.length < E164_MIN_DIGITS || digits.length > E164_MAX_DIGITS) {
    return { ok: false, why: `has ${digits.length} digits; E.164 numbers have ${E164_MIN_DIGITS}–${E164_MAX_DIGITS}` };
  }
  return { ok: true, value: `+${digits}` };
}
