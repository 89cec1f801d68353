import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';
import type { FileProblem } from '../domain/errors.js';

/**
 * A YAML file parsed with positions, so any problem can be reported as file:line:col.
 * Shared by the config loader and the mapping compiler.
 */
export interface YamlSource {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** Syntax problems (bad indentation, duplicate keys, tabs...). Empty when the file parsed. */
  readonly syntaxProblems: readonly FileProblem[];
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const syntaxProblems = [...doc.errors, ...doc.warnings].map((e): FileProblem => {
    const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
    return { file, line: pos.line, col: pos.col, path: '', message: firstLine(e.message) };
  });
  return { file, doc, lines, syntaxProblems };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i === -1 ? s : s.slice(0, i);
}

export type KeyPath = readonly (string | number)[];

export function pathToString(path: KeyPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

export interface Position {
  readonly line: number;
  readonly col: number;
}

/**
 * Where a key path is in the file: the value node when it exists; with `key: true` the key
 * itself (for unknown keys); otherwise the nearest existing ancestor (for a missing key).
 */
export function locate(src: YamlSource, path: KeyPath, opts: { key?: boolean } = {}): Position {
  let node: unknown = src.doc.contents;
  let best: Position = { line: 1, col: 1 };
  const posOf = (n: unknown): Position | undefined => {
    const range = (n as { range?: [number, number, number] } | null)?.range;
    return range ? src.lines.linePos(range[0]) : undefined;
  };
  best = posOf(node) ?? best;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p: Pair) => isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return best;
      if (last && opts.key) return posOf(pair.key) ?? best;
      node = pair.value;
      best = posOf(pair.value) ?? posOf(pair.key) ?? best;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) return best;
      node = item;
      best = posOf(item) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

/** Walk every scalar (value positions only), with its key path. */
export function walkScalars(
  node: unknown,
  visit: (scalar: Node & { value: unknown }, path: KeyPath) => void,
  path: KeyPath = [],
): void {
  if (isScalar(node)) {
    visit(node, path);
  } else if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : '?';
      walkScalars(pair.value, visit, [...path, key]);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walkScalars(item, visit, [...path, i]));
  }
}
