import { SCHEMA_ENTERPRISE_USER } from '../domain/scim.js';
import { ENTERPRISE_ATTRIBUTES, SECTION_SCHEMA, coreAttributes, type AttributeDef, type Section } from './attributes.js';
import type { RuleOutcome } from './evaluate.js';
import type { Scalar } from './values.js';

/** Which rule produced one attribute of the body (or why an attribute was left out). */
export interface AttributeTrace {
  /** The attribute as written in the mapping, e.g. `emails[type eq "work"].value`. */
  readonly attribute: string;
  /** `mapping.yaml:12`, or `implicit` for what the mapper adds itself (`primary`). */
  readonly rule: string;
  readonly value?: Scalar;
  /** Why it is not in the body, for attributes that are not. */
  readonly omitted?: string;
}

export interface BuiltBody {
  readonly body: Record<string, unknown>;
  readonly sent: readonly AttributeTrace[];
  readonly omitted: readonly AttributeTrace[];
}

interface Slot {
  readonly value: Scalar;
  readonly ref: string;
}

/** One entry of a multi-valued attribute, e.g. the `work` email, as its rules filled it. */
interface Entry {
  readonly type: string;
  readonly subs: Map<string, Slot>;
  /** Rules that wrote to this entry, for traces when the entry is dropped. */
  readonly refs: { attribute: string; rule: string }[];
}

/** The attributes of one schema (core or an extension container) gathered from rule outcomes. */
class Container {
  readonly simple = new Map<string, Slot>();
  readonly complex = new Map<string, Map<string, Slot>>();
  readonly multi = new Map<string, Map<string, Entry>>();
}

export const IMPLICIT = 'implicit';

/**
 * Assemble the SCIM body from rule outcomes (in file order): the right `schemas`, keys in the
 * catalogue's order, multi-valued entries with their `type` and exactly one implicit `primary`
 * unless rules set it, no empty values, and extension containers only when something is in them.
 */
export function buildBody(section: Section, outcomes: readonly RuleOutcome[]): BuiltBody {
  const core = new Container();
  const extensions = new Map<string, Container>();
  const omitted: AttributeTrace[] = [];
  const sent: AttributeTrace[] = [];

  for (const o of outcomes) {
    const t = o.rule.target;
    if (o.value === undefined) {
      omitted.push({ attribute: t.canonical, rule: o.rule.ref, omitted: 'empty' });
      continue;
    }
    const slot: Slot = { value: o.value, ref: o.rule.ref };
    let c = core;
    if (t.extension !== undefined) {
      c = extensions.get(t.extension) ?? new Container();
      extensions.set(t.extension, c);
    }
    if (t.type !== undefined && t.sub !== undefined) {
      const entries = c.multi.get(t.attribute) ?? new Map<string, Entry>();
      c.multi.set(t.attribute, entries);
      const entry = entries.get(t.type) ?? { type: t.type, subs: new Map<string, Slot>(), refs: [] };
      entries.set(t.type, entry);
      entry.subs.set(t.sub, slot);
      entry.refs.push({ attribute: t.canonical, rule: o.rule.ref });
    } else if (t.sub !== undefined) {
      const subs = c.complex.get(t.attribute) ?? new Map<string, Slot>();
      c.complex.set(t.attribute, subs);
      subs.set(t.sub, slot);
    } else {
      c.simple.set(t.attribute, slot);
    }
  }

  const body: Record<string, unknown> = { schemas: [SECTION_SCHEMA[section]] };
  write(body, core, coreAttributes(section), '', sent, omitted);
  const schemas = [SECTION_SCHEMA[section]];
  // Enterprise first, then custom namespaces by name: a fixed order, so equal input hashes equal.
  const urns = [...extensions.keys()].sort((a, b) => (a === SCHEMA_ENTERPRISE_USER ? -1 : b === SCHEMA_ENTERPRISE_USER ? 1 : a < b ? -1 : 1));
  for (const urn of urns) {
    const container = extensions.get(urn);
    if (!container) continue;
    const defs = urn === SCHEMA_ENTERPRISE_USER ? ENTERPRISE_ATTRIBUTES : customDefs(container);
    const out: Record<string, unknown> = {};
    write(out, container, defs, `${urn}:`, sent, omitted);
    if (Object.keys(out).length > 0) {
      body[urn] = out;
      schemas.push(urn);
    }
  }
  body['schemas'] = schemas;
  return { body, sent, omitted };
}

/** Custom fields have no catalogue: they are simple values, listed by name. */
function customDefs(c: Container): AttributeDef[] {
  return [...c.simple.keys()].sort().map((name) => ({ kind: 'simple', name, type: 'scalar' }));
}

function write(out: Record<string, unknown>, c: Container, defs: readonly AttributeDef[], prefix: string, sent: AttributeTrace[], omitted: AttributeTrace[]): void {
  for (const def of defs) {
    if (def.kind === 'simple') {
      const s = c.simple.get(def.name);
      if (s) {
        out[def.name] = s.value;
        sent.push({ attribute: `${prefix}${def.name}`, rule: s.ref, value: s.value });
      }
    } else if (def.kind === 'complex') {
      const subs = c.complex.get(def.name);
      if (!subs) continue;
      const obj: Record<string, Scalar> = {};
      for (const sub of def.subs) {
        const s = subs.get(sub.name);
        if (!s) continue;
        obj[sub.name] = s.value;
        sent.push({ attribute: `${prefix}${def.name}.${sub.name}`, rule: s.ref, value: s.value });
      }
      if (Object.keys(obj).length > 0) out[def.name] = obj;
    } else if (def.kind === 'multi') {
      const entries = c.multi.get(def.name);
      if (!entries) continue;
      const list = multiValued(def, [...entries.values()], prefix, sent, omitted);
      if (list.length > 0) out[def.name] = list;
    }
  }
}

function multiValued(
  def: Extract<AttributeDef, { kind: 'multi' }>,
  entries: readonly Entry[],
  prefix: string,
  sent: AttributeTrace[],
  omitted: AttributeTrace[],
): Record<string, Scalar>[] {
  const present: Entry[] = [];
  for (const e of entries) {
    if (def.presentWhen.some((s) => e.subs.has(s))) present.push(e);
    else for (const r of e.refs) omitted.push({ ...r, omitted: `the ${def.name} entry of type "${e.type}" has no ${def.presentWhen.join('/')} and is not sent` });
  }
  const explicitTrue = present.some((e) => e.subs.get('primary')?.value === true);
  const implicitPrimary = explicitTrue ? undefined : present.find((e) => !e.subs.has('primary'));
  const ordered = [...present].sort((a, b) => Number(isPrimary(b, implicitPrimary)) - Number(isPrimary(a, implicitPrimary)));
  return ordered.map((e) => {
    const head = `${prefix}${def.name}[type eq ${JSON.stringify(e.type)}]`;
    const obj: Record<string, Scalar> = {};
    for (const sub of def.subs) {
      if (sub.name === 'type') {
        obj['type'] = e.type;
        continue;
      }
      if (sub.name === 'primary' && e === implicitPrimary) {
        obj['primary'] = true;
        sent.push({ attribute: `${head}.primary`, rule: IMPLICIT, value: true });
        continue;
      }
      const s = e.subs.get(sub.name);
      if (!s) continue;
      obj[sub.name] = s.value;
      sent.push({ attribute: `${head}.${sub.name}`, rule: s.ref, value: s.value });
    }
    return obj;
  });
}

function isPrimary(e: Entry, implicit: Entry | undefined): boolean {
  return e === implicit || e.subs.get('primary')?.value === true;
}
