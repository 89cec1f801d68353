import type { PasswordPolicy } from './options.js';

/**
 * What is wrong with a password under the IDaaS complexity rules, or undefined when it passes.
 * The message names the rule, never the password.
 */
export function passwordProblem(password: string, policy: PasswordPolicy): string | undefined {
  const chars = [...password];
  const count = (re: RegExp) => chars.filter((c) => re.test(c)).length;
  const problems: string[] = [];
  if (chars.length < policy.minLength) problems.push(`at least ${policy.minLength} characters`);
  if (count(/[a-z]/) < policy.lowercase) problems.push(`at least ${policy.lowercase} lowercase letter(s)`);
  if (count(/[A-Z]/) < policy.uppercase) problems.push(`at least ${policy.uppercase} uppercase letter(s)`);
  if (count(/[0-9]/) < policy.digits) problems.push(`at least ${policy.digits} digit(s)`);
  if (count(/[^A-Za-z0-9]/) < policy.special) problems.push(`at least ${policy.special} special character(s)`);
  return problems.length === 0 ? undefined : `password does not meet the password policy: needs ${problems.join(', ')}`;
}
