import type { OktaConfig } from './create-client.js';

type Selector = OktaConfig['groups'][number];

/**
 * Which groups are pushed (`okta.groups`): by exact name, by id, or by a regular expression
 * on the name (unanchored unless the pattern anchors itself, e.g. `^idaas-`). Names are
 * compared exactly, as Okta shows them.
 */
export class GroupSelection {
  private readonly names = new Set<string>();
  private readonly ids = new Set<string>();
  private readonly patterns: RegExp[] = [];

  constructor(selectors: readonly Selector[]) {
    for (const s of selectors) {
      if ('name' in s) this.names.add(s.name);
      else if ('id' in s) this.ids.add(s.id);
      else this.patterns.push(new RegExp(s.pattern));
    }
  }

  get isEmpty(): boolean {
    return this.names.size === 0 && this.ids.size === 0 && this.patterns.length === 0;
  }

  selects(group: { id: string; name: string | undefined }): boolean {
    if (this.ids.has(group.id)) return true;
    if (group.name === undefined) return false;
    if (this.names.has(group.name)) return true;
    return this.patterns.some((p) => p.test(group.name as string));
  }
}
