import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { GroupSelection } from '../../../src/okta/group-selection.js';
import { plainProfile, toSourceUser } from '../../../src/okta/to-records.js';
import { oktaConfig, reader } from '../../helpers/okta.js';
import { APP, appUserJson, JSON_HEADERS, ORG, useNock } from './nock-setup.js';

useNock();

describe('SDK objects → plain records', () => {
  it('drops undefined padding, turns Dates into ISO strings and keeps nulls, arrays and custom attributes', () => {
    expect(plainProfile({ a: undefined, b: null, c: new Date('2024-01-01T00:00:00Z'), d: ['x', 1, undefined, { o: 1 }], e: { nested: 1 }, f: 'ü' })).toEqual({
      b: null,
      c: '2024-01-01T00:00:00.000Z',
      d: ['x', 1],
      f: 'ü',
    });
  });

  it('takes the group id of a group-scoped assignment from _links.group', () => {
    const u = toSourceUser(
      { id: '00u1', status: 'ACTIVE', profile: {} },
      { scope: 'GROUP', status: 'PROVISIONED', profile: {}, _links: { group: { name: 'Eng', href: `${ORG}/api/v1/groups/00gEng` } } },
    );
    expect(u?.assignment).toEqual({ scope: 'GROUP', status: 'PROVISIONED', groupId: '00gEng' });
  });

  it('a user read through the SDK is plain JSON: no undefined keys, no _links, no Date', async () => {
    nock(ORG)
      .get('/api/v1/users/00u1')
      .reply(200, { ...(appUserJson('00u1')['_embedded'] as { user: object }).user, activated: null, type: { id: 'oty1' } }, JSON_HEADERS)
      .get(`/api/v1/apps/${APP}/users/00u1`)
      .reply(200, { ...appUserJson('00u1'), _embedded: undefined }, JSON_HEADERS);
    const found = await reader(oktaConfig()).getUser('00u1');
    if (found.kind !== 'in-scope') throw new Error(found.kind);
    const u = found.user;
    expect(JSON.parse(JSON.stringify(u))).toEqual(u);
    const walk = (v: unknown): void => {
      expect(v).not.toBeUndefined();
      expect(v).not.toBeInstanceOf(Date);
      if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
        expect(k).not.toBe('_links');
        walk(x);
      }
    };
    walk(u);
    expect(u).toEqual({
      id: '00u1',
      status: 'ACTIVE',
      created: '2024-01-01T00:00:00.000Z',
      lastUpdated: '2024-02-01T00:00:00.000Z',
      profile: { login: '00u1@acme.example', firstName: 'Zoë', lastName: 'Müller', postalAddress: 'Musterstraße 12', mobilePhone: null },
      appProfile: { userName: '00u1@acme.example', user_address: 'Musterstraße 12', mobilePhone: null },
      assignment: { scope: 'USER', status: 'PROVISIONED' },
    });
  });
});

describe('group selection', () => {
  it('selects by exact name, by id, or by pattern on the name', () => {
    const s = new GroupSelection([{ name: 'Engineering' }, { id: '00gX' }, { pattern: '^idaas-' }]);
    expect(s.selects({ id: '00g1', name: 'Engineering' })).toBe(true);
    expect(s.selects({ id: '00g1', name: 'engineering' })).toBe(false);
    expect(s.selects({ id: '00gX', name: 'Whatever' })).toBe(true);
    expect(s.selects({ id: '00g2', name: 'idaas-Finance' })).toBe(true);
    expect(s.selects({ id: '00g2', name: 'Finance-idaas-' })).toBe(false);
    expect(new GroupSelection([]).isEmpty).toBe(true);
  });
});
