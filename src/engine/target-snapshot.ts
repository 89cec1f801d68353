import pLimit from 'p-limit';
import { NotFoundError } from '../domain/errors.js';
import type { TargetDirectory } from '../domain/ports.js';
import { hasOktaMarker, type TargetResource } from '../domain/reconcile.js';
import type { ScimGroup } from '../domain/scim.js';

interface StoredUser {
  readonly id: string;
  readonly userName: string;
  readonly externalId?: string;
  /** The resource as canonical JSON text: about half the memory of the parsed object. */
  readonly text: string;
}

export interface SnapshotGroup {
  readonly id: string;
  readonly displayName: string;
  readonly externalId?: string;
  readonly attrs: Readonly<Record<string, unknown>>;
  /** SCIM ids of its members (GET /Groups/{id}; the list omits them). */
  readonly members: readonly string[];
}

/**
 * Everything IDaaS holds, read once for a reconcile: every user and group in pages of 100, and
 * each group's members (one GET per group). Users are kept as text and parsed only when a pair
 * is compared, so 100 000 accounts cost tens of megabytes, not hundreds.
 */
export class TargetSnapshot {
  private readonly users = new Map<string, StoredUser>();
  private readonly usersByExternalId = new Map<string, string[]>();
  private readonly usersByName = new Map<string, string[]>();
  readonly groups = new Map<string, SnapshotGroup>();
  private readonly groupsByExternalId = new Map<string, string[]>();
  private readonly groupsByName = new Map<string, string[]>();
  private readonly groupNamesOfUser = new Map<string, string[]>();

  /** `concurrency`: member reads in flight at once (the global IDaaS rate limit still applies). */
  static async load(target: TargetDirectory, concurrency: number): Promise<TargetSnapshot> {
    const snap = new TargetSnapshot();
    const limit = pLimit(Math.max(1, concurrency));
    for await (const page of target.listUsers()) {
      for (const u of page) {
        const { id, userName, externalId } = u;
        snap.users.set(id, { id, userName, ...(typeof externalId === 'string' ? { externalId } : {}), text: JSON.stringify(u) });
        if (typeof externalId === 'string' && externalId) push(snap.usersByExternalId, externalId, id);
        push(snap.usersByName, userName.toLowerCase(), id);
      }
    }
    const withMembers = (id: string): Promise<ScimGroup | undefined> =>
      target.getGroup(id).catch((err: unknown) => {
        if (err instanceof NotFoundError) return undefined; // deleted since it was listed
        throw err;
      });
    for await (const page of target.listGroups()) {
      const fulls = await Promise.all(page.map((listed) => limit(() => withMembers(listed.id))));
      for (const full of fulls) {
        if (!full) continue;
        const { members, ...attrs } = full;
        const group: SnapshotGroup = {
          id: full.id,
          displayName: full.displayName,
          ...(typeof full.externalId === 'string' ? { externalId: full.externalId } : {}),
          attrs,
          members: (members ?? []).map((m) => m.value),
        };
        snap.groups.set(group.id, group);
        if (group.externalId) push(snap.groupsByExternalId, group.externalId, group.id);
        push(snap.groupsByName, group.displayName.toLowerCase(), group.id);
        for (const m of group.members) push(snap.groupNamesOfUser, m, group.displayName);
      }
    }
    return snap;
  }

  get userCount(): number {
    return this.users.size;
  }

  userIds(): IterableIterator<string> {
    return this.users.keys();
  }

  user(id: string): TargetResource | undefined {
    const u = this.users.get(id);
    return u ? { id, attrs: JSON.parse(u.text) as Record<string, unknown> } : undefined;
  }

  userRef(id: string): { readonly id: string; readonly userName: string; readonly externalId?: string } | undefined {
    return this.users.get(id);
  }

  /** Display names of the IDaaS groups a user belongs to (what an admin must clean up by hand). */
  groupsOf(scimUserId: string): readonly string[] {
    return this.groupNamesOfUser.get(scimUserId) ?? [];
  }

  /**
   * IDaaS users that could be this unlinked Okta user: the same externalId (its Okta id), or the
   * same userName, case-insensitively — except accounts linked to, or marked with, another
   * Okta user (`taken` says whether a SCIM id is linked to someone else).
   */
  userCandidates(oktaId: string, userName: string, taken: (scimId: string) => boolean): TargetResource[] {
    const ids = matchIds('user', oktaId, this.usersByExternalId.get(oktaId), this.usersByName.get(userName.toLowerCase()), (id) => this.users.get(id)?.externalId, taken);
    return ids.flatMap((id) => {
      const r = this.user(id);
      return r ? [r] : [];
    });
  }

  /** Users and groups that carry this Okta id as externalId. */
  idsWithExternalId(kind: 'user' | 'group', oktaId: string): readonly string[] {
    return (kind === 'user' ? this.usersByExternalId : this.groupsByExternalId).get(oktaId) ?? [];
  }

  /** The same for a group: externalId, then display name. */
  groupCandidates(oktaId: string, displayName: string, taken: (scimId: string) => boolean): TargetResource[] {
    const ids = matchIds('group', oktaId, this.groupsByExternalId.get(oktaId), this.groupsByName.get(displayName.toLowerCase()), (id) => this.groups.get(id)?.externalId, taken);
    return ids.flatMap((id) => {
      const g = this.groups.get(id);
      return g ? [{ id, attrs: g.attrs }] : [];
    });
  }
}

/** Matches by externalId, then by name unless the resource carries another Okta object's id. */
function matchIds(
  kind: 'user' | 'group',
  oktaId: string,
  byExternalId: readonly string[] | undefined,
  byName: readonly string[] | undefined,
  externalIdOf: (id: string) => string | undefined,
  taken: (scimId: string) => boolean,
): string[] {
  const ids = new Set<string>();
  for (const id of byExternalId ?? []) if (!taken(id)) ids.add(id);
  for (const id of byName ?? []) {
    const ext = externalIdOf(id);
    if (taken(id) || (ext !== oktaId && hasOktaMarker(ext, kind))) continue;
    ids.add(id);
  }
  return [...ids];
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
