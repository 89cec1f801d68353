import type { TargetRef } from '../domain/decide.js';
import type { TargetDirectory } from '../domain/ports.js';

/**
 * Every IDaaS user, read once in pages of 100, indexed for matching unlinked Okta users.
 * On an initial migration this replaces one lookup per user (Okta's connector sends a GET
 * filter before every POST), so a created user costs ~1.01 requests instead of 2.
 */
export class TargetUserIndex {
  private readonly byUserName = new Map<string, TargetRef[]>();
  private readonly byExternalId = new Map<string, TargetRef[]>();
  pages = 0;
  size = 0;

  static async load(target: TargetDirectory): Promise<TargetUserIndex> {
    const index = new TargetUserIndex();
    for await (const page of target.listUsers()) {
      index.pages++;
      for (const u of page) {
        index.add({
          id: u.id,
          userName: u.userName,
          ...(u.externalId !== undefined ? { externalId: u.externalId } : {}),
          ...(u.active !== undefined ? { active: u.active } : {}),
        });
      }
    }
    return index;
  }

  add(ref: TargetRef): void {
    this.size++;
    push(this.byUserName, ref.userName.toLowerCase(), ref);
    if (ref.externalId) push(this.byExternalId, ref.externalId, ref);
  }

  /** IDaaS users that could be this Okta user: same externalId (its Okta id) or same userName, case-insensitively. */
  candidates(oktaId: string, userName: string): TargetRef[] {
    const out = new Map<string, TargetRef>();
    for (const r of this.byExternalId.get(oktaId) ?? []) out.set(r.id, r);
    for (const r of this.byUserName.get(userName.toLowerCase()) ?? []) {
      // An account whose externalId names a different Okta user is that user's, not a match.
      if (r.externalId && r.externalId !== oktaId && /^00u/.test(r.externalId)) continue;
      out.set(r.id, r);
    }
    return [...out.values()];
  }
}

export interface GroupRef {
  readonly id: string;
  readonly displayName: string;
  readonly externalId?: string;
}

/** Every IDaaS group (the list omits members), indexed by externalId and display name. */
export class TargetGroupIndex {
  private readonly byName = new Map<string, GroupRef[]>();
  private readonly byExternalId = new Map<string, GroupRef[]>();

  static async load(target: TargetDirectory): Promise<TargetGroupIndex> {
    const index = new TargetGroupIndex();
    for await (const page of target.listGroups()) for (const g of page) index.add(g);
    return index;
  }

  add(g: { readonly id: string; readonly displayName: string; readonly externalId?: string | undefined }): void {
    const ref: GroupRef = { id: g.id, displayName: g.displayName, ...(g.externalId !== undefined ? { externalId: g.externalId } : {}) };
    if (this.byName.get(g.displayName.toLowerCase())?.some((r) => r.id === g.id)) return;
    push(this.byName, g.displayName.toLowerCase(), ref);
    if (g.externalId) push(this.byExternalId, g.externalId, ref);
  }

  candidates(oktaId: string, displayName: string): GroupRef[] {
    const out = new Map<string, GroupRef>();
    for (const r of this.byExternalId.get(oktaId) ?? []) out.set(r.id, r);
    for (const r of this.byName.get(displayName.toLowerCase()) ?? []) {
      if (r.externalId && r.externalId !== oktaId && /^00g/.test(r.externalId)) continue;
      out.set(r.id, r);
    }
    return [...out.values()];
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
