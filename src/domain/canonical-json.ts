import { createHash } from 'node:crypto';

/**
 * One text per JSON value, so equal data always hashes equal: object keys sorted by UTF-16
 * code units at every depth, no whitespace, primitives as `JSON.stringify` writes them (the
 * shape of RFC 8785). Array order is kept — it carries meaning, and the mapper emits arrays in
 * a stable order. Properties whose value is `undefined` are dropped, as `JSON.stringify` does;
 * an `undefined` array element and a non-finite number become `null`, also as it does.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, path: Set<object>): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'object':
      break;
    default:
      // functions and symbols have no JSON form
      return 'null';
  }
  const obj = value;
  if (path.has(obj)) throw new TypeError('canonicalJson: value contains a cycle');
  path.add(obj);
  try {
    const toJson = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') return write((toJson as () => unknown).call(obj), path);
    if (Array.isArray(obj)) return `[${obj.map((v) => write(v, path)).join(',')}]`;
    const entries = Object.keys(obj)
      .filter((k) => (obj as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${write((obj as Record<string, unknown>)[k], path)}`);
    return `{${entries.join(',')}}`;
  } finally {
    path.delete(obj);
  }
}

/** Hex SHA-256 of a text. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The hash the sync engine stores as "last written" for a SCIM body: SHA-256 of its canonical
 * JSON. Key order never matters; array order does. A no-op re-sync compares these and sends
 * nothing when they are equal.
 */
export function bodyHash(body: unknown): string {
  return sha256Hex(canonicalJson(body));
}
