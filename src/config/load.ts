import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isMap, isScalar } from 'yaml';
import type { z } from 'zod';
import { FileProblemsError, OisyncError, type FileProblem } from '../domain/errors.js';
import { Secret } from '../domain/secret.js';
import { interpolate } from './interpolate.js';
import { configSchema, type OisyncConfig } from './schema.js';
import { didYouMean } from './suggest.js';
import { locate, parseYamlSource, pathToString, type KeyPath } from './yaml-source.js';

export const DEFAULT_CONFIG_PATH = 'config/oisync.yaml';

export interface ConfigLocation {
  /** `--config FILE` from the command line. */
  readonly explicitPath?: string | undefined;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

/** `--config FILE`, else `$OISYNC_CONFIG`, else `./config/oisync.yaml` (DESIGN §4). */
export function resolveConfigPath(loc: ConfigLocation = {}): string {
  const env = loc.env ?? process.env;
  const cwd = loc.cwd ?? process.cwd();
  const chosen = loc.explicitPath ?? (env['OISYNC_CONFIG'] || undefined) ?? DEFAULT_CONFIG_PATH;
  return isAbsolute(chosen) ? chosen : resolve(cwd, chosen);
}

export function loadConfig(loc: ConfigLocation = {}): OisyncConfig {
  const file = resolveConfigPath(loc);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new OisyncError('CONFIG_NOT_FOUND', `config file ${file} cannot be read (${code}); pass --config FILE or set OISYNC_CONFIG`, {
      cause: err,
      details: { file },
    });
  }
  return parseConfig(file, text, loc.env ?? process.env);
}

/** Parse and validate config text; every problem is reported at once with file:line:col. */
export function parseConfig(file: string, text: string, env: NodeJS.ProcessEnv): OisyncConfig {
  const src = parseYamlSource(file, text);
  if (src.syntaxProblems.length > 0) throw new FileProblemsError('CONFIG_INVALID', file, src.syntaxProblems);

  const baseDir = dirname(file);
  const { problems, failedPaths } = interpolate(src, env, baseDir);
  const raw: unknown = src.doc.toJS({ maxAliasCount: 100 }) ?? {};

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(...issueToProblems(issue, src, failedPaths));
    }
  }
  if (problems.length > 0 || !result.success) {
    problems.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new FileProblemsError('CONFIG_INVALID', file, dedupe(problems));
  }

  const parsed = result.data;
  const resolvePath = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  const oauth = parsed.okta.oauth
    ? {
        ...parsed.okta.oauth,
        ...(parsed.okta.oauth.privateKeyFile ? { privateKeyFile: resolvePath(parsed.okta.oauth.privateKeyFile) } : {}),
      }
    : undefined;
  const config = {
    ...parsed,
    okta: { ...parsed.okta, ...(oauth ? { oauth } : {}) },
    mapping: resolvePath(parsed.mapping),
    source: file,
  };
  return deepFreeze(config);
}

function issueToProblems(issue: z.core.$ZodIssue, src: ReturnType<typeof parseYamlSource>, failed: ReadonlySet<string>): FileProblem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const at = (p: KeyPath, key = false): { line: number; col: number } => locate(src, p, { key });
  const pathStr = pathToString(path);
  // A reference that failed to resolve was already reported; don't pile on.
  for (const f of failed) if (pathStr === f || pathStr.startsWith(`${f}.`) || pathStr.startsWith(`${f}[`)) return [];

  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(path);
    return issue.keys.map((key) => {
      const full = [...path, key];
      const pos = at(full, true);
      const hint = didYouMean(key, allowed);
      return {
        file: src.file,
        ...pos,
        path: pathToString(full),
        message: `unknown key "${key}"${allowed.length ? `; expected one of ${allowed.join(', ')}` : ''}`,
        ...(hint ? { hint } : {}),
      };
    });
  }
  const pos = at(path);
  const exists = src.doc.hasIn(path);
  if (issue.code === 'invalid_union') {
    // e.g. a group selector: say which shapes are accepted, and spot the typo in a key.
    const allowed = allowedKeysAt(path);
    const node = src.doc.getIn(path, true);
    const given = isMap(node) ? node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')) : [];
    const typo = given.map((k) => (allowed.includes(k) ? undefined : didYouMean(k, allowed))).find(Boolean);
    const expected = allowed.length ? `expected an object with exactly one of: ${allowed.join(', ')}` : issue.message;
    return [{ file: src.file, ...pos, path: pathStr, message: expected, ...(typo ? { hint: typo } : {}) }];
  }
  let message = issue.message;
  if (!exists && issue.code === 'invalid_type') message = `is required (${issue.message.replace(/^Invalid input: /, '')})`;
  else message = message.replace(/^Invalid input: /, '');
  return [{ file: src.file, ...pos, path: pathStr, message }];
}

/** The keys the schema accepts at a path, for "unknown key" messages. */
function allowedKeysAt(path: KeyPath): string[] {
  let node: unknown = configSchema;
  const unwrap = (n: unknown): unknown => {
    let cur = n as { _zod?: { def: Record<string, unknown> } } | undefined;
    for (let i = 0; i < 20 && cur?._zod; i++) {
      const def = cur._zod.def;
      const t = def['type'];
      if (t === 'optional' || t === 'default' || t === 'prefault' || t === 'nullable' || t === 'readonly') cur = def['innerType'] as typeof cur;
      else if (t === 'pipe') cur = def['in'] as typeof cur;
      else break;
    }
    return cur;
  };
  const keysOf = (n: unknown): string[] => {
    const u = unwrap(n) as { _zod?: { def: Record<string, unknown> } } | undefined;
    const def = u?._zod?.def;
    if (!def) return [];
    if (def['type'] === 'object') return Object.keys(def['shape'] as object);
    if (def['type'] === 'union') return [...new Set((def['options'] as unknown[]).flatMap(keysOf))];
    return [];
  };
  for (const seg of path) {
    const u = unwrap(node) as { _zod?: { def: Record<string, unknown> } } | undefined;
    const def = u?._zod?.def;
    if (!def) return [];
    if (def['type'] === 'object' && typeof seg === 'string') node = (def['shape'] as Record<string, unknown>)[seg];
    else if (def['type'] === 'array') node = def['element'];
    else if (def['type'] === 'union') {
      const opts = def['options'] as unknown[];
      node = opts.find((o) => keysOf(o).includes(String(seg))) ?? opts[0];
    } else return [];
  }
  return keysOf(node);
}

function dedupe(problems: FileProblem[]): FileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.col}:${p.path}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof Secret || Object.isFrozen(value)) return value;
  for (const v of Object.values(value as object)) deepFreeze(v);
  return Object.freeze(value);
}
