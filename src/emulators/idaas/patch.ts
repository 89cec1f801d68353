import { scimPatch, NoTarget, ScimError, type ScimPatchOperation, type ScimResource } from 'scim-patch';
import { SCHEMA_PATCH_OP, type JsonObject, type JsonValue } from '../../domain/scim.js';
import { compileFilter } from './filter.js';
import { parsePatchPath } from './patch-path.js';
import { badRequest } from './scim-error.js';
import { isPlainObject, type ResourceSchema } from './validate-resource.js';

/** One validated operation of a PatchOp request. */
export interface PatchOp {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path: string | undefined;
  readonly value: unknown;
}

/** Checks the PatchOp envelope (RFC 7644 §3.5.2); operation names must be lower case as the RFC writes them. */
export function readPatchRequest(body: unknown): PatchOp[] {
  if (!isPlainObject(body)) throw badRequest('invalidSyntax', 'the request body must be a JSON object');
  const schemas = body['schemas'];
  if (!Array.isArray(schemas) || !schemas.includes(SCHEMA_PATCH_OP)) throw badRequest('invalidSyntax', `"schemas" must be ["${SCHEMA_PATCH_OP}"]`);
  const ops = body['Operations'];
  if (!Array.isArray(ops) || ops.length === 0) throw badRequest('invalidSyntax', '"Operations" must be a non-empty array');
  return ops.map((raw, i): PatchOp => {
    if (!isPlainObject(raw)) throw badRequest('invalidSyntax', `Operations[${i}] must be an object`);
    const op = raw['op'];
    if (op !== 'add' && op !== 'remove' && op !== 'replace') {
      throw badRequest('invalidSyntax', `Operations[${i}].op must be "add", "remove" or "replace" (got ${JSON.stringify(op)})`);
    }
    const path = raw['path'];
    if (path !== undefined && (typeof path !== 'string' || path === '')) throw badRequest('invalidPath', `Operations[${i}].path must be a non-empty string`);
    if (op === 'remove' && path === undefined) throw badRequest('noTarget', `Operations[${i}]: "remove" needs a "path"`);
    if (op !== 'remove' && !('value' in raw)) throw badRequest('invalidSyntax', `Operations[${i}]: "${op}" needs a "value"`);
    if (op !== 'remove' && path === undefined && !isPlainObject(raw['value'])) {
      throw badRequest('invalidSyntax', `Operations[${i}]: without a "path", "value" must be an object of attributes`);
    }
    return { op, path, value: raw['value'] };
  });
}

export interface PatchContext {
  readonly schema: ResourceSchema;
  readonly id: string;
  readonly replaceMissingAsAdd: boolean;
}

/**
 * Applies user operations to a copy of the attributes and returns the copy; the caller
 * validates it in full before anything is stored, so one bad operation changes nothing.
 * A `password` is handed back separately (it is write-only and never stored as an attribute).
 */
export function patchUser(attrs: JsonObject, ops: readonly PatchOp[], ctx: PatchContext): { attrs: JsonObject; password: string | undefined } {
  const doc = structuredClone(attrs);
  let password: string | undefined;
  for (const op of ops) {
    if (op.path === undefined) {
      const value = canonicalValueObject(op.value as Record<string, unknown>, ctx);
      if ('password' in value) {
        password = takePassword(value['password']);
        delete value['password'];
      }
      if (Object.keys(value).length > 0) apply(doc, { op: op.op as 'add' | 'replace', value }, ctx); // remove always has a path (readPatchRequest)
      continue;
    }
    const path = parsePatchPath(op.path, ctx.schema);
    guardMutable(path.attr.mutability, op.path);
    if (path.attr.name === 'password' && !path.urn) {
      if (op.op === 'remove') throw badRequest('mutability', 'the password cannot be removed');
      password = takePassword(op.value);
      continue;
    }
    applyPathed(doc, op, path.canonical, ctx);
  }
  syncExtensionSchemas(doc, ctx.schema);
  return { attrs: doc, password };
}

/**
 * Group operations. `members` paths are applied here on a Set (scim-patch compares members
 * by deep equality over arrays, which is quadratic and treats `{value, display}` and `{value}`
 * as different members); every other attribute goes through scim-patch.
 */
export function patchGroup(
  attrs: JsonObject,
  members: ReadonlySet<string>,
  ops: readonly PatchOp[],
  ctx: PatchContext,
): { attrs: JsonObject; members: Set<string>; added: string[] } {
  const doc = structuredClone(attrs);
  const next = new Set(members);
  const added: string[] = [];
  const addMembers = (value: unknown, where: string) => {
    for (const v of memberValues(value, where)) {
      if (!next.has(v)) added.push(v);
      next.add(v);
    }
  };
  for (const op of ops) {
    if (op.path === undefined) {
      const value = canonicalValueObject(op.value as Record<string, unknown>, ctx);
      if ('members' in value) {
        if (op.op === 'replace') next.clear();
        addMembers(value['members'], 'value.members');
        delete value['members'];
      }
      if (Object.keys(value).length > 0) apply(doc, { op: op.op as 'add' | 'replace', value }, ctx); // remove always has a path (readPatchRequest)
      continue;
    }
    const path = parsePatchPath(op.path, ctx.schema);
    guardMutable(path.attr.mutability, op.path);
    if (path.attr.name !== 'members') {
      applyPathed(doc, op, path.canonical, ctx);
      continue;
    }
    if (path.sub) throw badRequest('invalidPath', `"${op.path}": member sub-attributes cannot be changed`);
    if (path.filter !== undefined) {
      if (op.op !== 'remove') throw badRequest('invalidPath', `"${op.path}": only "remove" takes a members value filter; add members with path "members"`);
      const match = compileFilter(path.filter, { ...ctx.schema, core: path.attr.subAttributes ?? [], extensions: new Map() });
      for (const uid of [...next]) if (match.test({ value: uid, type: 'User' })) next.delete(uid);
      continue;
    }
    if (op.op === 'remove') {
      // RFC 7644 §3.5.2.2: remove on "members" without a filter removes every member.
      if (op.value !== undefined) throw badRequest('invalidSyntax', `"remove" on "members" takes a filter path such as members[value eq "id"], not a value`);
      next.clear();
      continue;
    }
    if (op.op === 'replace') next.clear();
    addMembers(op.value, 'value');
  }
  return { attrs: doc, members: next, added };
}

function memberValues(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw badRequest('invalidValue', `${where} must be an array of {"value": "<user id>"}`);
  return value.map((m, i) => {
    const v = isPlainObject(m) ? m['value'] : undefined;
    if (typeof v !== 'string' || v === '') throw badRequest('invalidValue', `${where}[${i}] must be an object with a "value" (a user id)`);
    if (isPlainObject(m) && m['type'] !== undefined && m['type'] !== 'User') throw badRequest('invalidValue', `${where}[${i}].type must be "User" (nested groups are not supported)`);
    return v;
  });
}

function takePassword(v: unknown): string {
  if (typeof v !== 'string') throw badRequest('invalidValue', '"password" must be a string');
  return v;
}

function guardMutable(mutability: string | undefined, path: string): void {
  if (mutability === 'readOnly' || mutability === 'immutable') throw badRequest('mutability', `"${path}" is ${mutability} and cannot be changed`);
}

/**
 * Keys of a path-less value object are attribute paths themselves (`name.givenName`,
 * `urn:…:User:user_address`); make them canonical. Okta sends the resource `id` in a group
 * rename; that is fine as long as it is the same id.
 */
function canonicalValueObject(value: Record<string, unknown>, ctx: PatchContext): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const lower = key.toLowerCase();
    if (lower === 'id') {
      if (v !== ctx.id) throw badRequest('mutability', `"id" is read-only (got ${JSON.stringify(v)} for ${ctx.id})`);
      continue;
    }
    if (lower === 'schemas' || lower === 'meta') continue;
    const ext = ctx.schema.extensions.get(lower);
    if (ext) {
      // A whole extension container: make its keys canonical one by one.
      if (!isPlainObject(v)) throw badRequest('invalidValue', `"${ext.urn}" must be an object`);
      for (const [field, fv] of Object.entries(v)) out[parsePatchPath(`${ext.urn}:${field}`, ctx.schema, false).canonical] = fv as JsonValue;
      continue;
    }
    const path = parsePatchPath(key, ctx.schema, false);
    guardMutable(path.attr.mutability, key);
    out[path.canonical] = v as JsonValue;
  }
  return out;
}

/** RFC 7643 §2.5: null means "unassigned", so replacing with null removes the attribute. */
function applyPathed(doc: JsonObject, op: PatchOp, canonicalPath: string, ctx: PatchContext): void {
  if (op.op === 'replace' && op.value === null) apply(doc, { op: 'remove', path: canonicalPath }, ctx);
  else if (op.op === 'remove') {
    // RFC 7644 §3.5.2.2 selects what to remove by path; a value (an Entra habit) is not part of it.
    if (op.value !== undefined) throw badRequest('invalidSyntax', `"remove" takes a filter path such as emails[type eq "work"], not a value`);
    apply(doc, { op: 'remove', path: canonicalPath }, ctx);
  }
  else apply(doc, { op: op.op, path: canonicalPath, value: op.value }, ctx);
}

function apply(doc: JsonObject, op: ScimPatchOperation, ctx: PatchContext): void {
  try {
    scimPatch(doc as unknown as ScimResource, [op], { mutateDocument: true, treatMissingAsAdd: ctx.replaceMissingAsAdd });
  } catch (err) {
    if (err instanceof NoTarget) throw badRequest('noTarget', `no value matches path "${op.path ?? ''}"`);
    // scim-patch signals bad input with its own errors, and with TypeErrors on shapes it does
    // not expect (e.g. a null value for a complex attribute); both are the client's mistake.
    const why = err instanceof ScimError ? err.message : err instanceof Error ? err.message : String(err);
    throw badRequest('invalidValue', `cannot apply "${op.op}" ${op.path ? `at "${op.path}"` : 'with a value object'}: ${why}`);
  }
}

/** After a PATCH touched extension attributes, list (or unlist) their URNs in `schemas` as RFC 7643 §3 requires. */
function syncExtensionSchemas(doc: JsonObject, schema: ResourceSchema): void {
  const schemas = Array.isArray(doc['schemas']) ? (doc['schemas'] as string[]).slice() : [schema.coreUrn];
  for (const { urn } of schema.extensions.values()) {
    const container = doc[urn];
    const present = isPlainObject(container) && Object.values(container).some((v) => v !== null && v !== undefined);
    if (container !== undefined && !present) delete doc[urn];
    if (present && !schemas.includes(urn)) schemas.push(urn);
    if (!present && schemas.includes(urn)) schemas.splice(schemas.indexOf(urn), 1);
  }
  doc['schemas'] = schemas;
}
