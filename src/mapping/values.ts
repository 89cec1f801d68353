/**
 * The values a rule works with while it is evaluated. Okta profiles hold strings, numbers,
 * booleans, null and flat arrays of those; anything else that turns up at run time (an object,
 * a nested array) is refused by `fromUnknown` rather than passed on.
 */
export type Scalar = string | number | boolean;
export type Value = Scalar | null | undefined | readonly (Scalar | null)[];

/** Empty means: missing, null, a string with nothing but whitespace, or a list of empties. */
export function isEmpty(v: Value): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.every((x) => isEmpty(x as Value));
  return false;
}

export function isList(v: Value): v is readonly (Scalar | null)[] {
  return Array.isArray(v);
}

/** A value read from a record, checked: `{ ok: value }`, or why it cannot be used. */
export type Checked = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly why: string };

export function fromUnknown(v: unknown): Checked {
  if (v === undefined || v === null) return { ok: true, value: v };
  if (typeof v === 'string' || typeof v === 'boolean') return { ok: true, value: v };
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, why: 'is not a finite number' };
  if (Array.isArray(v)) {
    const out: (Scalar | null)[] = [];
    for (const x of v as unknown[]) {
      if (x === null || x === undefined) out.push(null);
      else if (typeof x === 'string' || typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))) out.push(x);
      else return { ok: false, why: 'is a list holding something other than text, numbers and booleans' };
    }
    return { ok: true, value: out };
  }
  return { ok: false, why: `is ${typeof v === 'object' ? 'an object' : `a ${typeof v}`}, not a value` };
}

/** The text form a template or a string transform sees. */
export function scalarText(v: Scalar): string {
  return typeof v === 'string' ? v : String(v);
}

/** A value as an operator reads it in a message: JSON, cut to `max` characters. */
export function shorten(v: unknown, max = 80): string {
  let text: string;
  try {
    text = v === undefined ? 'undefined' : (JSON.stringify(v) ?? typeof v);
  } catch {
    // a cycle, a BigInt: say what it is rather than fail while reporting a problem
    text = `(${typeof v})`;
  }
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Length in code points, as people count characters (an emoji is one). */
export function charLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
