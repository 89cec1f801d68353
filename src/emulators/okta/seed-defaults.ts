import { idFromName, ID_PREFIX } from './ids.js';
import type { SeedPasswordPolicy } from './seed-model.js';

/**
 * Password policies when the seed names none: a stricter policy for one group and Okta's
 * system "Default Policy" last, as `GET /api/v1/policies?type=PASSWORD` returns them.
 */
export function defaultPasswordPolicies(strictGroupId?: string): SeedPasswordPolicy[] {
  const out: SeedPasswordPolicy[] = [];
  if (strictGroupId) {
    out.push({
      id: idFromName(ID_PREFIX.policy, 'Engineering Password Policy'),
      name: 'Engineering Password Policy',
      priority: 1,
      system: false,
      minLength: 12,
      minLowerCase: 1,
      minUpperCase: 1,
      minNumber: 1,
      minSymbol: 1,
      groupIds: [strictGroupId],
    });
  }
  out.push({
    id: idFromName(ID_PREFIX.policy, 'Default Policy'),
    name: 'Default Policy',
    priority: out.length + 1,
    system: true,
    minLength: 8,
    minLowerCase: 1,
    minUpperCase: 1,
    minNumber: 1,
    minSymbol: 0,
    groupIds: [],
  });
  return out;
}
