import { findAttr, type AttrDef } from './schema-defs.js';
import { compileFilter } from './filter.js';
import { badRequest } from './scim-error.js';
import type { ResourceSchema } from './validate-resource.js';

/** A PATCH path (RFC 7644 §3.5.2) resolved against the attribute catalogue, names made canonical. */
export interface PatchPath {
  /** Canonical extension URN when the path names an extension attribute. */
  readonly urn: string | undefined;
  readonly attr: AttrDef;
  /** Raw value filter text between the brackets, if any. */
  readonly filter: string | undefined;
  readonly sub: AttrDef | undefined;
  /** The path rewritten with canonical names, as scim-patch expects them (it matches keys exactly). */
  readonly canonical: string;
}

const NAME = /^([A-Za-z$][\w$-]*)(?:\[(.*)\])?(?:\.([A-Za-z$][\w$-]*))?$/s;

export function parsePatchPath(path: string, schema: ResourceSchema, allowFilter = true): PatchPath {
  const invalid = (why: string) => badRequest('invalidPath', `invalid path "${path}": ${why}`);
  const bracket = path.indexOf('[');
  const head = bracket >= 0 ? path.slice(0, bracket) : path;
  const colon = head.lastIndexOf(':');
  let urn: string | undefined;
  let defs = schema.core;
  let rest = path;
  if (colon >= 0) {
    const prefix = head.slice(0, colon).toLowerCase();
    rest = path.slice(colon + 1);
    if (prefix !== schema.coreUrn.toLowerCase()) {
      const ext = schema.extensions.get(prefix);
      if (!ext) throw invalid(schema.unknownExtension(head.slice(0, colon)));
      urn = ext.urn;
      defs = ext.attrs;
      const field = /^[\w$-]+/.exec(rest)?.[0] ?? rest;
      if (!findAttr(defs, field)) throw badRequest('invalidValue', ext.refusal(field));
    }
  }
  const m = NAME.exec(rest);
  if (!m) throw invalid('expected attr, attr.sub, attr[filter] or attr[filter].sub');
  const [, name = '', filter, subName] = m;
  const attr = findAttr(defs, name);
  if (!attr) throw invalid(`unknown attribute "${name}"`);
  if (filter !== undefined) {
    if (!allowFilter) throw invalid('a value filter is not allowed here');
    if (!attr.multiValued) throw invalid(`"${attr.name}" is not multi-valued; a value filter needs a multi-valued attribute`);
    // Validate the filter against the sub-attributes now, so a bad one is a 400, not a silent no-op.
    try {
      compileFilter(filter, { ...schema, core: attr.subAttributes ?? [], extensions: new Map() });
    } catch (err) {
      throw invalid((err as Error).message);
    }
  }
  let sub: AttrDef | undefined;
  if (subName !== undefined) {
    sub = findAttr(attr.subAttributes ?? [], subName);
    if (!sub) throw invalid(`"${attr.name}" has no sub-attribute "${subName}"`);
  }
  const canonical = `${urn ? `${urn}:` : ''}${attr.name}${filter !== undefined ? `[${filter}]` : ''}${sub ? `.${sub.name}` : ''}`;
  return { urn, attr, filter, sub, canonical };
}
