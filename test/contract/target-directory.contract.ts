/**
 * The `TargetDirectory` contract: what the sync engine may rely on from any implementation
 * (the SCIM client against the emulator today; another adapter or a live tenant later).
 * Call `targetDirectoryContract(name, setup)` from a test file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, RejectedError } from '../../src/domain/errors.js';
import type { TargetDirectory } from '../../src/domain/ports.js';
import { SCHEMA_GROUP, SCHEMA_USER, type ScimGroupBody, type ScimUser, type ScimUserBody } from '../../src/domain/scim.js';

export interface TargetDirectoryHarness {
  readonly target: TargetDirectory;
  /** The extension URN the target accepts custom fields under, with one allowed field id. */
  readonly customField: { readonly namespace: string; readonly field: string };
  /** `idaas.membershipBatchSize` the target was built with. */
  readonly membershipBatchSize: number;
  close(): Promise<void>;
}

let seq = 0;
const unique = (p: string) => `${p}.${process.pid}.${Date.now().toString(36)}.${++seq}`;

export function targetDirectoryContract(name: string, setup: () => Promise<TargetDirectoryHarness>): void {
  describe(`TargetDirectory contract: ${name}`, () => {
    let h: TargetDirectoryHarness;
    let t: TargetDirectory;
    beforeAll(async () => {
      h = await setup();
      t = h.target;
    });
    afterAll(async () => h.close());

    const userBody = (extra: Partial<ScimUserBody> = {}): ScimUserBody => {
      const userName = extra.userName ?? `${unique('c')}@example.com`;
      return {
        schemas: [SCHEMA_USER],
        userName,
        externalId: unique('00u'),
        displayName: 'Contract User',
        name: { givenName: 'Contract', familyName: 'User' },
        emails: [{ value: userName, type: 'work', primary: true }],
        active: true,
        ...extra,
      };
    };
    const groupBody = (extra: Partial<ScimGroupBody> = {}): ScimGroupBody => ({ schemas: [SCHEMA_GROUP], displayName: unique('Group'), members: [], ...extra });
    const memberIds = async (groupId: string) => ((await t.getGroup(groupId)).members ?? []).map((m) => m.value).sort();

    describe('discovery', () => {
      it('reports capabilities, including the custom field namespace among the schemas', async () => {
        const caps = await t.capabilities();
        expect(typeof caps.patch).toBe('boolean');
        expect(typeof caps.filter).toBe('boolean');
        expect(caps.schemas.map((s) => s.toLowerCase())).toContain(h.customField.namespace.toLowerCase());
      });
    });

    describe('users', () => {
      it('createUser returns the stored user with a server id; getUser reads it back', async () => {
        const body = userBody({ schemas: [SCHEMA_USER, h.customField.namespace], [h.customField.namespace]: { [h.customField.field]: '1 Contract Way' } });
        const created = await t.createUser(body);
        expect(created.id).toMatch(/\S/);
        expect(created.userName).toBe(body.userName);
        const got = await t.getUser(created.id);
        expect(got).toMatchObject({ id: created.id, userName: body.userName, externalId: body.externalId, displayName: 'Contract User', active: true });
        expect(got[h.customField.namespace]).toEqual({ [h.customField.field]: '1 Contract Way' });
      });

      it('findUsers by userName ignores case; by externalId matches exactly; no match is []', async () => {
        const created = await t.createUser(userBody());
        expect((await t.findUsers('userName', created.userName.toUpperCase())).map((u) => u.id)).toEqual([created.id]);
        expect((await t.findUsers('externalId', created.externalId!)).map((u) => u.id)).toEqual([created.id]);
        expect(await t.findUsers('externalId', created.externalId!.toUpperCase())).toEqual([]);
        expect(await t.findUsers('userName', `${unique('none')}@example.com`)).toEqual([]);
      });

      it('findUsers survives values that need escaping (quotes, backslashes, unicode)', async () => {
        const externalId = `q"uo\\te ünï 漢 ${seq}`;
        const created = await t.createUser(userBody({ externalId }));
        expect((await t.findUsers('externalId', externalId)).map((u) => u.id)).toEqual([created.id]);
      });

      it('a second user with the same userName in another case is a ConflictError', async () => {
        const created = await t.createUser(userBody());
        await expect(t.createUser(userBody({ userName: created.userName.toUpperCase() }))).rejects.toBeInstanceOf(ConflictError);
      });

      it('an invalid user is a RejectedError that keeps the server detail', async () => {
        const err = await t.createUser(userBody({ userName: 'not a valid user name!' })).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RejectedError);
        expect((err as RejectedError).detail).toMatch(/userName/);
      });

      it('replaceUser replaces the managed attributes', async () => {
        const created = await t.createUser(userBody());
        const replaced = await t.replaceUser(created.id, { ...userBody({ userName: created.userName, externalId: created.externalId }), displayName: 'Replaced', active: true });
        expect(replaced.displayName).toBe('Replaced');
        expect((await t.getUser(created.id)).displayName).toBe('Replaced');
      });

      it('patchUser applies an Okta-style deactivate and returns the user or null', async () => {
        const created = await t.createUser(userBody());
        const res = await t.patchUser(created.id, [{ op: 'replace', value: { active: false } }]);
        if (res !== null) expect(res.id).toBe(created.id);
        expect((await t.getUser(created.id)).active).toBe(false);
        await t.patchUser(created.id, [{ op: 'replace', path: 'displayName', value: 'Patched' }]);
        expect((await t.getUser(created.id)).displayName).toBe('Patched');
      });

      it('getUser, replaceUser, patchUser and deleteUser of an unknown id are NotFoundError (PUT never creates)', async () => {
        const id = unique('missing');
        await expect(t.getUser(id)).rejects.toBeInstanceOf(NotFoundError);
        await expect(t.replaceUser(id, userBody())).rejects.toBeInstanceOf(NotFoundError);
        await expect(t.patchUser(id, [{ op: 'replace', value: { active: false } }])).rejects.toBeInstanceOf(NotFoundError);
        await expect(t.deleteUser(id)).rejects.toBeInstanceOf(NotFoundError);
      });

      it('deleteUser removes the user', async () => {
        const created = await t.createUser(userBody());
        await t.deleteUser(created.id);
        await expect(t.getUser(created.id)).rejects.toBeInstanceOf(NotFoundError);
        expect(await t.findUsers('userName', created.userName)).toEqual([]);
      });

      it('listUsers streams every user once, in pages of at most 100', async () => {
        const mine = new Set<string>();
        for (let i = 0; i < 230; i++) mine.add((await t.createUser(userBody())).id);
        const seen: string[] = [];
        for await (const page of t.listUsers()) {
          expect(page.length).toBeGreaterThan(0);
          expect(page.length).toBeLessThanOrEqual(100);
          seen.push(...page.map((u: ScimUser) => u.id));
        }
        expect(new Set(seen).size).toBe(seen.length);
        for (const id of mine) expect(seen).toContain(id);
      });
    });

    describe('groups', () => {
      it('createGroup with no members; getGroup shows members []', async () => {
        const g = await t.createGroup(groupBody({ externalId: unique('00g') }));
        expect(g.id).toMatch(/\S/);
        expect(await memberIds(g.id)).toEqual([]);
      });

      it('findGroups by displayName ignores case; by externalId matches exactly', async () => {
        const body = groupBody({ displayName: `Find "Me" ${unique('g')}`, externalId: unique('00g') });
        const g = await t.createGroup(body);
        expect((await t.findGroups('displayName', body.displayName.toLowerCase())).map((x) => x.id)).toEqual([g.id]);
        expect((await t.findGroups('externalId', body.externalId!)).map((x) => x.id)).toEqual([g.id]);
        expect(await t.findGroups('displayName', unique('none'))).toEqual([]);
      });

      it('a second group with the same name is a ConflictError', async () => {
        const g = await t.createGroup(groupBody());
        await expect(t.createGroup(groupBody({ displayName: g.displayName }))).rejects.toBeInstanceOf(ConflictError);
      });

      it('updateGroupMembers applies adds and removes across several batches', async () => {
        const users: string[] = [];
        const n = h.membershipBatchSize * 2 + 17;
        for (let i = 0; i < n; i++) users.push((await t.createUser(userBody())).id);
        const g = await t.createGroup(groupBody());
        await t.updateGroupMembers(g.id, { add: users.map((value) => ({ value, display: value })), remove: [] });
        expect(await memberIds(g.id)).toEqual([...users].sort());
        const removed = users.slice(0, h.membershipBatchSize + 3);
        await t.updateGroupMembers(g.id, { add: [], remove: removed });
        expect(await memberIds(g.id)).toEqual(users.slice(h.membershipBatchSize + 3).sort());
      });

      it('updateGroupMembers is idempotent: repeating a delta (a retried job) changes nothing more', async () => {
        const a = (await t.createUser(userBody())).id;
        const b = (await t.createUser(userBody())).id;
        const g = await t.createGroup(groupBody());
        const delta = { add: [{ value: a }, { value: b }], remove: [] };
        await t.updateGroupMembers(g.id, delta);
        await t.updateGroupMembers(g.id, delta);
        expect(await memberIds(g.id)).toEqual([a, b].sort());
        await t.updateGroupMembers(g.id, { add: [], remove: [a] });
        await t.updateGroupMembers(g.id, { add: [], remove: [a] });
        expect(await memberIds(g.id)).toEqual([b]);
      });

      it('adding a user that does not exist is a RejectedError', async () => {
        const g = await t.createGroup(groupBody());
        await expect(t.updateGroupMembers(g.id, { add: [{ value: unique('ghost') }], remove: [] })).rejects.toBeInstanceOf(RejectedError);
      });

      it('deleting a user drops it from its groups', async () => {
        const u = (await t.createUser(userBody())).id;
        const g = await t.createGroup(groupBody());
        await t.updateGroupMembers(g.id, { add: [{ value: u }], remove: [] });
        await t.deleteUser(u);
        expect(await memberIds(g.id)).toEqual([]);
      });

      it('patchGroup renames; replaceGroup replaces name and members', async () => {
        const u = (await t.createUser(userBody())).id;
        const g = await t.createGroup(groupBody());
        const newName = unique('Renamed');
        await t.patchGroup(g.id, [{ op: 'replace', value: { id: g.id, displayName: newName } }]);
        expect((await t.getGroup(g.id)).displayName).toBe(newName);
        const replaced = await t.replaceGroup(g.id, groupBody({ displayName: `${newName}-2`, members: [{ value: u }] }));
        expect(replaced.displayName).toBe(`${newName}-2`);
        expect(await memberIds(g.id)).toEqual([u]);
      });

      it('listGroups streams every group without members, in pages of at most 100', async () => {
        const u = (await t.createUser(userBody())).id;
        const g = await t.createGroup(groupBody({ members: [{ value: u }] }));
        let found = false;
        for await (const page of t.listGroups()) {
          expect(page.length).toBeLessThanOrEqual(100);
          for (const x of page) {
            expect(x.members ?? []).toEqual([]);
            if (x.id === g.id) found = true;
          }
        }
        expect(found).toBe(true);
      });

      it('deleteGroup removes it; getGroup of an unknown id is NotFoundError', async () => {
        const g = await t.createGroup(groupBody());
        await t.deleteGroup(g.id);
        await expect(t.getGroup(g.id)).rejects.toBeInstanceOf(NotFoundError);
        await expect(t.deleteGroup(g.id)).rejects.toBeInstanceOf(NotFoundError);
      });
    });
  });
}
