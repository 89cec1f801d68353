import type { RecordProblem } from '../domain/ports.js';
import type { CompiledRule, ValueMap } from './rule.js';
import type { SourcePath } from './source-path.js';
import { fromUnknown, isEmpty, isList, scalarText, shorten, type Scalar, type Value } from './values.js';

/** What one rule produced for one record: a value to send, nothing (empty), or a problem. */
export interface RuleOutcome {
  readonly rule: CompiledRule;
  /** The value to send; `undefined` when the result is empty and the attribute is left out. */
  readonly value: Scalar | undefined;
  readonly problem?: RecordProblem;
}

/**
 * Evaluate a rule: source → transforms → map → default → the target's type → required.
 * Pure and total: anything odd in the record becomes a problem for this record, never a throw.
 */
export function evaluateRule(rule: CompiledRule, record: unknown, who: string): RuleOutcome {
  const problem = (message: string, value?: unknown): RuleOutcome => ({
    rule,
    value: undefined,
    problem: {
      attribute: rule.target.canonical,
      rule: rule.ref,
      message: `${message} (${who})`,
      ...(value === undefined ? {} : { value: shorten(value) }),
    },
  });

  let v: Value;
  const src = rule.source;
  if (src.kind === 'value') v = src.value;
  else if (src.kind === 'from') {
    const raw = readSource(record, src.path);
    const checked = fromUnknown(raw);
    if (!checked.ok) return problem(`${src.path.text} ${checked.why}`, raw);
    v = checked.value;
  } else {
    let text = '';
    let any = false;
    for (const part of src.parts) {
      if ('text' in part) {
        text += part.text;
        continue;
      }
      const raw = readSource(record, part.path);
      const checked = fromUnknown(raw);
      if (!checked.ok) return problem(`${part.path.text} ${checked.why}`, raw);
      const piece = placeholderText(checked.value);
      if (piece.trim() !== '') any = true;
      text += piece;
    }
    // A template whose placeholders are all empty is empty, not its literal glue (" ").
    v = any ? text : undefined;
  }

  for (const t of rule.transforms) {
    const input = v;
    const r = t.fn(input);
    if (!r.ok) return problem(`transform ${t.name} failed: ${r.why}`, input);
    v = r.value;
  }

  if (rule.map) v = applyMap(rule.map, v);
  if (isEmpty(v) && rule.fallback !== undefined) v = rule.fallback;

  if (isEmpty(v)) {
    if (rule.required) return problem(`is required but came out empty${src.kind === 'value' ? '' : ` (from ${describeSource(rule)})`}`, v ?? undefined);
    return { rule, value: undefined };
  }
  if (isList(v)) {
    const n = v.filter((x) => x !== null && !isEmpty(x)).length;
    return problem(`got a list of ${n} value${n === 1 ? '' : 's'} where one value is expected; add transform first or join:", "`, v);
  }
  const scalar = v as Scalar;
  switch (rule.target.valueType) {
    case 'string':
      return { rule, value: scalarText(scalar) };
    case 'boolean': {
      if (typeof scalar === 'boolean') return { rule, value: scalar };
      const t = typeof scalar === 'string' ? scalar.trim().toLowerCase() : '';
      if (t === 'true' || t === 'false') return { rule, value: t === 'true' };
      return problem(`expected true or false; translate other values with map (e.g. map: { ${scalarText(scalar)}: true, default: false })`, scalar);
    }
    case 'scalar':
      return { rule, value: scalar };
  }
}

function describeSource(rule: CompiledRule): string {
  const s = rule.source;
  return s.kind === 'from' ? s.path.text : s.kind === 'template' ? `template ${JSON.stringify(s.text)}` : 'value';
}

/** A list in a template reads as its non-empty elements joined by ", ". */
function placeholderText(v: Value): string {
  if (v === undefined || v === null) return '';
  if (isList(v)) {
    return v
      .filter((x): x is Scalar => x !== null && !isEmpty(x))
      .map(scalarText)
      .join(', ');
  }
  return scalarText(v);
}

function applyMap(map: ValueMap, v: Value): Value {
  const one = (x: Scalar | null | undefined): Scalar | null | undefined => {
    if (x === undefined || x === null || isEmpty(x)) return map.otherwise ? map.otherwise.value : x;
    const key = scalarText(x);
    if (map.entries.has(key)) return map.entries.get(key);
    return map.otherwise ? map.otherwise.value : x;
  };
  if (isList(v)) return v.map((x) => one(x) ?? null);
  return one(v);
}

const own = (o: object, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined);

/** The value at a path, or undefined; never reads through the prototype chain. */
export function readSource(record: unknown, path: SourcePath): unknown {
  if (record === null || typeof record !== 'object') return undefined;
  const root = own(record, path.root);
  if (path.attribute === undefined) return root;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return undefined;
  return own(root, path.attribute);
}
