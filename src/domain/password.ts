import { randomInt } from 'node:crypto';

export interface PasswordPolicy {
  readonly minLength: number;
  readonly lowercase: number;
  readonly uppercase: number;
  readonly digits: number;
  readonly special: number;
}

const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SPECIAL = '!#$%&*+-=?@^_~';

/**
 * A random password that satisfies the IDaaS complexity policy (the seed: IDaaS rejects
 * weak passwords). At least 16 characters; every class the policy asks for is present the
 * required number of times; positions are shuffled with a CSPRNG. Never stored or logged.
 */
export function randomPassword(policy: PasswordPolicy): string {
  const length = Math.max(16, policy.minLength, policy.lowercase + policy.uppercase + policy.digits + policy.special);
  const chars: string[] = [];
  const take = (set: string, n: number): void => {
    for (let i = 0; i < n; i++) chars.push(set[randomInt(set.length)] as string);
  };
  take(LOWER, Math.max(1, policy.lowercase));
  take(UPPER, Math.max(1, policy.uppercase));
  take(DIGITS, Math.max(1, policy.digits));
  take(SPECIAL, Math.max(1, policy.special));
  const all = LOWER + UPPER + DIGITS + SPECIAL;
  take(all, length - chars.length);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

/** Does a password meet the policy? (Used by tests and the emulator's counterpart checks.) */
export function meetsPolicy(password: string, policy: PasswordPolicy): boolean {
  const count = (re: RegExp): number => (password.match(re) ?? []).length;
  return (
    password.length >= policy.minLength &&
    count(/[a-z]/g) >= policy.lowercase &&
    count(/[A-Z]/g) >= policy.uppercase &&
    count(/[0-9]/g) >= policy.digits &&
    count(/[^A-Za-z0-9]/g) >= policy.special
  );
}
