import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../src/domain/errors.js';

describe('error catalogue', () => {
  const doc = readFileSync('docs/errors.md', 'utf8');
  const documented = [...doc.matchAll(/^### ([A-Z][A-Z0-9_]+)\s*$/gm)].map((m) => m[1]);

  it('documents every code in src/domain/error-codes.ts, and nothing else', () => {
    expect([...documented].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('documents each code once, with a paragraph', () => {
    expect(new Set(documented).size).toBe(documented.length);
    for (const code of documented) {
      const section = doc.split(`### ${code}\n`)[1]?.split(/^##/m)[0] ?? '';
      expect(section.trim().length, code).toBeGreaterThan(20);
    }
  });
});
