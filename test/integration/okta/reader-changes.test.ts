import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/domain/secret.js';
import { demoOktaSeedFile } from '../../../src/emulators/okta/demo-seed.js';
import { startOktaEmulator, type OktaEmulator } from '../../../src/emulators/okta/index.js';
import { oktaConfig, reader } from '../../helpers/okta.js';

// System Log polling: admin changes in the emulator become dirty ids, and a stored cursor
// resumes exactly after the last event read — also from a new reader (a restart).

let emu: OktaEmulator;
const cfg = () => oktaConfig({ orgUrl: emu.url, apiToken: new Secret(emu.token), appId: emu.appId });
const id = (login: string) => emu.org.findUser(`${login}@acme.example`).id;
const gid = (name: string) => emu.org.findGroup(name).id;

beforeAll(async () => {
  emu = await startOktaEmulator({ seedFile: demoOktaSeedFile() });
});
afterAll(async () => {
  await emu.close();
});

describe('reader System Log changes', () => {
  it('resumes exactly after the last event, across a restart', async () => {
    const first = reader(cfg());
    const start = await first.readChanges(null);
    expect(start.events).toBe(0);

    emu.org.suspendUser({ user: 'grace.hopper@acme.example' });
    emu.org.addGroupMember({ group: 'Sales', user: 'zoe.muller@acme.example' });
    const b1 = await first.readChanges(start.nextCursor);
    expect(b1.events).toBe(2);
    expect([...b1.dirtyUserIds].sort()).toEqual([id('grace.hopper'), id('zoe.muller')].sort());
    expect(b1.dirtyGroupIds).toEqual([gid('Sales')]);
    expect(b1.membershipGroupIds).toEqual([gid('Sales')]);

    emu.org.renameGroup({ group: 'idaas-Finance', name: 'idaas-Finance-EMEA' });
    // "restart": a new reader instance with only the stored cursor
    const second = reader(cfg());
    const b2 = await second.readChanges(b1.nextCursor);
    expect(b2).toMatchObject({ events: 1, dirtyUserIds: [], dirtyGroupIds: [gid('idaas-Finance-EMEA')], membershipGroupIds: [] });
    // reading the same cursor again gives the same batch (nothing is lost if applying it failed)
    expect(await second.readChanges(b1.nextCursor)).toEqual(b2);
    const b3 = await second.readChanges(b2.nextCursor);
    expect(b3.events).toBe(0);
    expect(b3.nextCursor).toBe(b2.nextCursor);
  });

  it('turns each admin change into the right dirty ids', async () => {
    const r = reader(cfg());
    let cursor = (await r.readChanges(null)).nextCursor;
    const step = async (change: () => unknown) => {
      change();
      const batch = await r.readChanges(cursor);
      cursor = batch.nextCursor;
      return { users: [...batch.dirtyUserIds].sort(), groups: [...batch.dirtyGroupIds].sort(), membership: [...batch.membershipGroupIds] };
    };

    expect(await step(() => emu.org.deactivateUser({ user: 'jose.garcia@acme.example' }))).toEqual({ users: [id('jose.garcia')], groups: [], membership: [] });
    expect(await step(() => emu.org.updateUserProfile({ user: 'zoe.muller@acme.example', profile: { postalAddress: 'Neue Straße 1' } }))).toEqual({
      users: [id('zoe.muller')],
      groups: [],
      membership: [],
    });
    expect(await step(() => emu.org.updateAppProfile({ user: 'grace.hopper@acme.example', profile: { user_address: 'x' } }))).toEqual({
      users: [id('grace.hopper')],
      groups: [],
      membership: [],
    });
    expect(await step(() => emu.org.unassignUser({ user: 'siobhan.obrien@acme.example' }))).toEqual({ users: [id('siobhan.obrien')], groups: [], membership: [] });
    expect(await step(() => emu.org.removeGroupMember({ group: 'Engineering', user: 'dmitri.ivanov@acme.example' }))).toEqual({
      users: [id('dmitri.ivanov')],
      groups: [gid('Engineering')],
      membership: [gid('Engineering')],
    });
    // assigning a group to the app brings all its members into scope: they are all dirty
    const alumni = emu.org.findGroup('Alumni');
    const alumniIds = alumni.members.map((o) => emu.org.state.userAt(o)!.id).sort();
    expect(await step(() => emu.org.assignGroup({ group: 'Alumni' }))).toEqual({ users: alumniIds, groups: [alumni.id], membership: [] });
    const created = await step(() =>
      emu.org.createUser({ profile: { login: 'new.hire@acme.example', email: 'new.hire@acme.example', firstName: 'New', lastName: 'Hire' }, assign: true }),
    );
    expect(created.users).toEqual([id('new.hire')]);
    const g = await step(() => emu.org.createGroup({ name: 'idaas-Brand-New' }));
    expect(g.groups).toEqual([gid('idaas-Brand-New')]);
  });
});
