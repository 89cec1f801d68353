import type { JsonObject, JsonValue } from '../../domain/scim.js';
import { findAttr, type AttrDef } from './schema-defs.js';
import { badRequest } from './scim-error.js';

/** The attribute catalogue of one resource type, as this emulator instance is configured. */
export interface ResourceSchema {
  readonly resourceType: 'User' | 'Group';
  readonly coreUrn: string;
  /** Core plus common attributes. */
  readonly core: readonly AttrDef[];
  /** Accepted extensions, keyed by lower-cased URN. */
  readonly extensions: ReadonlyMap<string, { readonly urn: string; readonly attrs: readonly AttrDef[]; readonly refusal: (field: string) => string }>;
  /** Why an extension URN that is not accepted is refused (names what is accepted). */
  readonly unknownExtension: (urn: string) => string;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a POST/PUT body (or a PATCH result) against the schema and returns it with canonical
 * attribute names, nulls and read-only attributes removed. Throws a 400 naming the first
 * problem; nothing is stored until this has passed.
 */
export function normalizeResource(body: unknown, schema: ResourceSchema): JsonObject {
  if (!isPlainObject(body)) throw badRequest('invalidSyntax', 'the request body must be a JSON object');
  const out: JsonObject = {};
  const extensionKeys: string[] = [];
  let schemas: unknown;
  const seen = new Set<string>();

  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') {
      schemas = value;
      continue;
    }
    if (key.includes(':')) {
      const ext = schema.extensions.get(key.toLowerCase());
      if (!ext) throw badRequest('invalidValue', schema.unknownExtension(key));
      if (seen.has(ext.urn)) throw badRequest('invalidSyntax', `attribute "${key}" is given twice`);
      seen.add(ext.urn);
      if (value === null) continue;
      if (!isPlainObject(value)) throw badRequest('invalidValue', `"${ext.urn}" must be an object of extension attributes`);
      const container: JsonObject = {};
      for (const [field, v] of Object.entries(value)) {
        const def = findAttr(ext.attrs, field);
        if (!def) throw badRequest('invalidValue', ext.refusal(field));
        const normalized = normalizeValue(def, v, `${ext.urn}:${def.name}`);
        if (normalized !== undefined) container[def.name] = normalized;
      }
      extensionKeys.push(ext.urn);
      if (Object.keys(container).length > 0) out[ext.urn] = container;
      continue;
    }
    const def = findAttr(schema.core, key);
    if (!def) throw badRequest('invalidSyntax', `unknown attribute "${key}" for a ${schema.resourceType}`);
    if (seen.has(def.name)) throw badRequest('invalidSyntax', `attribute "${key}" is given twice (attribute names are case-insensitive)`);
    seen.add(def.name);
    if (def.mutability === 'readOnly') continue; // RFC 7643 §7: readOnly input is ignored
    const normalized = normalizeValue(def, value, def.name);
    if (normalized !== undefined) out[def.name] = normalized;
  }

  out['schemas'] = normalizeSchemas(schemas, schema, extensionKeys);
  return out;
}

function normalizeSchemas(schemas: unknown, schema: ResourceSchema, extensionKeys: readonly string[]): string[] {
  if (!Array.isArray(schemas) || schemas.length === 0 || !schemas.every((s) => typeof s === 'string')) {
    throw badRequest('invalidSyntax', `"schemas" must be a non-empty array of schema URNs including "${schema.coreUrn}"`);
  }
  const out: string[] = [];
  for (const s of schemas) {
    const lower = s.toLowerCase();
    let canonical: string;
    if (lower === schema.coreUrn.toLowerCase()) canonical = schema.coreUrn;
    else {
      const ext = schema.extensions.get(lower);
      if (!ext) throw badRequest('invalidValue', schema.unknownExtension(s));
      canonical = ext.urn;
    }
    if (!out.includes(canonical)) out.push(canonical);
  }
  if (!out.includes(schema.coreUrn)) throw badRequest('invalidSyntax', `"schemas" must include "${schema.coreUrn}"`);
  for (const urn of extensionKeys) {
    if (!out.includes(urn)) throw badRequest('invalidSyntax', `extension "${urn}" is used but not listed in "schemas" (RFC 7643 §3)`);
  }
  return out;
}

function normalizeValue(def: AttrDef, value: unknown, path: string): JsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (def.multiValued) {
    if (!Array.isArray(value)) throw badRequest('invalidValue', `"${path}" is multi-valued and must be an array`);
    const items = value.map((v, i) => normalizeSingle(def, v, `${path}[${i}]`)).filter((v): v is JsonValue => v !== undefined);
    return items.length === 0 ? undefined : items;
  }
  return normalizeSingle(def, value, path);
}

function normalizeSingle(def: AttrDef, value: unknown, path: string): JsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  switch (def.type) {
    case 'boolean':
      // Real booleans only: Entra-style "True"/"False" strings are refused, as IDaaS's typed model would.
      if (typeof value !== 'boolean') throw badRequest('invalidValue', `"${path}" must be a boolean (true or false), got ${JSON.stringify(value)}`);
      return value;
    case 'complex': {
      if (!isPlainObject(value)) throw badRequest('invalidValue', `"${path}" must be an object`);
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        const sub = findAttr(def.subAttributes ?? [], k);
        if (!sub) throw badRequest('invalidSyntax', `unknown sub-attribute "${k}" of "${path}"`);
        if (sub.mutability === 'readOnly') continue;
        const n = normalizeSingle(sub, v, `${path}.${sub.name}`);
        if (n !== undefined) out[sub.name] = n;
      }
      return Object.keys(out).length === 0 ? undefined : out;
    }
    default: {
      if (typeof value !== 'string') throw badRequest('invalidValue', `"${path}" must be a string, got ${JSON.stringify(value)}`);
      if (def.canonicalValues && !def.canonicalValues.includes(value)) {
        throw badRequest('invalidValue', `"${path}" must be one of ${def.canonicalValues.map((c) => JSON.stringify(c)).join(', ')}`);
      }
      return value;
    }
  }
}
