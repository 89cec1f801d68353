import { randomBytes } from 'node:crypto';
import { parse, type Filter } from 'scim2-parse-filter';
import { findAttr, type AttrDef } from './schema-defs.js';
import { ScimHttpError } from './scim-error.js';
import type { ResourceSchema } from './validate-resource.js';

/**
 * SCIM filters (RFC 7644 §3.4.2.2): parsed with scim2-parse-filter, checked against the
 * resource's attribute catalogue, then compiled to a predicate that honours `caseExact`
 * (`userName eq "ALICE"` matches `alice`; the library compares case-sensitively).
 */
export type Predicate = (resource: unknown) => boolean;

/** A filter reduced to `attr eq "value"`, which the store answers from an index. */
export interface SimpleEq {
  readonly attr: string;
  readonly value: string;
}

export interface CompiledFilter {
  readonly test: Predicate;
  readonly simpleEq: SimpleEq | undefined;
  /** True when the filter reads `members` (the store then evaluates groups with their members). */
  readonly readsMembers: boolean;
}

const invalidFilter = (detail: string) => new ScimHttpError(400, detail, 'invalidFilter');

export function compileFilter(text: string, schema: ResourceSchema): CompiledFilter {
  const ast = parseText(text);
  let readsMembers = false;
  const scope: Scope = { schema, defs: schema.core, prefix: '' };
  const test = compile(ast, scope, (attr) => {
    if (attr === 'members') readsMembers = true;
  });
  return { test, simpleEq: simpleEq(ast, schema), readsMembers };
}

// ---- parsing ------------------------------------------------------------------------------

/**
 * The library's tokenizer doubles every backslash before JSON-decoding a quoted value (its
 * fix for raw `domain\user` input), which corrupts correctly escaped JSON strings such as
 * `"a\\b"` or `"\u00e9"`. So quoted values are decoded here, as the RFC's JSON strings, and
 * handed to the library as backslash-free placeholders that are swapped back after parsing.
 */
const PROCESS_NONCE = randomBytes(6).toString('hex');
let parses = 0;

function parseText(text: string): Filter {
  if (text.trim() === '') throw invalidFilter('the filter is empty');
  const nonce = `${PROCESS_NONCE}${(parses++).toString(16)}`;
  const values = new Map<string, string>();
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '"') {
      out += c;
      continue;
    }
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) throw invalidFilter(`unterminated string in filter: ${text}`);
    const literal = text.slice(i, j + 1);
    let value: unknown;
    try {
      value = JSON.parse(literal);
    } catch {
      throw invalidFilter(`${literal} is not a valid JSON string (escape " and \\ with a backslash)`);
    }
    const key = `__oisync_${nonce}_${values.size}__`;
    values.set(key, value as string);
    out += `"${key}"`;
    i = j;
  }
  let ast: Filter;
  try {
    ast = parse(out);
  } catch (err) {
    const message = (err as Error).message.replace(/__oisync_[0-9a-f]+_\d+__/g, (k) => JSON.stringify(values.get(k) ?? k));
    throw invalidFilter(`cannot parse filter ${JSON.stringify(text)}: ${message}`);
  }
  return resolvePlaceholders(ast, values);
}

function resolvePlaceholders(f: Filter, values: ReadonlyMap<string, string>): Filter {
  switch (f.op) {
    case 'and':
    case 'or': {
      const filters = f.filters.map((x) => resolvePlaceholders(x, values));
      // `emails[type eq "work"].value eq "x"` comes back as `emails[type eq "work"] and emails.value eq "x"`,
      // which would match a work email plus any other email "x"; fold it back into the value filter.
      if (f.op === 'and' && filters.length === 2) {
        const [vp, cmp] = filters;
        if (vp?.op === '[]' && cmp && cmp.op !== '[]' && 'attrPath' in cmp && cmp.attrPath.toLowerCase().startsWith(`${vp.attrPath.toLowerCase()}.`)) {
          const sub = { ...cmp, attrPath: cmp.attrPath.slice(vp.attrPath.length + 1) } as Filter;
          return { op: '[]', attrPath: vp.attrPath, valFilter: { op: 'and', filters: [vp.valFilter, sub] } };
        }
      }
      return { op: f.op, filters };
    }
    case 'not':
      return { op: 'not', filter: resolvePlaceholders(f.filter, values) };
    case '[]':
      return { ...f, valFilter: resolvePlaceholders(f.valFilter, values) };
    case 'pr':
      return f;
    default:
      if (typeof f.compValue === 'string' && values.has(f.compValue)) return { ...f, compValue: values.get(f.compValue) ?? '' };
      return f;
  }
}

// ---- compiling ----------------------------------------------------------------------------

interface Scope {
  readonly schema: ResourceSchema;
  /** Attributes visible at this level (core, or a complex attribute's sub-attributes). */
  readonly defs: readonly AttrDef[];
  /** Path of the enclosing multi-valued attribute inside a value filter, for messages. */
  readonly prefix: string;
}

interface ResolvedPath {
  /** Keys to walk from the resource, canonical. */
  readonly keys: readonly string[];
  readonly def: AttrDef;
}

function resolvePath(attrPath: string, scope: Scope, onTop: (attr: string) => void): ResolvedPath {
  const unknown = () => invalidFilter(`unknown attribute "${scope.prefix}${attrPath}" in filter`);
  let defs = scope.defs;
  let rest = attrPath;
  const keys: string[] = [];
  const colon = attrPath.lastIndexOf(':');
  if (colon >= 0) {
    if (scope.prefix) throw unknown();
    const urn = attrPath.slice(0, colon).toLowerCase();
    rest = attrPath.slice(colon + 1);
    if (urn !== scope.schema.coreUrn.toLowerCase()) {
      const ext = scope.schema.extensions.get(urn);
      if (!ext) throw unknown();
      keys.push(ext.urn);
      defs = ext.attrs;
    }
  }
  const parts = rest.split('.');
  if (parts.length > 2 || parts.some((p) => p === '')) throw unknown();
  const top = findAttr(defs, parts[0] ?? '');
  if (!top) throw unknown();
  if (keys.length === 0 && !scope.prefix) onTop(top.name);
  keys.push(top.name);
  let def = top;
  if (parts[1] !== undefined) {
    const sub = findAttr(top.subAttributes ?? [], parts[1]);
    if (!sub) throw unknown();
    keys.push(sub.name);
    def = sub;
  }
  return { keys, def };
}

function compile(f: Filter, scope: Scope, onTop: (attr: string) => void): Predicate {
  switch (f.op) {
    case 'and': {
      const ps = f.filters.map((x) => compile(x, scope, onTop));
      return (r) => ps.every((p) => p(r));
    }
    case 'or': {
      const ps = f.filters.map((x) => compile(x, scope, onTop));
      return (r) => ps.some((p) => p(r));
    }
    case 'not': {
      const p = compile(f.filter, scope, onTop);
      return (r) => !p(r);
    }
    case '[]': {
      const path = resolvePath(f.attrPath, scope, onTop);
      if (path.def.type !== 'complex') throw invalidFilter(`"${f.attrPath}" is not a complex attribute; a value filter needs one`);
      const inner = compile(f.valFilter, { schema: scope.schema, defs: path.def.subAttributes ?? [], prefix: `${f.attrPath}.` }, onTop);
      return (r) => valuesAt(r, path.keys).some((v) => inner(v));
    }
    case 'pr': {
      const path = resolvePath(f.attrPath, scope, onTop);
      return (r) => valuesAt(r, path.keys).some((v) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
    }
    default: {
      const path = resolvePath(f.attrPath, scope, onTop);
      const cmp = comparator(f.op, f.compValue, path.def);
      return (r) => {
        const values = valuesAt(r, path.keys);
        // `ne` holds when no value equals (an absent attribute is "not equal").
        return f.op === 'ne' ? !values.some((v) => cmp(v)) : values.some((v) => cmp(v));
      };
    }
  }
}

/** Every value at `keys`, flattening multi-valued attributes on the way. */
function valuesAt(r: unknown, keys: readonly string[]): unknown[] {
  let current: unknown[] = [r];
  for (const key of keys) {
    const next: unknown[] = [];
    for (const c of current) {
      if (c === null || typeof c !== 'object' || Array.isArray(c)) continue;
      const v = (c as Record<string, unknown>)[key];
      if (v === undefined) continue;
      if (Array.isArray(v)) next.push(...(v as unknown[]));
      else next.push(v);
    }
    current = next;
  }
  return current;
}

type Scalar = string | number | boolean | null;

function comparator(op: string, compValue: Scalar, def: AttrDef): (v: unknown) => boolean {
  const fold = def.type === 'string' && def.caseExact !== true;
  const norm = (x: unknown): unknown => (fold && typeof x === 'string' ? x.toLowerCase() : x);
  const want = norm(compValue);
  switch (op) {
    case 'eq':
    case 'ne':
      return (v) => norm(v) === want;
    case 'co':
      return (v) => typeof v === 'string' && typeof want === 'string' && (norm(v) as string).includes(want);
    case 'sw':
      return (v) => typeof v === 'string' && typeof want === 'string' && (norm(v) as string).startsWith(want);
    case 'ew':
      return (v) => typeof v === 'string' && typeof want === 'string' && (norm(v) as string).endsWith(want);
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      if (typeof want === 'boolean' || want === null) throw invalidFilter(`"${op}" cannot compare with ${String(compValue)}`);
      return (v) => {
        const x = norm(v);
        if (typeof x !== typeof want) return false;
        const a = x as string | number;
        const b = want as string | number;
        return op === 'gt' ? a > b : op === 'ge' ? a >= b : op === 'lt' ? a < b : a <= b;
      };
    }
    default:
      throw invalidFilter(`unsupported operator "${op}"`);
  }
}

function simpleEq(f: Filter, schema: ResourceSchema): SimpleEq | undefined {
  if (f.op !== 'eq' || typeof f.compValue !== 'string') return undefined;
  let attr = f.attrPath;
  const prefix = `${schema.coreUrn.toLowerCase()}:`;
  if (attr.toLowerCase().startsWith(prefix)) attr = attr.slice(prefix.length);
  const def = findAttr(schema.core, attr);
  return def ? { attr: def.name, value: f.compValue } : undefined;
}
