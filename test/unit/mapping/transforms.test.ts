import { describe, expect, it } from 'vitest';
import { TRANSFORMS, checkArg, transformDef, type ArgValue } from '../../../src/mapping/transforms.js';
import type { Value } from '../../../src/mapping/values.js';

function run(name: string, args: ArgValue[], input: Value): unknown {
  const def = transformDef(name);
  if (!def) throw new Error(`no transform ${name}`);
  const r = def.build(args)(input);
  return r.ok ? r.value : { failed: r.why };
}

const re = (s: string): RegExp => new RegExp(s, 'g');

describe('transform registry', () => {
  // [transform, args, input, expected output]
  const table: [string, ArgValue[], Value, unknown][] = [
    ['trim', [], '  a b  ', 'a b'],
    ['trim', [], ['  x ', null, ' y'], ['x', null, 'y']],
    ['trim', [], undefined, undefined],
    ['trim', [], null, null],
    ['lowercase', [], 'Alice@ACME.com', 'alice@acme.com'],
    ['lowercase', [], 'İSTANBUL', 'i̇stanbul'],
    ['lowercase', [], 42, '42'],
    ['uppercase', [], 'straße', 'STRASSE'],
    ['uppercase', [], true, 'TRUE'],
    ['remove-spaces', [], ' a b\tc\n', 'abc'],
    ['remove-diacritics', [], 'Ångström Ñoño Łódź Straße Øre Æsir Þór', 'Angstrom Nono Lodz Strasse Ore AEsir Thor'],
    ['remove-diacritics', [], 'José Müller-Lüdenscheidt', 'Jose Muller-Ludenscheidt'],
    ['remove-diacritics', [], '王小明', '王小明'],
    ['default-if-empty', ['n/a'], '', 'n/a'],
    ['default-if-empty', ['n/a'], '   ', 'n/a'],
    ['default-if-empty', ['n/a'], undefined, 'n/a'],
    ['default-if-empty', ['n/a'], [], 'n/a'],
    ['default-if-empty', ['n/a'], 'x', 'x'],
    ['default-if-empty', ['n/a'], 0, 0],
    ['truncate', [3], 'abcdef', 'abc'],
    ['truncate', [3], 'ab', 'ab'],
    ['truncate', [2], '😀😀😀', '😀😀'],
    ['truncate', [2], ['abc', 'd'], ['ab', 'd']],
    ['replace', ['@acme.com', ''], 'bob@acme.com', 'bob'],
    ['replace', ['a', 'b'], 'aaa', 'bbb'],
    ['replace', ['.', '-'], 'a.b.c', 'a-b-c'],
    ['replace-regex', [re('^(\\w+)\\.(\\w+)@.*$'), '$2.$1'], 'ada.lovelace@acme.com', 'lovelace.ada'],
    ['replace-regex', [re('\\s+'), ' '], 'a   b \t c', 'a b c'],
    ['substring-before', ['@'], 'bob@acme.com', 'bob'],
    ['substring-before', ['@'], 'bob', 'bob'],
    ['substring-after', ['@'], 'bob@acme.com', 'acme.com'],
    ['substring-after', ['@'], 'bob', 'bob'],
    ['split', [','], 'a, b,,c', ['a', ' b', 'c']],
    ['split', [';'], ['a;b', 'c'], ['a', 'b', 'c']],
    ['split', [','], undefined, undefined],
    ['join', [', '], ['a', '', null, 'b'], 'a, b'],
    ['join', [''], ['a', 'b'], 'ab'],
    ['join', ['-'], 'single', 'single'],
    ['first', [], ['', null, 'x', 'y'], 'x'],
    ['first', [], [null, ''], undefined],
    ['first', [], 'single', 'single'],
    ['e164', [], '+86 138-0013-8000', '+8613800138000'],
    ['e164', [], '0086 13800138000', '+8613800138000'],
    ['e164', [], '+44 (0)20 7183 8750', '+442071838750'],
    ['e164', [], '(+1) 415.555.2671', '+14155552671'],
    ['e164', ['1'], '(415) 555-2671', '+14155552671'],
    ['e164', ['86'], '138 0013 8000', '+8613800138000'],
    ['e164', ['49'], '030 1234567', '+49301234567'],
    ['e164', [], '13800138000', { failed: expect.stringContaining('no country code') }],
    ['e164', ['1'], '555-2671 ext. 12', { failed: expect.stringContaining('extension') }],
    ['e164', ['1'], 'call me', { failed: expect.stringContaining('characters other than digits') }],
    ['e164', [], '+1234', { failed: expect.stringContaining('has 4 digits') }],
    ['e164', [], '+1234567890123456', { failed: expect.stringContaining('has 16 digits') }],
    ['e164', [], '+0123456789', { failed: expect.stringContaining('starting with 0') }],
    ['e164', [], '', ''],
    ['e164', [], undefined, undefined],
    ['e164', ['86'], ['138 0013 8000', null], ['+8613800138000', null]],
  ];

  it.each(table)('%s %j on %j → %j', (name, args, input, expected) => {
    expect(run(name, args, input)).toEqual(expected);
  });

  it('every registered transform is exercised by the table above', () => {
    const covered = new Set(table.map(([name]) => name));
    expect(TRANSFORMS.map((t) => t.name).filter((n) => !covered.has(n))).toEqual([]);
  });

  it('every transform has a summary for the docs and the schema', () => {
    for (const t of TRANSFORMS) expect(t.summary.length, t.name).toBeGreaterThan(10);
  });
});

describe('transform arguments', () => {
  it.each([
    [{ name: 'N', kind: 'positiveInt' }, '64', true, 64],
    [{ name: 'N', kind: 'positiveInt' }, 64, false, 64],
    [{ name: 'N', kind: 'positiveInt' }, '0', true, 'N must be a whole number of at least 1'],
    [{ name: 'N', kind: 'positiveInt' }, '64', false, 'N must be a whole number of at least 1'],
    [{ name: 'N', kind: 'positiveInt' }, 1.5, false, 'N must be a whole number of at least 1'],
    [{ name: 'CC', kind: 'countryCode' }, '86', true, '86'],
    [{ name: 'CC', kind: 'countryCode' }, 86, false, '86'],
    [{ name: 'CC', kind: 'countryCode' }, '+86', true, expect.stringContaining('without +')],
    [{ name: 'CC', kind: 'countryCode' }, '1000', true, expect.stringContaining('1–3 digits')],
    [{ name: 's', kind: 'text' }, '', true, ''],
    [{ name: 's', kind: 'text' }, 7, false, '7'],
    [{ name: 's', kind: 'text' }, true, false, 's must be text'],
    [{ name: 's', kind: 'nonEmptyText' }, '', true, 's must not be empty'],
    [{ name: 'p', kind: 'regex' }, '(', false, expect.stringContaining('not a valid regular expression')],
  ] as const)('%j with %j', (spec, raw, fromText, expected) => {
    const r = checkArg(spec, raw, fromText);
    expect(r.ok ? r.value : r.why).toEqual(expected);
  });
});
