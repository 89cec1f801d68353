import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceGroup, SourceUser } from '../../../src/domain/records.js';
import { Secret } from '../../../src/domain/secret.js';
import { demoOktaSeedFile } from '../../../src/emulators/okta/demo-seed.js';
import { startOktaEmulator, type OktaEmulator } from '../../../src/emulators/okta/index.js';
import { oktaConfig, reader } from '../../helpers/okta.js';

// The reader against the Okta emulator over real HTTP: scope, records, selection, lookups.

let emu: OktaEmulator;
const cfg = (groups: ReturnType<typeof oktaConfig>['groups'] = []) =>
  oktaConfig({ orgUrl: emu.url, apiToken: new Secret(emu.token), appId: emu.appId, groups });

async function all<T>(it: AsyncIterable<readonly T[]>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  for await (const page of it) {
    items.push(...page);
    pages++;
  }
  return { items, pages };
}

beforeAll(async () => {
  emu = await startOktaEmulator({ seedFile: demoOktaSeedFile(), maxPageSize: 6 });
});
afterAll(async () => {
  await emu.close();
});

describe('reader scope', () => {
  it('reads exactly the users assigned to the app (directly or via groups), streamed in pages', async () => {
    const read = reader(cfg()).readScope();
    const { items: users, pages } = await all(read.users());
    expect(users.map((u) => u.id)).toEqual(emu.org.assignedUserIds());
    expect(pages).toBe(Math.ceil(users.length / 6));
    const logins = users.map((u) => u.profile['login']);
    expect(logins).not.toContain('oliver.smith@acme.example');
    expect(logins).not.toContain('ava.jones@acme.example');
    expect(read.report()).toEqual({ complete: true, problems: [] });
  });

  it('keeps custom attributes, non-ASCII values and statuses, as plain JSON records', async () => {
    const { items: users } = await all(reader(cfg()).readScope().users());
    const by = (login: string): SourceUser => users.find((u) => u.profile['login'] === login)!;
    const zoe = by('zoe.muller@acme.example');
    expect(zoe.profile).toMatchObject({ firstName: 'Zoë', lastName: 'Müller', postalAddress: 'Musterstraße 12, 80331 München', workSite: 'MUC' });
    expect(zoe.appProfile).toMatchObject({ user_address: 'Musterstraße 12, 80331 München', givenName: 'Zoë', displayName: null });
    expect(by('li.lei@acme.example').appProfile['user_address']).toMatch(/set on the assignment/);
    expect(by('jose.garcia@acme.example').profile['mobilePhone']).toBeUndefined();
    expect(by('soren.oster@acme.example').status).toBe('SUSPENDED');
    expect(by('amelie.dubois@acme.example')).toMatchObject({ status: 'DEPROVISIONED', assignment: { status: 'DEPROVISIONED' } });
    const contractors = emu.org.findGroup('Contractors').id;
    expect(by('ngozi.okafor@acme.example').assignment).toEqual({ scope: 'GROUP', status: 'PROVISIONED', groupId: contractors });
    for (const u of users) expect(JSON.parse(JSON.stringify(u))).toEqual(u);
    expect(typeof zoe.lastUpdated).toBe('string');
  });

  it('selects groups by name, id and pattern; members per group', async () => {
    const salesId = emu.org.findGroup('Sales').id;
    const read = reader(cfg([{ name: 'Engineering' }, { id: salesId }, { pattern: '^idaas-' }])).readScope();
    const { items: groups } = await all<SourceGroup>(read.groups());
    expect(groups.map((g) => g.profile['name']).sort()).toEqual(['Engineering', 'Sales', 'idaas-Finance', 'idaas-Support']);
    expect(groups.find((g) => g.profile['name'] === 'Engineering')?.profile['costCenter']).toBe('CC-100');
    for (const g of groups) {
      const { items: ids } = await all(read.groupMemberIds(g.id));
      expect(ids).toEqual(emu.org.findGroup(g.id).members.map((o) => emu.org.state.userAt(o)!.id));
    }
    await all(read.users());
    expect(read.report().complete).toBe(true);
  });

  it('selects nothing when okta.groups is empty', async () => {
    expect((await all(reader(cfg()).readScope().groups())).items).toEqual([]);
  });
});

describe('reader lookups', () => {
  it('getUser by login or id: in-scope with the app profile, not-assigned, not-found', async () => {
    const r = reader(cfg());
    const li = await r.getUser('li.lei@acme.example');
    expect(li).toMatchObject({ kind: 'in-scope', user: { profile: { lastName: '李' }, appProfile: { user_address: expect.stringMatching(/assignment/) } } });
    const byId = await r.getUser(li.kind === 'in-scope' ? li.user.id : '');
    expect(byId).toEqual(li);
    expect(await r.getUser('oliver.smith@acme.example')).toMatchObject({ kind: 'not-assigned', login: 'oliver.smith@acme.example', status: 'ACTIVE' });
    expect(await r.getUser('nobody@acme.example')).toEqual({ kind: 'not-found', id: 'nobody@acme.example' });
    expect(await r.getUser('amelie.dubois@acme.example')).toMatchObject({ kind: 'in-scope', user: { status: 'DEPROVISIONED' } });
  });

  it('getGroup: selected, not-selected, not-found; listGroupMemberIds', async () => {
    const r = reader(cfg([{ pattern: '^idaas-' }]));
    const fin = emu.org.findGroup('idaas-Finance');
    expect(await r.getGroup(fin.id)).toMatchObject({ kind: 'selected', group: { profile: { name: 'idaas-Finance', costCenter: 'CC-300' } } });
    expect(await r.getGroup(emu.org.findGroup('Contractors').id)).toMatchObject({ kind: 'not-selected' });
    expect(await r.getGroup('00gNoSuchGroup000001')).toEqual({ kind: 'not-found', id: '00gNoSuchGroup000001' });
    expect(await r.listGroupMemberIds(fin.id)).toHaveLength(fin.members.length);
  });

  it('password policies by priority and the app user schema with user_address’s namespace', async () => {
    const r = reader(cfg());
    expect((await r.passwordPolicies()).map((p) => [p.name, p.priority, p.system, p.minLength, p.minSymbol])).toEqual([
      ['Finance Password Policy', 1, false, 12, 1],
      ['Default Policy', 2, true, 8, 0],
    ]);
    const schema = await r.appUserSchema();
    expect(schema).toContainEqual({ variableName: 'user_address', externalName: 'user_address', externalNamespace: 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User', type: 'string' });
    expect(schema).toContainEqual(expect.objectContaining({ variableName: 'userName', externalNamespace: 'urn:ietf:params:scim:schemas:core:2.0:User' }));
  });

  it('a wrong token is OKTA_UNAUTHORIZED and leaves the read incomplete', async () => {
    const read = reader({ ...cfg(), apiToken: new Secret('wrong-token-0123456789abcdef') }).readScope();
    await expect(all(read.users())).rejects.toMatchObject({ code: 'OKTA_UNAUTHORIZED' });
    expect(read.report().complete).toBe(false);
  });
});

