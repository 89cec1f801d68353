import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { UserMappingInput } from '../../../src/domain/records.js';
import { USER_ATTRIBUTES, ENTERPRISE_ATTRIBUTES, GROUP_ATTRIBUTES } from '../../../src/mapping/attributes.js';
import { checkMapping } from '../../../src/mapping/compile.js';
import { RULE_KEY_NAMES } from '../../../src/mapping/rule.js';
import { TRANSFORMS } from '../../../src/mapping/transforms.js';
import { compile, userMapping } from '../../helpers/mapping.js';

/** docs/mapping.md must stay true to the code: its examples compile and its tables are complete. */
const doc = readFileSync('docs/mapping.md', 'utf8');
const blocks = (lang: string): string[] => [...doc.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
const section = (heading: string): string => doc.split(`\n## ${heading}\n`)[1]?.split(/\n## /)[0] ?? '';

/** A whole file, or rule lines for the user section (userName added when the lines lack it). */
function asFile(text: string): string {
  if (/^(user|group):/m.test(text)) return text;
  return userMapping(text, { userName: !/^userName:/m.test(text) });
}

describe('docs/mapping.md', () => {
  it.each(blocks('yaml').map((b, i) => [i + 1, b]))('YAML example %i compiles without warnings', (_i, text) => {
    const r = checkMapping(asFile(text), { file: 'mapping.yaml' });
    expect(r.ok ? [] : r.problems).toEqual([]);
    expect(r.ok ? r.mapping.warnings : []).toEqual([]);
  });

  const elRows = section('From Okta Expression Language')
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\| /, '').replace(/ \|$/, '')))
    .map(([el, here]) => [el, (here ?? '').replace(/^`|`$/g, '')]);

  it('has a table of common Okta EL mappings', () => {
    expect(elRows.length).toBeGreaterThanOrEqual(15);
  });

  it.each(elRows)('the rule written for %s compiles', (_el, rule) => {
    const r = checkMapping(asFile(rule ?? ''), { file: 'mapping.yaml' });
    expect(r.ok ? [] : r.problems).toEqual([]);
  });

  it('documents every transform in the transform table', () => {
    const table = section('Transforms');
    for (const t of TRANSFORMS) expect(table, t.name).toContain(`| \`${t.name}\` |`);
  });

  it('documents every rule key', () => {
    const rules = section('Rules');
    for (const k of RULE_KEY_NAMES) expect(rules, k).toContain(`\`${k}\``);
  });

  it('names every SCIM attribute the compiler knows, including the refused ones', () => {
    const targets = section('What a rule writes: SCIM attribute paths');
    for (const a of [...USER_ATTRIBUTES, ...ENTERPRISE_ATTRIBUTES, ...GROUP_ATTRIBUTES]) expect(targets, a.name).toContain(a.name);
  });

  it('shows the body the first example gives for the documented record, exactly', () => {
    const [mappingText] = blocks('yaml');
    const [recordText, bodyText] = blocks('json');
    const r = compile(mappingText ?? '').mapUser(JSON.parse(recordText ?? '') as UserMappingInput);
    expect(r).toEqual({ ok: true, body: JSON.parse(bodyText ?? '') });
  });
});
