import { describe, expect, it } from 'vitest';
import { generateOrg } from '../../../../src/emulators/okta/generate.js';
import { OrgState } from '../../../../src/emulators/okta/org-state.js';

describe('Okta org generator', () => {
  it('is deterministic for a seed number, and different for another', () => {
    const a = generateOrg({ users: 300, groups: 20, seed: 42 });
    const b = generateOrg({ users: 300, groups: 20, seed: 42 });
    const c = generateOrg({ users: 300, groups: 20, seed: 43 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('produces a realistic spread: statuses, non-ASCII names, memberships, assignments', () => {
    const seed = generateOrg({ users: 2000, groups: 40, seed: 7 });
    const state = OrgState.fromSeed(seed);
    const statuses = new Set(seed.users.map((u) => u.status));
    for (const s of ['ACTIVE', 'DEPROVISIONED', 'SUSPENDED', 'PROVISIONED']) expect(statuses).toContain(s);
    expect(seed.users.some((u) => /[^\p{ASCII}]/u.test(String(u.profile['firstName']) + String(u.profile['lastName'])))).toBe(true);
    const groupCounts = seed.users.map((u) => u.groupIds.length);
    expect(Math.min(...groupCounts)).toBe(0);
    expect(Math.max(...groupCounts)).toBeGreaterThanOrEqual(4);
    expect(seed.users.some((u) => u.profile['mobilePhone'] === undefined)).toBe(true);
    expect(seed.users.every((u) => typeof u.profile['workSite'] === 'string')).toBe(true);

    const scopes = state.allUsers().map((u) => state.scopeOf(u)?.scope ?? 'none');
    expect(scopes).toContain('USER');
    expect(scopes).toContain('GROUP');
    expect(scopes).toContain('none');
    // deactivated users that hold the app stay listed (status DEPROVISIONED)
    expect(state.allUsers().some((u) => u.status === 'DEPROVISIONED' && state.appUsers.has(u.id))).toBe(true);
    // skewed membership: the biggest group is much larger than the median
    const sizes = state.allGroups().map((g) => g.members.length).sort((x, y) => x - y);
    expect(sizes[sizes.length - 1]!).toBeGreaterThan(3 * sizes[Math.floor(sizes.length / 2)]!);
    expect(new Set(seed.users.map((u) => String(u.profile['login']))).size).toBe(seed.users.length);
  });
});
