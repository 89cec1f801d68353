import type { AttributeChange } from './runs.js';
import type { JsonValue, PatchOperation } from './scim.js';

type Body = Readonly<Record<string, unknown>>;

const IGNORED = new Set(['schemas', 'id', 'meta', 'password', 'members', 'groups']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Attribute-level changes between the body we last wrote and the one we would write now.
 * Complex attributes (`name`, extension containers) are compared per sub-attribute so the
 * operator sees `name.givenName: "Zoe" → "Zoë"`; multi-valued ones (`emails`) as a whole.
 */
export function attributeChanges(oldBody: Body | null | undefined, newBody: Body): AttributeChange[] {
  const changes: AttributeChange[] = [];
  const old = oldBody ?? {};
  const keys = [...new Set([...Object.keys(old), ...Object.keys(newBody)])].filter((k) => !IGNORED.has(k)).sort();
  for (const key of keys) {
    const a = old[key];
    const b = newBody[key];
    if (same(a, b)) continue;
    if (isPlainObject(a) || isPlainObject(b)) {
      const ao = isPlainObject(a) ? a : {};
      const bo = isPlainObject(b) ? b : {};
      const subs = [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort();
      const sep = key.startsWith('urn:') ? ':' : '.';
      for (const sub of subs) {
        if (!same(ao[sub], bo[sub])) changes.push({ path: `${key}${sep}${sub}`, old: ao[sub] ?? null, new: bo[sub] ?? null });
      }
    } else {
      changes.push({ path: key, old: a ?? null, new: b ?? null });
    }
  }
  return changes;
}

/**
 * PATCH operations that turn `oldBody` into `newBody` (RFC 7644 §3.5.2, strict forms only:
 * lower-case ops, pathed replace/remove, real booleans).
 */
export function patchOperations(oldBody: Body | null | undefined, newBody: Body): PatchOperation[] {
  return attributeChanges(oldBody, newBody).map((c): PatchOperation => {
    if (c.new === null || c.new === undefined) return { op: 'remove', path: c.path };
    return { op: 'replace', path: c.path, value: c.new as JsonValue };
  });
}
