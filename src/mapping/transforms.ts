import { removeDiacritics } from './diacritics.js';
import { isCountryCallingCode, toE164 } from './phone.js';
import { isEmpty, isList, scalarText, type Scalar, type Value } from './values.js';

/**
 * The transform registry: every name an admin may write under `transform:`, its arguments and
 * what it does. The compiler, the JSON Schema and docs/mapping.md are all driven from this
 * table, so a transform exists in all three or in none.
 *
 * Text transforms work on each element of a list and leave empty values alone; numbers and
 * booleans are turned into text first.
 */

export type ArgKind = 'text' | 'nonEmptyText' | 'positiveInt' | 'countryCode' | 'regex';

export interface ArgSpec {
  readonly name: string;
  readonly kind: ArgKind;
  readonly optional?: boolean;
}

export type TransformOutcome = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly why: string };
export type TransformFn = (v: Value) => TransformOutcome;

export interface TransformDef {
  readonly name: string;
  readonly summary: string;
  readonly args: readonly ArgSpec[];
  /** Builds the function from arguments already checked against `args`. */
  readonly build: (args: readonly ArgValue[]) => TransformFn;
}

export type ArgValue = string | number | RegExp;

const ok = (value: Value): TransformOutcome => ({ ok: true, value });

/** Apply a text function to a scalar or to each element of a list; empties pass through. */
function eachText(fn: (s: string) => string): TransformFn {
  return (v) => {
    if (v === undefined || v === null) return ok(v);
    if (isList(v)) return ok(v.map((x) => (x === null ? null : fn(scalarText(x)))));
    return ok(fn(scalarText(v)));
  };
}

function text(args: readonly ArgValue[], i: number): string {
  const a = args[i];
  return typeof a === 'string' ? a : String(a);
}

function int(args: readonly ArgValue[], i: number): number {
  const a = args[i];
  return typeof a === 'number' ? a : Number(a);
}

function splitAll(v: Value, sep: string): Value {
  if (v === undefined || v === null) return v;
  const parts = (isList(v) ? v : [v]).flatMap((x) => (x === null ? [] : scalarText(x).split(sep)));
  return parts.filter((p) => p.trim() !== '');
}

export const TRANSFORMS: readonly TransformDef[] = [
  {
    name: 'trim',
    summary: 'Remove whitespace at both ends.',
    args: [],
    build: () => eachText((s) => s.trim()),
  },
  {
    name: 'lowercase',
    summary: 'Lower-case every letter (locale-independent).',
    args: [],
    build: () => eachText((s) => s.toLowerCase()),
  },
  {
    name: 'uppercase',
    summary: 'Upper-case every letter (locale-independent).',
    args: [],
    build: () => eachText((s) => s.toUpperCase()),
  },
  {
    name: 'remove-spaces',
    summary: "Remove all whitespace, inside too (Okta's String.removeSpaces).",
    args: [],
    build: () => eachText((s) => s.replace(/\s+/gu, '')),
  },
  {
    name: 'remove-diacritics',
    summary: 'Drop accents and marks (é → e, ß → ss, Ł → L), e.g. for ASCII-only userNames.',
    args: [],
    build: () => eachText(removeDiacritics),
  },
  {
    name: 'default-if-empty',
    summary: 'Use the given text when the value is empty at this point of the chain.',
    args: [{ name: 'text', kind: 'nonEmptyText' }],
    build: (args) => {
      const fallback = text(args, 0);
      return (v) => ok(isEmpty(v) ? fallback : v);
    },
  },
  {
    name: 'truncate',
    summary: 'Keep at most N characters (counted as code points, so no emoji is cut in half).',
    args: [{ name: 'N', kind: 'positiveInt' }],
    build: (args) => {
      const n = int(args, 0);
      return eachText((s) => {
        const chars = Array.from(s);
        return chars.length <= n ? s : chars.slice(0, n).join('');
      });
    },
  },
  {
    name: 'replace',
    summary: 'Replace every occurrence of a text with another (literal, case-sensitive).',
    args: [
      { name: 'search', kind: 'nonEmptyText' },
      { name: 'replacement', kind: 'text' },
    ],
    build: (args) => {
      const search = text(args, 0);
      const replacement = text(args, 1);
      return eachText((s) => s.split(search).join(replacement));
    },
  },
  {
    name: 'replace-regex',
    summary: 'Replace every match of a JavaScript regular expression; $1, $2 … refer to groups.',
    args: [
      { name: 'pattern', kind: 'regex' },
      { name: 'replacement', kind: 'text' },
    ],
    build: (args) => {
      const re = args[0] as RegExp;
      const replacement = text(args, 1);
      return eachText((s) => s.replace(new RegExp(re.source, re.flags), replacement));
    },
  },
  {
    name: 'substring-before',
    summary: 'The part before the first occurrence of a text; unchanged when it does not occur.',
    args: [{ name: 'text', kind: 'nonEmptyText' }],
    build: (args) => {
      const sep = text(args, 0);
      return eachText((s) => {
        const i = s.indexOf(sep);
        return i === -1 ? s : s.slice(0, i);
      });
    },
  },
  {
    name: 'substring-after',
    summary: 'The part after the first occurrence of a text; unchanged when it does not occur.',
    args: [{ name: 'text', kind: 'nonEmptyText' }],
    build: (args) => {
      const sep = text(args, 0);
      return eachText((s) => {
        const i = s.indexOf(sep);
        return i === -1 ? s : s.slice(i + sep.length);
      });
    },
  },
  {
    name: 'split',
    summary: 'Split text into a list at a separator; empty parts are dropped.',
    args: [{ name: 'separator', kind: 'nonEmptyText' }],
    build: (args) => {
      const sep = text(args, 0);
      return (v) => ok(splitAll(v, sep));
    },
  },
  {
    name: 'join',
    summary: 'Join a list into one text with a separator; empty elements are skipped.',
    args: [{ name: 'separator', kind: 'text' }],
    build: (args) => {
      const sep = text(args, 0);
      return (v) => {
        if (!isList(v)) return ok(v);
        return ok(
          v
            .filter((x): x is Scalar => x !== null && !isEmpty(x))
            .map(scalarText)
            .join(sep),
        );
      };
    },
  },
  {
    name: 'first',
    summary: 'The first non-empty element of a list (a single value is kept as it is).',
    args: [],
    build: () => (v) => {
      if (!isList(v)) return ok(v);
      return ok(v.find((x) => x !== null && !isEmpty(x)) ?? undefined);
    },
  },
  {
    name: 'e164',
    summary: 'Normalise a phone number to E.164 (+8613800138000); e164:CC assumes country code CC when none is written.',
    args: [{ name: 'CC', kind: 'countryCode', optional: true }],
    build: (args) => {
      const cc = args.length > 0 ? text(args, 0) : undefined;
      return (v) => {
        if (v === undefined || v === null) return ok(v);
        const items = isList(v) ? v : [v];
        const out: (string | null)[] = [];
        for (const x of items) {
          if (x === null || isEmpty(x)) {
            out.push(x === null ? null : scalarText(x));
            continue;
          }
          const r = toE164(scalarText(x), cc);
          if (!r.ok) return { ok: false, why: `${JSON.stringify(scalarText(x))} ${r.why}` };
          out.push(r.value);
        }
        return ok(isList(v) ? out : out[0]);
      };
    },
  },
];

export const TRANSFORM_NAMES: readonly string[] = TRANSFORMS.map((t) => t.name);

export function transformDef(name: string): TransformDef | undefined {
  return TRANSFORMS.find((t) => t.name === name);
}

/** Check one raw argument (from `name:arg` text or the object form) against its spec. */
export function checkArg(spec: ArgSpec, raw: unknown, fromText: boolean): { ok: true; value: ArgValue } | { ok: false; why: string } {
  switch (spec.kind) {
    case 'text':
    case 'nonEmptyText': {
      if (typeof raw !== 'string' && !(typeof raw === 'number' && Number.isFinite(raw))) {
        return { ok: false, why: `${spec.name} must be text` };
      }
      const s = String(raw);
      if (spec.kind === 'nonEmptyText' && s === '') return { ok: false, why: `${spec.name} must not be empty` };
      return { ok: true, value: s };
    }
    case 'positiveInt': {
      const n = fromText && typeof raw === 'string' && /^[0-9]+$/.test(raw) ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return { ok: false, why: `${spec.name} must be a whole number of at least 1` };
      return { ok: true, value: n };
    }
    case 'countryCode': {
      const s = typeof raw === 'number' ? String(raw) : raw;
      if (typeof s !== 'string' || !isCountryCallingCode(s)) {
        return { ok: false, why: `${spec.name} must be a country calling code of 1–3 digits without + (e.g. 86)` };
      }
      return { ok: true, value: s };
    }
    case 'regex': {
      if (typeof raw !== 'string' || raw === '') return { ok: false, why: `${spec.name} must be a non-empty regular expression` };
      try {
        return { ok: true, value: new RegExp(raw, 'g') };
      } catch (err) {
        return { ok: false, why: `${spec.name} is not a valid regular expression (${(err as Error).message})` };
      }
    }
  }
}
