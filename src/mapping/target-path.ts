import { parse as parseFilter } from 'scim2-parse-filter';
import { closest } from '../config/suggest.js';
import { SCHEMA_ENTERPRISE_USER } from '../domain/scim.js';
import {
  ATTRIBUTE_NAME,
  ENTERPRISE_ATTRIBUTES,
  SECTION_SCHEMA,
  coreAttributes,
  type AttributeDef,
  type Section,
  type ValueType,
} from './attributes.js';

/**
 * A rule's key: which SCIM attribute it writes, written as in RFC 7644 —
 * `userName`, `name.givenName`, `emails[type eq "work"].value`, or with the schema URN in front
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`).
 */
export interface TargetPath {
  /** `undefined` for the core schema; else the extension URN whose container holds it. */
  readonly extension: string | undefined;
  readonly attribute: string;
  /** For multi-valued attributes: the `type` the filter selects. */
  readonly type: string | undefined;
  readonly sub: string | undefined;
  readonly valueType: ValueType;
  /** One spelling per attribute (filter spacing and URN-qualified core names normalised). */
  readonly canonical: string;
}

export type TargetResult = { readonly ok: true; readonly target: TargetPath } | { readonly ok: false; readonly message: string; readonly hint?: string };

export interface TargetContext {
  readonly section: Section;
  readonly customFieldNamespace: string;
}

const fail = (message: string, hint?: string): TargetResult => ({ ok: false, message, ...(hint ? { hint } : {}) });

export function parseTargetPath(text: string, ctx: TargetContext): TargetResult {
  if (text.trim() !== text || text === '') return fail('an attribute path must not be empty or start/end with spaces');
  if (text.startsWith('urn:')) return parseQualified(text, ctx);
  return parseCore(text, coreAttributes(ctx.section), undefined, ctx);
}

function parseQualified(text: string, ctx: TargetContext): TargetResult {
  if ([SECTION_SCHEMA[ctx.section], SCHEMA_ENTERPRISE_USER, ctx.customFieldNamespace].includes(text)) {
    return fail(`"${text}" names a schema but no attribute; write ${text}:ATTRIBUTE`);
  }
  const bracket = text.indexOf('[');
  const head = bracket === -1 ? text : text.slice(0, bracket);
  const cut = head.lastIndexOf(':');
  const urn = text.slice(0, cut);
  const rest = text.slice(cut + 1);
  if (rest === '') return fail(`"${text}" names a schema but no attribute; write ${urn}:ATTRIBUTE`);

  const coreUrn = SECTION_SCHEMA[ctx.section];
  if (urn === coreUrn) return parseCore(rest, coreAttributes(ctx.section), undefined, ctx);
  if (ctx.section === 'group') {
    return fail(`groups take core attributes only (displayName, externalId); "${urn}" cannot be mapped for a group`);
  }
  if (urn === SCHEMA_ENTERPRISE_USER) return parseCore(rest, ENTERPRISE_ATTRIBUTES, SCHEMA_ENTERPRISE_USER, ctx);
  if (urn === ctx.customFieldNamespace) return parseCustomField(rest, urn);

  const ns = ctx.customFieldNamespace;
  const near = closest(urn, [coreUrn, SCHEMA_ENTERPRISE_USER, ns]);
  const looksCustom = /customfield/i.test(urn) || near === ns;
  if (looksCustom) {
    return fail(
      `custom-field namespace "${urn}" differs from idaas.customFieldNamespace "${ns}"`,
      `write ${ns}:${rest}, or set idaas.customFieldNamespace to the namespace of the IDaaS app`,
    );
  }
  if (near !== undefined) return fail(`unknown schema URN "${urn}"`, `did you mean "${near}:${rest}"?`);
  return fail(
    `unknown schema extension "${urn}"; only the enterprise extension (${SCHEMA_ENTERPRISE_USER}) and idaas.customFieldNamespace (${ns}) can be mapped`,
  );
}

function parseCustomField(name: string, urn: string): TargetResult {
  if (!ATTRIBUTE_NAME.test(name)) {
    const simple = /^[A-Za-z][A-Za-z0-9_-]*/.exec(name)?.[0];
    return fail(
      `"${name}" is not a custom field id; IDaaS extended fields are single values named with letters, digits, _ and -`,
      simple ? `did you mean "${urn}:${simple}"?` : undefined,
    );
  }
  return { ok: true, target: { extension: urn, attribute: name, type: undefined, sub: undefined, valueType: 'scalar', canonical: `${urn}:${name}` } };
}

interface Pieces {
  readonly name: string;
  readonly filter: string | undefined;
  readonly sub: string | undefined;
}

/** `name`, `name.sub`, `name[filter]`, `name[filter].sub` — or why the text is none of them. */
function split(text: string): Pieces | string {
  const m = /^[A-Za-z$][A-Za-z0-9_$-]*/.exec(text);
  if (!m) return `"${text}" is not an attribute path (an attribute name starts with a letter)`;
  const name = m[0];
  let i = name.length;
  let filter: string | undefined;
  if (text[i] === '[') {
    let inString = false;
    let j = i + 1;
    for (; j < text.length; j++) {
      const c = text[j];
      if (inString && c === '\\') j++;
      else if (c === '"') inString = !inString;
      else if (!inString && c === ']') break;
    }
    if (j >= text.length) return `the filter in "${text}" has no closing ]`;
    filter = text.slice(i + 1, j);
    i = j + 1;
  }
  let sub: string | undefined;
  if (text[i] === '.') {
    const s = /^\$?[A-Za-z][A-Za-z0-9_-]*$/.exec(text.slice(i + 1));
    if (!s) return `"${text.slice(i + 1)}" is not a sub-attribute name (sub-attributes cannot be nested further)`;
    sub = s[0];
    i = text.length;
  }
  if (i !== text.length) return `unexpected "${text.slice(i)}" in "${text}"`;
  return { name, filter, sub };
}

function parseCore(text: string, defs: readonly AttributeDef[], extension: string | undefined, ctx: TargetContext): TargetResult {
  const pieces = split(text);
  if (typeof pieces === 'string') return fail(pieces);
  const { name, filter, sub } = pieces;
  const prefix = extension ? `${extension}:` : '';
  const def = defs.find((d) => d.name === name);
  if (!def) {
    const near = closest(name, defs.filter((d) => d.kind !== 'forbidden').map((d) => d.name));
    const where = extension ? 'the enterprise extension' : `the SCIM ${ctx.section === 'user' ? 'User' : 'Group'} schema`;
    const tail = filter !== undefined ? `[${filter}]` : '';
    const extra = !extension && ctx.section === 'user' ? `; custom fields are written ${ctx.customFieldNamespace}:FIELD` : '';
    return fail(
      `"${name}" is not an attribute of ${where}${extra}`,
      near ? `did you mean "${prefix}${near}${tail}${sub ? `.${sub}` : ''}"?` : undefined,
    );
  }
  switch (def.kind) {
    case 'forbidden':
      return fail(def.why);
    case 'simple':
      if (filter !== undefined) return fail(`${name} holds a single value; it takes no [filter]`);
      if (sub !== undefined) return fail(`${name} has no sub-attributes`, `write ${prefix}${name}`);
      return ok(extension, name, undefined, undefined, def.type, `${prefix}${name}`);
    case 'complex': {
      if (filter !== undefined) return fail(`${name} holds a single value; it takes no [filter]`);
      const allowed = def.subs.filter((s) => !s.forbidden).map((s) => s.name);
      if (sub === undefined) {
        return fail(`${name} is made of sub-attributes (${allowed.join(', ')}); map each one`, `e.g. ${prefix}${name}.${allowed[0] ?? ''}`);
      }
      const s = def.subs.find((x) => x.name === sub);
      if (!s) {
        const near = closest(sub, allowed);
        return fail(`${name} has no sub-attribute "${sub}"; it has ${allowed.join(', ')}`, near ? `did you mean "${prefix}${name}.${near}"?` : undefined);
      }
      if (s.forbidden) return fail(s.forbidden);
      return ok(extension, name, undefined, sub, s.type, `${prefix}${name}.${sub}`);
    }
    case 'multi': {
      const example = `${prefix}${name}[type eq "${def.exampleType}"].${sub ?? def.presentWhen[0] ?? 'value'}`;
      if (filter === undefined) {
        return fail(`${name} holds several values; select one by type with a filter`, `e.g. ${example}`);
      }
      const type = typeFilter(filter);
      if (typeof type !== 'string' || type === '') {
        return fail(
          `only a filter of the form [type eq "…"] is supported here${typeof type === 'object' ? ` (${type.error})` : ''}`,
          `e.g. ${example}`,
        );
      }
      const allowed = def.subs.filter((s) => !s.forbidden).map((s) => s.name);
      const head = `${prefix}${name}[type eq ${JSON.stringify(type)}]`;
      if (sub === undefined) return fail(`say which part of the ${name} entry to write (${allowed.join(', ')})`, `e.g. ${head}.${def.presentWhen[0] ?? 'value'}`);
      const s = def.subs.find((x) => x.name === sub);
      if (!s) {
        const near = closest(sub, allowed);
        return fail(`a ${name} entry has no "${sub}"; it has ${allowed.join(', ')}`, near ? `did you mean "${head}.${near}"?` : undefined);
      }
      if (s.forbidden) return fail(s.forbidden);
      return ok(extension, name, type, sub, s.type, `${head}.${sub}`);
    }
  }
}

/** The `type` a `type eq "…"` filter selects, or what is wrong with the filter. */
function typeFilter(filter: string): string | { error: string } | undefined {
  let ast: ReturnType<typeof parseFilter>;
  try {
    ast = parseFilter(filter);
  } catch (err) {
    return { error: `cannot parse: ${(err as Error).message}` };
  }
  if (ast.op !== 'eq' || !('attrPath' in ast) || ast.attrPath !== 'type') return undefined;
  const value = (ast as { compValue: unknown }).compValue;
  return typeof value === 'string' ? value : undefined;
}

function ok(
  extension: string | undefined,
  attribute: string,
  type: string | undefined,
  sub: string | undefined,
  valueType: ValueType,
  canonical: string,
): TargetResult {
  return { ok: true, target: { extension, attribute, type, sub, valueType, canonical } };
}
