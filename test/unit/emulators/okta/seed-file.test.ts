import { describe, expect, it } from 'vitest';
import { demoOktaSeedFile } from '../../../../src/emulators/okta/demo-seed.js';
import { OrgState } from '../../../../src/emulators/okta/org-state.js';
import { loadSeedFile, parseSeed } from '../../../../src/emulators/okta/seed-file.js';
import { OisyncError } from '../../../../src/domain/errors.js';

describe('Okta emulator seed file', () => {
  it('loads the shipped demo org with every edge case the demo promises', () => {
    const seed = loadSeedFile(demoOktaSeedFile());
    const state = OrgState.fromSeed(seed);
    const byLogin = (l: string) => state.user(`${l}@acme.example`)!;
    expect(seed.users.length).toBeGreaterThanOrEqual(20);
    expect(seed.groups.length).toBeGreaterThanOrEqual(6);
    expect(byLogin('zoe.muller').profile['firstName']).toBe('Zoë');
    expect(byLogin('li.lei').profile['lastName']).toBe('李');
    expect(byLogin('jose.garcia').profile['mobilePhone']).toBeUndefined();
    expect(byLogin('soren.oster').status).toBe('SUSPENDED');
    expect(byLogin('amelie.dubois').status).toBe('DEPROVISIONED');
    expect(byLogin('grace.hopper').groupIds).toEqual([]);
    // deactivated but still assigned: the sync maps it through active:false
    expect(state.appUsers.has(byLogin('amelie.dubois').id)).toBe(true);
    // assigned only through a group
    expect(state.scopeOf(byLogin('ngozi.okafor'))).toMatchObject({ scope: 'GROUP', group: { profile: { name: 'Contractors' } } });
    // not assigned at all
    expect(state.appUsers.has(byLogin('oliver.smith').id)).toBe(false);
    // the custom app attribute is mapped from postalAddress, and an assignment value wins
    const zoe = byLogin('zoe.muller');
    expect(state.appProfile(zoe, state.appUsers.get(zoe.id)!)['user_address']).toBe('Musterstraße 12, 80331 München');
    const li = byLogin('li.lei');
    expect(state.appProfile(li, state.appUsers.get(li.id)!)['user_address']).toMatch(/set on the assignment/);
  });

  it('derives stable ids from logins and names', () => {
    const a = parseSeed('a.yaml', 'groups: [{ name: G }]\nusers: [{ login: a@x.example, firstName: A, lastName: B, groups: [G] }]');
    const b = parseSeed('b.yaml', 'groups: [{ name: Other }, { name: G }]\nusers: [{ login: z@x.example, firstName: Z, lastName: Z }, { login: a@x.example, firstName: A, lastName: B }]');
    expect(b.users[1]!.id).toBe(a.users[0]!.id);
    expect(b.groups[1]!.id).toBe(a.groups[0]!.id);
    expect(a.users[0]!.id).toMatch(/^00u[0-9A-Za-z]{17}$/);
  });

  it('reports every problem at once with file:line:col', () => {
    const text = [
      'groups:', //                                                   1
      '  - name: G', //                                               2
      'users:', //                                                    3
      '  - login: a@x.example', //                                    4
      '    firstName: A', //                                          5
      '    lastName: B', //                                           6
      '    groups: [Nope]', //                                        7
      '  - login: A@x.example', //                                    8
      '    firstName: A', //                                          9
      '    lastName: C', //                                           10
    ].join('\n');
    let err: unknown;
    try {
      parseSeed('org.yaml', text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OisyncError);
    const msg = (err as OisyncError).message;
    expect((err as OisyncError).code).toBe('OKTA_EMULATOR_SEED_INVALID');
    expect(msg).toContain('2 problems');
    expect(msg).toMatch(/org\.yaml:7:\d+ users\[0\]\.groups\[0\]: unknown group "Nope"/);
    expect(msg).toMatch(/org\.yaml:8:\d+ users\[1\]\.login: duplicate login/);
  });

  it('rejects unknown keys and bad statuses, naming the key', () => {
    expect(() => parseSeed('o.yaml', 'users:\n  - login: a@x\n    firstName: A\n    lastName: B\n    staus: ACTIVE\n')).toThrow(/o\.yaml:5:5 users\[0\]\.staus/);
    expect(() => parseSeed('o.yaml', 'users:\n  - login: a@x\n    firstName: A\n    lastName: B\n    status: GONE\n')).toThrow(/users\[0\]\.status/);
  });

  it('names a missing file', () => {
    expect(() => loadSeedFile('/nonexistent/org.yaml')).toThrow(/\/nonexistent\/org\.yaml cannot be read \(ENOENT\)/);
  });
});
