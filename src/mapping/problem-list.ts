import { isAlias, isScalar } from 'yaml';
import type { FileProblem } from '../domain/errors.js';
import { pathToString, type KeyPath, type YamlSource } from '../config/yaml-source.js';

/**
 * Collects every error and warning found while compiling, each placed at file:line:col. An
 * `offset` points inside a scalar (a placeholder in a template); quotes are skipped over.
 */
export class ProblemList {
  readonly errors: FileProblem[] = [];
  readonly warnings: FileProblem[] = [];

  constructor(private readonly src: YamlSource) {}

  /** The node an alias (`*name`) points to; any other node as it is. */
  deref(node: unknown): unknown {
    let cur = node;
    for (let i = 0; i < 100 && isAlias(cur); i++) cur = cur.resolve(this.src.doc);
    return cur;
  }

  /** The node's start, or with `inner` the character that far into a scalar's text. */
  position(node: unknown, inner?: number): { line: number; col: number } {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (!range) return { line: 1, col: 1 };
    const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
    const start = inner === undefined ? range[0] : range[0] + (quoted ? 1 : 0) + inner;
    return this.src.lines.linePos(Math.min(start, Math.max(range[1] - 1, range[0])));
  }

  error(node: unknown, path: KeyPath, message: string, hint?: string, inner?: number): void {
    this.errors.push(this.problem(node, path, message, hint, inner));
  }

  warn(node: unknown, path: KeyPath, message: string, hint?: string, inner?: number): void {
    this.warnings.push(this.problem(node, path, message, hint, inner));
  }

  private problem(node: unknown, path: KeyPath, message: string, hint: string | undefined, inner: number | undefined): FileProblem {
    return { file: this.src.file, ...this.position(node, inner), path: pathToString(path), message, ...(hint ? { hint } : {}) };
  }

  sorted(list: readonly FileProblem[]): FileProblem[] {
    return [...list].sort((a, b) => a.line - b.line || a.col - b.col);
  }
}
