import { canonicalJson } from '../domain/canonical-json.js';
import type { Section } from './attributes.js';
import type { CompiledMapping, RuleInfo } from './compiled-mapping.js';

export interface SectionDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  /** Same rules in another order (order decides which multi-valued entry is primary). */
  readonly reordered: boolean;
}

export interface MappingDiff {
  readonly user: SectionDiff;
  readonly group: SectionDiff;
  readonly namespace: { readonly from: string; readonly to: string } | undefined;
  /** True when the two map every record identically (equal hashes). */
  readonly same: boolean;
}

/** What changed between two compiled mappings, by target attribute. */
export function diffMappings(before: CompiledMapping, after: CompiledMapping): MappingDiff {
  const section = (s: Section): SectionDiff => diffRules(before.rules[s], after.rules[s]);
  return {
    user: section('user'),
    group: section('group'),
    namespace:
      before.customFieldNamespace === after.customFieldNamespace ? undefined : { from: before.customFieldNamespace, to: after.customFieldNamespace },
    same: before.hash === after.hash,
  };
}

function diffRules(a: readonly RuleInfo[], b: readonly RuleInfo[]): SectionDiff {
  const before = new Map(a.map((r) => [r.attribute, canonicalJson(r.spec)]));
  const after = new Map(b.map((r) => [r.attribute, canonicalJson(r.spec)]));
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const changed = [...after.keys()].filter((k) => before.has(k) && before.get(k) !== after.get(k));
  const common = (xs: readonly RuleInfo[], other: Map<string, string>): string[] => xs.map((r) => r.attribute).filter((k) => other.has(k));
  const reordered = common(a, after).join('\n') !== common(b, before).join('\n');
  return { added, removed, changed, reordered };
}

/** `user: +title ~displayName -nickName; group: unchanged` — one line for a log. */
export function formatMappingDiff(d: MappingDiff): string {
  if (d.same) return 'no effective change';
  const part = (name: string, s: SectionDiff): string => {
    const items = [...s.added.map((x) => `+${x}`), ...s.changed.map((x) => `~${x}`), ...s.removed.map((x) => `-${x}`)];
    if (s.reordered) items.push('(rules reordered)');
    return `${name}: ${items.length ? items.join(' ') : 'unchanged'}`;
  };
  const parts = [part('user', d.user), part('group', d.group)];
  if (d.namespace) parts.push(`custom-field namespace ${d.namespace.from} → ${d.namespace.to}`);
  return parts.join('; ');
}
