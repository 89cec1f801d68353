import { basename } from 'node:path';
import { isMap, isPair, isScalar } from 'yaml';
import { didYouMean } from '../config/suggest.js';
import { parseYamlSource } from '../config/yaml-source.js';
import { FileProblemsError, type FileProblem } from '../domain/errors.js';
import { SCHEMA_CUSTOMFIELD_USER } from '../domain/scim.js';
import { REQUIRED_TARGET, type Section } from './attributes.js';
import { compileRule } from './compile-rule.js';
import { CompiledMapping } from './compiled-mapping.js';
import { ProblemList } from './problem-list.js';
import type { CompiledRule } from './rule.js';
import { parseTargetPath, type TargetPath } from './target-path.js';

export interface CompileOptions {
  /** The file the text came from, as problems and rule references should name it. */
  readonly file: string;
  /** `idaas.customFieldNamespace` from the config; the IDaaS default when absent. */
  readonly customFieldNamespace?: string;
}

export type CheckResult =
  | { readonly ok: true; readonly mapping: CompiledMapping }
  | { readonly ok: false; readonly problems: readonly FileProblem[]; readonly warnings: readonly FileProblem[] };

export const SECTIONS: readonly Section[] = ['user', 'group'];

/** Stands in for a target that did not parse, so the rule under it is still checked. */
const UNKNOWN_TARGET: TargetPath = { extension: undefined, attribute: '?', type: undefined, sub: undefined, valueType: 'scalar', canonical: '?' };

/** A mapping file with every problem in it; `warnings` are the things that would not stop it. */
export class MappingInvalidError extends FileProblemsError {
  readonly warnings: readonly FileProblem[];
  constructor(file: string, problems: readonly FileProblem[], warnings: readonly FileProblem[]) {
    super('MAPPING_INVALID', file, problems);
    this.warnings = Object.freeze([...warnings]);
  }
}

/** Compile mapping text; throws MappingInvalidError listing every problem. */
export function compileMapping(text: string, opts: CompileOptions): CompiledMapping {
  const r = checkMapping(text, opts);
  if (!r.ok) throw new MappingInvalidError(opts.file, r.problems, r.warnings);
  return r.mapping;
}

/** Compile mapping text without throwing: the compiled mapping, or every problem at once. */
export function checkMapping(text: string, opts: CompileOptions): CheckResult {
  const file = opts.file;
  const namespace = opts.customFieldNamespace ?? SCHEMA_CUSTOMFIELD_USER;
  const src = parseYamlSource(file, text);
  if (src.syntaxProblems.length > 0) return { ok: false, problems: src.syntaxProblems, warnings: [] };
  const problems = new ProblemList(src);
  const refBase = basename(file);
  const rules: Record<Section, CompiledRule[]> = { user: [], group: [] };

  const root = src.doc.contents;
  if (!isMap(root)) {
    const empty = root === null || (isScalar(root) && root.value === null);
    problems.error(root, [], empty ? 'the mapping file is empty; it needs a user: and a group: section' : 'the mapping file must be a mapping with user: and group: sections');
    return { ok: false, problems: problems.sorted(problems.errors), warnings: [] };
  }

  const seen = new Set<Section>();
  for (const pair of root.items) {
    if (!isPair(pair)) continue;
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const name = SECTIONS.find((s) => s === key);
    if (name === undefined) {
      problems.error(pair.key, [key], `unknown section "${key}"; a mapping has user: and group:`, didYouMean(key, SECTIONS));
      continue;
    }
    seen.add(name);
    const section = problems.deref(pair.value);
    if (!isMap(section)) {
      problems.error(section ?? pair.key, [name], `${name}: holds rules, one per SCIM attribute, e.g. ${REQUIRED_TARGET[name]}: { from: … }`);
      continue;
    }
    const targets = new Map<string, number>();
    for (const rulePair of section.items) {
      if (!isPair(rulePair)) continue;
      const keyNode = rulePair.key;
      const targetText = isScalar(keyNode) ? String(keyNode.value) : '';
      const path = [name, targetText];
      const t = parseTargetPath(targetText, { section: name, customFieldNamespace: namespace });
      const line = problems.position(keyNode).line;
      const site = { section: name, path, line, ref: `${refBase}:${line}` };
      if (!t.ok) {
        problems.error(keyNode, path, t.message, t.hint);
        // Check the rule anyway, so its own mistakes are reported in the same run.
        compileRule(rulePair.value, { ...site, target: UNKNOWN_TARGET }, problems);
        continue;
      }
      const earlier = targets.get(t.target.canonical);
      if (earlier !== undefined) problems.error(keyNode, path, `${t.target.canonical} is already mapped on line ${earlier}`);
      else targets.set(t.target.canonical, line);
      const rule = compileRule(rulePair.value, { ...site, target: t.target }, problems);
      if (rule && earlier === undefined) rules[name].push(rule);
    }
    const required = REQUIRED_TARGET[name];
    if (!targets.has(required)) {
      problems.error(pair.key, [name], `no rule for ${required}, which SCIM requires`, `add ${required}: { from: ${name === 'user' ? 'profile.login' : 'profile.name'}, required: true }`);
    }
  }
  for (const s of SECTIONS) {
    if (!seen.has(s)) {
      problems.error(root, [], `the mapping has no ${s}: section`, `add a ${s}: section with at least a ${REQUIRED_TARGET[s]} rule`);
    }
  }

  const warnings = problems.sorted(problems.warnings);
  if (problems.errors.length > 0) return { ok: false, problems: problems.sorted(problems.errors), warnings };
  return { ok: true, mapping: new CompiledMapping({ file, customFieldNamespace: namespace, user: rules.user, group: rules.group, warnings }) };
}
