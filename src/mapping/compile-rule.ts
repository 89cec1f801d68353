import { isMap, isPair, isScalar, isSeq, type Pair, type Scalar as YamlScalar } from 'yaml';
import { didYouMean } from '../config/suggest.js';
import type { KeyPath } from '../config/yaml-source.js';
import type { JsonValue } from '../domain/scim.js';
import type { Section, ValueType } from './attributes.js';
import type { ProblemList } from './problem-list.js';
import { RULE_KEY_NAMES, SOURCE_KEYS, type CompiledRule, type CompiledTransform, type RuleSource, type ValueMap } from './rule.js';
import { parseSourcePath, parseTemplate } from './source-path.js';
import type { TargetPath } from './target-path.js';
import { checkArg, TRANSFORM_NAMES, transformDef, type ArgValue } from './transforms.js';
import type { Scalar } from './values.js';

export interface RuleSite {
  readonly section: Section;
  readonly target: TargetPath;
  /** Key path of the rule in the file, for problem messages: [section, target text]. */
  readonly path: KeyPath;
  readonly line: number;
  readonly ref: string;
}

/** Compile one rule; problems go to `problems`, and `undefined` comes back if there were any. */
export function compileRule(ruleNode: unknown, site: RuleSite, problems: ProblemList): CompiledRule | undefined {
  const before = problems.errors.length;
  const node = problems.deref(ruleNode);
  if (!isMap(node)) {
    const text = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
    problems.error(
      node,
      site.path,
      'a rule is a mapping such as { from: profile.login }',
      text && /^[A-Za-z]+(\.[A-Za-z_]\w*)?$/.test(text) ? `write { from: ${text} }` : undefined,
    );
    return undefined;
  }

  const keys = new Map<string, Pair>();
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(RULE_KEY_NAMES as string[]).includes(name)) {
      const hint = didYouMean(name, RULE_KEY_NAMES);
      problems.error(pair.key, [...site.path, name], `unknown rule key "${name}"; a rule has ${RULE_KEY_NAMES.join(', ')}`, hint);
      continue;
    }
    keys.set(name, pair);
  }

  const sources = SOURCE_KEYS.filter((k) => keys.has(k));
  if (sources.length === 0) {
    problems.error(node, site.path, 'a rule needs one of from, template or value');
  } else if (sources.length > 1) {
    const second = keys.get(sources[1] ?? '');
    problems.error(second?.key, [...site.path, sources[1] ?? ''], `a rule takes only one of from, template and value (found ${sources.join(' and ')})`);
  }

  const valueType = site.target.valueType;
  const valueOf = (key: string): unknown => problems.deref(keys.get(key)?.value);
  const source = sources.length === 1 ? compileSource(sources[0] ?? 'value', valueOf(sources[0] ?? ''), site, valueType, problems) : undefined;
  const transforms = keys.has('transform') ? compileTransforms(valueOf('transform'), [...site.path, 'transform'], problems) : [];
  const map = keys.has('map') ? compileMap(valueOf('map'), [...site.path, 'map'], valueType, problems) : undefined;
  const fallback = keys.has('default') ? constant(valueOf('default'), [...site.path, 'default'], valueType, problems, 'default') : undefined;
  const requiredPair = keys.get('required');
  let required = false;
  if (requiredPair) {
    const v = valueOf('required');
    if (isScalar(v) && typeof v.value === 'boolean') required = v.value;
    else problems.error(v ?? requiredPair.key, [...site.path, 'required'], 'required is true or false');
  }

  if (problems.errors.length > before || !source) return undefined;
  const spec: JsonValue = {
    target: site.target.canonical,
    ...sourceSpec(source),
    ...(transforms.length ? { transform: transforms.map((t) => t.spec) } : {}),
    ...(map ? { map: mapSpec(map) } : {}),
    ...(fallback !== undefined ? { default: fallback } : {}),
    ...(required ? { required } : {}),
  };
  return {
    section: site.section,
    target: site.target,
    line: site.line,
    ref: site.ref,
    source,
    transforms: transforms.map(({ name, fn }) => ({ name, fn })),
    map,
    fallback,
    required,
    spec,
  };
}

function compileSource(kind: string, node: unknown, site: RuleSite, valueType: ValueType, problems: ProblemList): RuleSource | undefined {
  const path = [...site.path, kind];
  if (kind === 'value') {
    const v = constant(node, path, valueType, problems, 'value');
    return v === undefined ? undefined : { kind: 'value', value: v };
  }
  if (!isScalar(node) || typeof node.value !== 'string') {
    problems.error(node, path, kind === 'from' ? 'from is a path such as profile.login' : 'template is text such as "{profile.firstName} {profile.lastName}"');
    return undefined;
  }
  const text = node.value;
  if (kind === 'from') {
    const r = parseSourcePath(text, site.section);
    if (!r.ok) {
      problems.error(node, path, r.message, r.hint);
      return undefined;
    }
    if (r.warning) problems.warn(node, path, r.warning.message, r.warning.hint);
    return { kind: 'from', path: r.path };
  }
  const { parts, issues } = parseTemplate(text, site.section);
  for (const issue of issues) {
    if (issue.warning) problems.warn(node, path, issue.message, issue.hint, issue.offset);
    else problems.error(node, path, issue.message, issue.hint, issue.offset);
  }
  if (issues.some((i) => !i.warning)) return undefined;
  if (!parts.some((p) => 'path' in p)) {
    problems.warn(node, path, 'this template has no {placeholder}, so it is a constant', `write value: ${JSON.stringify(text)}`);
  }
  return { kind: 'template', text, parts };
}

/** A constant (`value`, `default`, a map entry) that fits the target's type. */
function constant(node: unknown, path: KeyPath, valueType: ValueType, problems: ProblemList, what: string): Scalar | undefined {
  if (!isScalar(node) || node.value === null || !['string', 'number', 'boolean'].includes(typeof node.value)) {
    problems.error(node, path, `${what} must be text, a number or true/false`);
    return undefined;
  }
  const v = node.value as Scalar;
  if (typeof v === 'number' && !Number.isFinite(v)) {
    problems.error(node, path, `${what} must be a finite number`);
    return undefined;
  }
  if (valueType === 'boolean' && typeof v !== 'boolean') {
    problems.error(node, path, `this attribute takes true or false, not ${JSON.stringify(v)}`);
    return undefined;
  }
  if (typeof v === 'string' && v.trim() === '') {
    problems.error(node, path, `${what} must not be empty (an empty value is never sent)`);
    return undefined;
  }
  return v;
}

interface TransformWithSpec extends CompiledTransform {
  readonly spec: JsonValue;
}

function compileTransforms(node: unknown, path: KeyPath, problems: ProblemList): TransformWithSpec[] {
  if (!isSeq(node)) {
    const hint = isScalar(node) && typeof node.value === 'string' ? `write transform: [${node.value}]` : undefined;
    problems.error(node, path, 'transform is a list, e.g. [trim, lowercase]', hint);
    return [];
  }
  const out: TransformWithSpec[] = [];
  node.items.forEach((item, i) => {
    const t = compileTransform(problems.deref(item), [...path, i], problems);
    if (t) out.push(t);
  });
  return out;
}

function compileTransform(item: unknown, path: KeyPath, problems: ProblemList): TransformWithSpec | undefined {
  let name: string;
  let rawArgs: unknown[];
  let fromText: boolean;
  if (isScalar(item) && typeof item.value === 'string') {
    const text = item.value;
    const colon = text.indexOf(':');
    name = colon === -1 ? text : text.slice(0, colon);
    rawArgs = colon === -1 ? [] : [text.slice(colon + 1)];
    fromText = true;
  } else if (isMap(item) && item.items.length === 1 && isPair(item.items[0]) && isScalar(item.items[0].key)) {
    const pair = item.items[0];
    name = String((pair.key as YamlScalar).value);
    const v = problems.deref(pair.value);
    if (isSeq(v)) rawArgs = v.items.map((x) => {
      const d = problems.deref(x);
      return isScalar(d) ? d.value : d;
    });
    else if (isScalar(v)) rawArgs = [v.value];
    else rawArgs = [v];
    fromText = false;
  } else {
    problems.error(item, path, 'a transform is a name (trim), name:argument (truncate:64) or { name: [arguments] }');
    return undefined;
  }

  const def = transformDef(name);
  if (!def) {
    problems.error(item, path, `unknown transform "${name}"; known: ${TRANSFORM_NAMES.join(', ')}`, didYouMean(name, TRANSFORM_NAMES));
    return undefined;
  }
  const min = def.args.filter((a) => !a.optional).length;
  const max = def.args.length;
  const usage = usageOf(def.name, def.args.map((a) => a.name), min);
  if (!fromText && max === 0) {
    problems.error(item, path, `${name} takes no argument`, `write ${name}`);
    return undefined;
  }
  if (fromText && rawArgs.length > 0 && max !== 1) {
    problems.error(item, path, max === 0 ? `${name} takes no argument` : `${name} takes ${max} arguments`, `write ${usage}`);
    return undefined;
  }
  if (rawArgs.length < min || rawArgs.length > max) {
    problems.error(item, path, max === 0 ? `${name} takes no argument` : `${name} takes ${min === max ? max : `${min}–${max}`} argument${max === 1 ? '' : 's'}`, `write ${usage}`);
    return undefined;
  }
  const args: ArgValue[] = [];
  for (const [i, raw] of rawArgs.entries()) {
    const spec = def.args[i];
    if (!spec) break;
    const r = checkArg(spec, raw, fromText);
    if (!r.ok) {
      problems.error(item, path, `${name}: ${r.why}`, `write ${usage}`);
      return undefined;
    }
    args.push(r.value);
  }
  const specArgs = args.map((a) => (a instanceof RegExp ? a.source : a));
  return { name, fn: def.build(args), spec: specArgs.length ? [name, ...specArgs] : name };
}

function usageOf(name: string, argNames: readonly string[], required: number): string {
  if (argNames.length === 0) return name;
  if (argNames.length === 1) return required === 0 ? `${name} or ${name}:${argNames[0] ?? ''}` : `${name}:${argNames[0] ?? ''}`;
  return `{ ${name}: [${argNames.join(', ')}] }`;
}

function compileMap(node: unknown, path: KeyPath, valueType: ValueType, problems: ProblemList): ValueMap | undefined {
  if (!isMap(node) || node.items.length === 0) {
    problems.error(node, path, 'map is a value table such as { ACTIVE: true, default: false }');
    return undefined;
  }
  const entries = new Map<string, Scalar | null>();
  let otherwise: ValueMap['otherwise'];
  let ok = true;
  for (const pair of node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) {
      problems.error(pair, path, 'map keys are single values');
      ok = false;
      continue;
    }
    const key = typeof pair.key.value === 'string' ? pair.key.value : (pair.key.source ?? String(pair.key.value));
    const v = problems.deref(pair.value);
    let value: Scalar | null;
    if (v === null || (isScalar(v) && v.value === null)) value = null;
    else {
      const c = constant(v, [...path, key], valueType, problems, 'a map value');
      if (c === undefined) {
        ok = false;
        continue;
      }
      value = c;
    }
    if (key === 'default') otherwise = { value };
    else entries.set(key, value);
  }
  return ok ? { entries, otherwise } : undefined;
}

function mapSpec(map: ValueMap): JsonValue {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of [...map.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = v;
  return { entries: out, ...(map.otherwise ? { default: map.otherwise.value } : {}) };
}

function sourceSpec(s: RuleSource): Record<string, JsonValue> {
  if (s.kind === 'from') return { from: s.path.text };
  if (s.kind === 'template') return { template: s.text };
  return { value: s.value };
}
