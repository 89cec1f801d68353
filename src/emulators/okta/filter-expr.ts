/**
 * Okta's SCIM-like filter/search expressions (`status eq "ACTIVE" and lastUpdated gt "…"`):
 * a parser to an AST and an evaluator that checks each attribute and operator against what the
 * endpoint allows, so unsupported expressions fail with 400 E0000031 as they do on Okta.
 */
export type Op = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sw' | 'co' | 'ew' | 'pr';
export type Literal = string | number | boolean | null;

export type Expr =
  | { readonly kind: 'cmp'; readonly attr: string; readonly op: Op; readonly value: Literal }
  | { readonly kind: 'pr'; readonly attr: string }
  | { readonly kind: 'and' | 'or'; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'not'; readonly expr: Expr };

export class FilterSyntaxError extends Error {}

const OPS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew', 'pr']);

type Token =
  | { t: 'word'; v: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: '(' }
  | { t: ')' };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ t: c });
      i++;
    } else if (c === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new FilterSyntaxError('unterminated string');
        const d = src[i] as string;
        if (d === '\\' && i + 1 < src.length) {
          v += src[i + 1];
          i += 2;
        } else if (d === '"') {
          i++;
          break;
        } else {
          v += d;
          i++;
        }
      }
      out.push({ t: 'str', v });
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
      if (!m) throw new FilterSyntaxError(`unexpected "${c}" at ${i}`);
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_.$]*/.exec(src.slice(i));
      if (!m) throw new FilterSyntaxError(`unexpected "${c}" at ${i}`);
      out.push({ t: 'word', v: m[0] });
      i += m[0].length;
    } else {
      throw new FilterSyntaxError(`unexpected "${c}" at ${i}`);
    }
  }
  return out;
}

/** Parses an expression; throws FilterSyntaxError with a short reason. */
export function parseFilter(src: string): Expr {
  if (src.trim() === '') throw new FilterSyntaxError('empty expression');
  const tokens = tokenize(src);
  let pos = 0;
  const peekWord = (): string | undefined => {
    const tk = tokens[pos];
    return tk?.t === 'word' ? tk.v.toLowerCase() : undefined;
  };

  const parseOr = (): Expr => {
    let left = parseAnd();
    while (peekWord() === 'or') {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expr => {
    let left = parseUnary();
    while (peekWord() === 'and') {
      pos++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Expr => {
    if (peekWord() === 'not') {
      pos++;
      return { kind: 'not', expr: parseUnary() };
    }
    const tk = tokens[pos];
    if (tk?.t === '(') {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.t !== ')') throw new FilterSyntaxError('missing ")"');
      pos++;
      return inner;
    }
    if (tk?.t !== 'word') throw new FilterSyntaxError(`expected an attribute at token ${pos + 1}`);
    pos++;
    const opTok = tokens[pos];
    const op = opTok?.t === 'word' ? opTok.v.toLowerCase() : undefined;
    if (op === undefined || !OPS.has(op)) throw new FilterSyntaxError(`expected an operator after "${tk.v}"`);
    pos++;
    if (op === 'pr') return { kind: 'pr', attr: tk.v };
    const valTok = tokens[pos];
    pos++;
    let value: Literal;
    if (valTok?.t === 'str' || valTok?.t === 'num') value = valTok.v;
    else if (valTok?.t === 'word' && /^(true|false|null)$/i.test(valTok.v)) {
      const w = valTok.v.toLowerCase();
      value = w === 'null' ? null : w === 'true';
    } else throw new FilterSyntaxError(`expected a value after "${tk.v} ${op}"`);
    return { kind: 'cmp', attr: tk.v, op: op as Op, value };
  };

  const expr = parseOr();
  if (pos !== tokens.length) throw new FilterSyntaxError(`unexpected input at token ${pos + 1}`);
  return expr;
}

/** How one attribute may be queried on an endpoint. */
export interface AttrRule {
  readonly ops: readonly Op[];
  /** date: compare as instants; ci: case-insensitive strings; exact: as given. */
  readonly kind: 'date' | 'ci' | 'exact' | 'number' | 'boolean';
}

export interface AttrSchema {
  /** Exact attribute names. */
  readonly attrs: Readonly<Record<string, AttrRule>>;
  /** Rule for any `profile.<x>` not listed above, or undefined when such attributes are not allowed. */
  readonly profileRule?: AttrRule;
  readonly allowNot?: boolean;
}

/** Checks every attribute and operator against the endpoint's schema; throws FilterSyntaxError. */
export function checkFilter(expr: Expr, schema: AttrSchema): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      checkFilter(expr.left, schema);
      checkFilter(expr.right, schema);
      return;
    case 'not':
      if (!schema.allowNot) throw new FilterSyntaxError('"not" is not supported here');
      checkFilter(expr.expr, schema);
      return;
    case 'pr':
    case 'cmp': {
      const rule = ruleFor(expr.attr, schema);
      if (!rule) throw new FilterSyntaxError(`attribute "${expr.attr}" is not supported in this expression`);
      const op = expr.kind === 'pr' ? 'pr' : expr.op;
      if (!rule.ops.includes(op)) throw new FilterSyntaxError(`operator "${op}" is not supported for "${expr.attr}"`);
      if (expr.kind === 'cmp' && rule.kind === 'date' && (typeof expr.value !== 'string' || Number.isNaN(Date.parse(expr.value)))) {
        throw new FilterSyntaxError(`"${expr.attr}" needs a quoted date, e.g. "2024-01-01T00:00:00.000Z"`);
      }
      return;
    }
  }
}

function ruleFor(attr: string, schema: AttrSchema): AttrRule | undefined {
  const exact = schema.attrs[attr];
  if (exact) return exact;
  if (attr.startsWith('profile.') && attr.length > 'profile.'.length) return schema.profileRule;
  return undefined;
}

/** Evaluates a checked expression; `get` returns the resource's value for an attribute path. */
export function evaluate(expr: Expr, get: (attr: string) => unknown, schema: AttrSchema): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluate(expr.left, get, schema) && evaluate(expr.right, get, schema);
    case 'or':
      return evaluate(expr.left, get, schema) || evaluate(expr.right, get, schema);
    case 'not':
      return !evaluate(expr.expr, get, schema);
    case 'pr': {
      const v = get(expr.attr);
      return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
    }
    case 'cmp': {
      const rule = ruleFor(expr.attr, schema) ?? { ops: [], kind: 'exact' };
      const actual = get(expr.attr);
      const values = Array.isArray(actual) ? (actual as unknown[]) : [actual];
      return values.some((v) => compare(v, expr.op, expr.value, rule.kind));
    }
  }
}

/** A scalar attribute value as text; objects never match. */
function text(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function compare(actual: unknown, op: Op, expected: Literal, kind: AttrRule['kind']): boolean {
  if (expected === null) {
    const isNull = actual === null || actual === undefined;
    return op === 'eq' ? isNull : op === 'ne' ? !isNull : false;
  }
  if (actual === null || actual === undefined) return op === 'ne';
  if (kind === 'date') {
    const a = typeof actual === 'number' ? actual : Date.parse(text(actual) ?? '');
    const b = Date.parse(String(expected));
    return ordered(a, b, op);
  }
  if (typeof expected === 'number' || typeof actual === 'number') {
    return ordered(Number(actual), Number(expected), op);
  }
  if (typeof expected === 'boolean' || typeof actual === 'boolean') {
    const eq = text(actual) === String(expected);
    return op === 'eq' ? eq : op === 'ne' ? !eq : false;
  }
  const t = text(actual);
  if (t === undefined) return false;
  let a = t;
  let b = String(expected);
  if (kind === 'ci') {
    a = a.toLowerCase();
    b = b.toLowerCase();
  }
  switch (op) {
    case 'sw':
      return a.startsWith(b);
    case 'ew':
      return a.endsWith(b);
    case 'co':
      return a.includes(b);
    default:
      return ordered(a, b, op);
  }
}

function ordered<T extends number | string>(a: T, b: T, op: Op): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    default:
      return false;
  }
}
