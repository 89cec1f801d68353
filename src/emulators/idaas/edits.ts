import { SCHEMA_GROUP, SCHEMA_USER, type JsonObject, type JsonValue, type ScimGroup, type ScimUser } from '../../domain/scim.js';
import type { HandlerContext } from './context.js';
import { assertUsersExist, createGroupRecord, prepareGroup } from './groups.js';
import { patchGroup, patchUser, type PatchOp } from './patch.js';
import { renderGroup, renderUser } from './render.js';
import { badRequest } from './scim-error.js';
import { createUserRecord, prepareUser } from './users.js';

/** Everything the emulator holds, as GET would return it (groups with members). */
export interface EmulatorState {
  readonly users: ScimUser[];
  readonly groups: ScimGroup[];
  /** Ids of users that were given a password (the password itself is never kept readable). */
  readonly usersWithPassword: string[];
}

/**
 * Changes made "by an IDaaS admin in the console", outside SCIM: they do not count as SCIM
 * requests, are not subject to faults, and bump versions like any write. Attribute changes
 * are keyed by SCIM path (`displayName`, `name.givenName`, `emails[type eq "work"].value`,
 * `urn:…:User:user_address`); `null` removes the attribute.
 */
export interface EmulatorEdits {
  /** A user created by hand (source "manual"); same rules as SCIM, `schemas` may be left out. */
  createUser(body: Record<string, unknown>): ScimUser;
  updateUser(id: string, changes: Readonly<Record<string, JsonValue | null>>): ScimUser;
  deleteUser(id: string): void;
  createGroup(body: Record<string, unknown>): ScimGroup;
  updateGroup(id: string, changes: Readonly<Record<string, JsonValue | null>>): ScimGroup;
  deleteGroup(id: string): void;
  addMember(groupId: string, userId: string): void;
  removeMember(groupId: string, userId: string): void;
}

function toOps(changes: Readonly<Record<string, JsonValue | null>>): PatchOp[] {
  const ops = Object.entries(changes).map(([path, value]): PatchOp => (value === null ? { op: 'remove', path, value: undefined } : { op: 'replace', path, value }));
  if (ops.length === 0) throw badRequest('invalidSyntax', 'no changes given');
  return ops;
}

export function createEdits(ctx: HandlerContext): EmulatorEdits {
  const { store } = ctx;
  const base = () => ctx.baseUrl();
  // Console edits may set what SCIM may not (e.g. disable a user while ignoreActive is on), and
  // a missing multi-valued entry is created rather than refused.
  const editPatch = { replaceMissingAsAdd: true };
  return {
    createUser(body) {
      const rec = createUserRecord(ctx, { schemas: [SCHEMA_USER], ...body }, 'manual');
      return asUser(renderUser(rec, base()));
    },
    updateUser(id, changes) {
      const rec = store.getUser(id);
      const { id: _id, meta: _meta, ...attrs } = rec.doc;
      const patched = patchUser(attrs, toOps(changes), { schema: ctx.schemas.user, id, ...editPatch });
      if (patched.password !== undefined) throw badRequest('invalidPath', 'passwords cannot be edited here');
      const prepared = prepareUser(ctx, patched.attrs);
      if (typeof patched.attrs['active'] === 'boolean') prepared.attrs['active'] = patched.attrs['active'];
      store.replaceUser(id, prepared.attrs, false);
      return asUser(renderUser(rec, base()));
    },
    deleteUser(id) {
      store.deleteUser(id);
    },
    createGroup(body) {
      const rec = createGroupRecord(ctx, { schemas: [SCHEMA_GROUP], ...body }, 'manual');
      return asGroup(renderGroup(rec, base(), store, true));
    },
    updateGroup(id, changes) {
      const rec = store.getGroup(id);
      const { id: _id, meta: _meta, ...attrs } = rec.doc;
      const patched = patchGroup(attrs, rec.members, toOps(changes), { schema: ctx.schemas.group, id, ...editPatch });
      assertUsersExist(ctx, patched.added);
      const { attrs: next } = prepareGroup(ctx, patched.attrs);
      store.replaceGroup(id, next, patched.members);
      return asGroup(renderGroup(rec, base(), store, true));
    },
    deleteGroup(id) {
      store.deleteGroup(id);
    },
    addMember(groupId, userId) {
      store.getUser(userId);
      store.editMembers(groupId, (m) => m.add(userId));
    },
    removeMember(groupId, userId) {
      store.editMembers(groupId, (m) => m.delete(userId));
    },
  };
}

export function snapshotState(ctx: HandlerContext): EmulatorState {
  const { store } = ctx;
  const base = ctx.baseUrl();
  const users = store.userIds().map((id) => asUser(renderUser(store.getUser(id), base)));
  const groups = store.groupIds().map((id) => asGroup(renderGroup(store.getGroup(id), base, store, true)));
  const usersWithPassword = store.userIds().filter((id) => store.getUser(id).hasPassword);
  return { users, groups, usersWithPassword };
}

// Rendered resources are valid SCIM resources (the validator made them so); copies are
// handed out so callers cannot reach into the store.
function asUser(doc: JsonObject): ScimUser {
  return structuredClone(doc) as unknown as ScimUser;
}

function asGroup(doc: JsonObject): ScimGroup {
  return structuredClone(doc) as unknown as ScimGroup;
}
