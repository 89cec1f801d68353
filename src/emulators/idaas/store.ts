import { randomUUID } from 'node:crypto';
import type { JsonObject, JsonValue } from '../../domain/scim.js';
import { conflict, notFound } from './scim-error.js';

/** Where a resource came from, shown like the IDaaS console's "Source" column. */
export type Source = 'SCIM Import' | 'manual';

export interface UserRecord {
  readonly id: string;
  /** Canonical attributes plus `id`, `schemas` and `meta` (without `location`, which depends on the base URL). */
  doc: JsonObject;
  hasPassword: boolean;
}

export interface GroupRecord {
  readonly id: string;
  /** Canonical attributes without members. */
  doc: JsonObject;
  /** Member user ids in the order they were added. */
  members: Set<string>;
}

/**
 * The emulator's data: Maps keyed by id plus the indexes IDaaS must have to be fast at 100k
 * users (lower-cased userName, externalId, lower-cased group name, user → groups). The list
 * order is insertion order, cached as an array so a page is a slice, not a scan.
 */
export class Store {
  readonly users = new Map<string, UserRecord>();
  readonly groups = new Map<string, GroupRecord>();
  private readonly userByName = new Map<string, string>();
  private readonly usersByExternalId = new Map<string, Set<string>>();
  private readonly groupByName = new Map<string, string>();
  private readonly groupsByExternalId = new Map<string, Set<string>>();
  private readonly groupsOfUser = new Map<string, Set<string>>();
  private userOrder: string[] | null = [];
  private groupOrder: string[] | null = [];
  private seq = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  // ---- users --------------------------------------------------------------------------------

  getUser(id: string): UserRecord {
    const u = this.users.get(id);
    if (!u) throw notFound(`User ${id} not found`);
    return u;
  }

  userIdByName(userName: string): string | undefined {
    return this.userByName.get(userName.toLowerCase());
  }

  userIdsByExternalId(externalId: string): readonly string[] {
    return [...(this.usersByExternalId.get(externalId) ?? [])];
  }

  createUser(attrs: JsonObject, source: Source, hasPassword: boolean): UserRecord {
    const userName = text(attrs['userName']);
    this.assertUserNameFree(userName, undefined);
    const id = `user_${randomUUID().replaceAll('-', '')}`;
    const rec: UserRecord = { id, doc: this.stamp(id, attrs, 'User', source, undefined), hasPassword };
    this.users.set(id, rec);
    this.indexUser(rec);
    this.userOrder?.push(id);
    return rec;
  }

  replaceUser(id: string, attrs: JsonObject, passwordSet: boolean): UserRecord {
    const rec = this.getUser(id);
    this.assertUserNameFree(text(attrs['userName']), id);
    this.unindexUser(rec);
    rec.doc = this.stamp(id, attrs, 'User', sourceOf(rec.doc), rec.doc);
    if (passwordSet) rec.hasPassword = true;
    this.indexUser(rec);
    return rec;
  }

  deleteUser(id: string): void {
    const rec = this.getUser(id);
    this.unindexUser(rec);
    this.users.delete(id);
    this.userOrder = null;
    for (const gid of this.groupsOfUser.get(id) ?? []) {
      const g = this.groups.get(gid);
      if (g && g.members.delete(id)) this.touch(g);
    }
    this.groupsOfUser.delete(id);
  }

  /** User ids in list order (stable: creation order). */
  userIds(): readonly string[] {
    this.userOrder ??= [...this.users.keys()];
    return this.userOrder;
  }

  groupIdsOfUser(id: string): readonly string[] {
    return [...(this.groupsOfUser.get(id) ?? [])];
  }

  // ---- groups -------------------------------------------------------------------------------

  getGroup(id: string): GroupRecord {
    const g = this.groups.get(id);
    if (!g) throw notFound(`Group ${id} not found`);
    return g;
  }

  groupIdByName(name: string): string | undefined {
    return this.groupByName.get(name.toLowerCase());
  }

  groupIdsByExternalId(externalId: string): readonly string[] {
    return [...(this.groupsByExternalId.get(externalId) ?? [])];
  }

  createGroup(attrs: JsonObject, members: Iterable<string>, source: Source): GroupRecord {
    this.assertGroupNameFree(text(attrs['displayName']), undefined);
    const id = `group_${randomUUID().replaceAll('-', '')}`;
    const rec: GroupRecord = { id, doc: this.stamp(id, attrs, 'Group', source, undefined), members: new Set() };
    this.groups.set(id, rec);
    this.indexGroup(rec);
    this.setMembers(rec, members);
    this.groupOrder?.push(id);
    return rec;
  }

  replaceGroup(id: string, attrs: JsonObject, members: Iterable<string>): GroupRecord {
    const rec = this.getGroup(id);
    this.assertGroupNameFree(text(attrs['displayName']), id);
    this.unindexGroup(rec);
    rec.doc = this.stamp(id, attrs, 'Group', sourceOf(rec.doc), rec.doc);
    this.indexGroup(rec);
    this.setMembers(rec, members);
    return rec;
  }

  deleteGroup(id: string): void {
    const rec = this.getGroup(id);
    this.unindexGroup(rec);
    this.setMembers(rec, []);
    this.groups.delete(id);
    this.groupOrder = null;
  }

  /** Membership edit outside SCIM (console drift); bumps the group's version. */
  editMembers(id: string, change: (members: Set<string>) => void): GroupRecord {
    const rec = this.getGroup(id);
    const next = new Set(rec.members);
    change(next);
    this.setMembers(rec, next);
    this.touch(rec);
    return rec;
  }

  groupIds(): readonly string[] {
    this.groupOrder ??= [...this.groups.keys()];
    return this.groupOrder;
  }

  clear(): void {
    for (const m of [this.users, this.groups, this.userByName, this.usersByExternalId, this.groupByName, this.groupsByExternalId, this.groupsOfUser]) m.clear();
    this.userOrder = [];
    this.groupOrder = [];
  }

  // ---- internals ----------------------------------------------------------------------------

  /** Adds id, meta and a fresh version; the version changes on every write (it is also the ETag). */
  private stamp(id: string, attrs: JsonObject, resourceType: 'User' | 'Group', source: Source, previous: JsonObject | undefined): JsonObject {
    const now = this.now().toISOString();
    const prevMeta = previous?.['meta'] as JsonObject | undefined;
    const { schemas, ...rest } = attrs;
    return {
      schemas: schemas ?? [],
      id,
      ...rest,
      meta: {
        resourceType,
        created: (prevMeta?.['created'] as string | undefined) ?? now,
        lastModified: now,
        version: this.nextVersion(),
        source,
      },
    };
  }

  private nextVersion(): string {
    this.seq += 1;
    return `W/"${this.seq}"`;
  }

  private touch(g: GroupRecord): void {
    const meta = g.doc['meta'] as JsonObject;
    g.doc = { ...g.doc, meta: { ...meta, lastModified: this.now().toISOString(), version: this.nextVersion() } };
  }

  private setMembers(g: GroupRecord, members: Iterable<string>): void {
    const next = new Set(members);
    for (const uid of g.members) if (!next.has(uid)) this.groupsOfUser.get(uid)?.delete(g.id);
    for (const uid of next) {
      let s = this.groupsOfUser.get(uid);
      if (!s) this.groupsOfUser.set(uid, (s = new Set()));
      s.add(g.id);
    }
    g.members = next;
  }

  private assertUserNameFree(userName: string, self: string | undefined): void {
    const holder = this.userByName.get(userName.toLowerCase());
    if (holder !== undefined && holder !== self) throw conflict(`userName "${userName}" is already used by another user (user names are case-insensitive)`);
  }

  private assertGroupNameFree(name: string, self: string | undefined): void {
    const holder = this.groupByName.get(name.toLowerCase());
    if (holder !== undefined && holder !== self) throw conflict(`a group named "${name}" already exists`);
  }

  private indexUser(u: UserRecord): void {
    this.userByName.set(text(u.doc['userName']).toLowerCase(), u.id);
    addTo(this.usersByExternalId, u.doc['externalId'], u.id);
  }

  private unindexUser(u: UserRecord): void {
    this.userByName.delete(text(u.doc['userName']).toLowerCase());
    removeFrom(this.usersByExternalId, u.doc['externalId'], u.id);
  }

  private indexGroup(g: GroupRecord): void {
    this.groupByName.set(text(g.doc['displayName']).toLowerCase(), g.id);
    addTo(this.groupsByExternalId, g.doc['externalId'], g.id);
  }

  private unindexGroup(g: GroupRecord): void {
    this.groupByName.delete(text(g.doc['displayName']).toLowerCase());
    removeFrom(this.groupsByExternalId, g.doc['externalId'], g.id);
  }
}

export function sourceOf(doc: JsonObject): Source {
  const meta = doc['meta'] as JsonObject | undefined;
  return meta?.['source'] === 'manual' ? 'manual' : 'SCIM Import';
}

function addTo(index: Map<string, Set<string>>, key: unknown, id: string): void {
  if (typeof key !== 'string') return;
  let s = index.get(key);
  if (!s) index.set(key, (s = new Set()));
  s.add(id);
}

function removeFrom(index: Map<string, Set<string>>, key: unknown, id: string): void {
  if (typeof key !== 'string') return;
  const s = index.get(key);
  s?.delete(id);
  if (s && s.size === 0) index.delete(key);
}

/** The string value of an attribute the validator has already checked to be a string. */
export function text(v: JsonValue | undefined): string {
  return typeof v === 'string' ? v : '';
}
