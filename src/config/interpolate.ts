import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isScalar } from 'yaml';
import type { FileProblem } from '../domain/errors.js';
import { locate, pathToString, walkScalars, type KeyPath, type YamlSource } from './yaml-source.js';

/**
 * `${VAR}`, `${VAR:-default}` and `${file:PATH}` references (and `VAR_FILE` naming a file when
 * `VAR` is unset, the Docker secrets convention), replaced inside scalar values of
 * the parsed document (never in the raw text, so a value can't inject YAML and positions stay
 * right). A value that came from a reference is never printed: the caller gets the set of
 * interpolated paths and keeps them out of messages.
 */
const REF = /\$\{([^}]*)\}/g;

export interface InterpolationResult {
  readonly problems: FileProblem[];
  /** Key paths (joined with '.') whose value came, at least in part, from a reference. */
  readonly interpolatedPaths: ReadonlySet<string>;
  /** Key paths whose reference could not be resolved (already reported; skip other checks there). */
  readonly failedPaths: ReadonlySet<string>;
}

export function interpolate(
  src: YamlSource,
  env: NodeJS.ProcessEnv,
  baseDir: string,
): InterpolationResult {
  const problems: FileProblem[] = [];
  const interpolatedPaths = new Set<string>();
  const failedPaths = new Set<string>();
  const problem = (path: KeyPath, message: string, hint?: string): void => {
    const pos = locate(src, path);
    problems.push({ file: src.file, line: pos.line, col: pos.col, path: pathToString(path), message, ...(hint ? { hint } : {}) });
  };

  walkScalars(src.doc.contents, (scalar, path) => {
    if (!isScalar(scalar) || typeof scalar.value !== 'string' || !scalar.value.includes('${')) return;
    let failed = false;
    const replaced = scalar.value.replace(REF, (_whole, inner: string) => {
      const ref = inner.trim();
      if (ref.startsWith('file:')) {
        const p = ref.slice('file:'.length).trim();
        const full = isAbsolute(p) ? p : resolve(baseDir, p);
        try {
          return readFileSync(full, 'utf8').replace(/\r?\n$/, '');
        } catch (err) {
          failed = true;
          const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
          problem(path, `secret file ${full} cannot be read (${reason})`, 'mount the file or fix the path');
          return '';
        }
      }
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(ref);
      if (!m) {
        failed = true;
        problem(path, `"\${${ref}}" is not a valid reference`, 'use ${NAME}, ${NAME:-default} or ${file:/path}');
        return '';
      }
      const name = m[1] as string;
      const value = env[name];
      if (value !== undefined && value !== '') return value;
      // Docker/Kubernetes convention: NAME_FILE points at a mounted secret file.
      const fileVar = env[`${name}_FILE`];
      if (fileVar) {
        try {
          return readFileSync(isAbsolute(fileVar) ? fileVar : resolve(baseDir, fileVar), 'utf8').replace(/\r?\n$/, '');
        } catch (err) {
          failed = true;
          const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
          problem(path, `${name}_FILE points at ${fileVar}, which cannot be read (${reason})`);
          return '';
        }
      }
      if (m[2] !== undefined) return m[2];
      failed = true;
      problem(path, `environment variable ${name} is not set`, `export ${name}=... (or ${name}_FILE=/path), or use \${${name}:-default}`);
      return '';
    });
    interpolatedPaths.add(pathToString(path));
    if (failed) {
      failedPaths.add(pathToString(path));
      return;
    }
    // `port: ${PORT}` should give a number, as `port: 8080` would: an unquoted scalar that is
    // one whole reference takes the type its value would have had in the file.
    const whole = /^\$\{[^}]*\}$/.test(scalar.value);
    scalar.value = whole && scalar.type === 'PLAIN' ? plainScalar(replaced) : replaced;
  });
  return { problems, interpolatedPaths, failedPaths };
}

function plainScalar(v: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v === 'true') return true;
  if (v === 'false') return false;
  return v;
}
