import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bodyHash, canonicalJson } from '../../../src/domain/canonical-json.js';

describe('canonicalJson', () => {
  it.each([
    ['sorted keys at every depth', { b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } }, '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}'],
    ['array order kept', [3, 1, 2], '[3,1,2]'],
    ['undefined properties dropped', { a: undefined, b: 1 }, '{"b":1}'],
    ['undefined array element is null', [undefined, 1], '[null,1]'],
    ['non-finite numbers are null', [Number.NaN, Infinity], '[null,null]'],
    ['strings escaped as JSON.stringify does', { 'k"ey': 'line\nbreak é' }, '{"k\\"ey":"line\\nbreak é"}'],
    ['keys sorted by code unit, not locale', { b: 1, B: 2, á: 3, a: 4 }, '{"B":2,"a":4,"b":1,"á":3}'],
    ['toJSON honoured', { d: new Date('2024-01-02T03:04:05.000Z') }, '{"d":"2024-01-02T03:04:05.000Z"}'],
    ['booleans and null', { t: true, f: false, n: null }, '{"f":false,"n":null,"t":true}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('refuses a cycle instead of looping', () => {
    const a: Record<string, unknown> = {};
    a['self'] = a;
    expect(() => canonicalJson(a)).toThrow(/cycle/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('parses back to the same data as JSON.stringify gives, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it('does not depend on key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });
});

describe('bodyHash', () => {
  it('is equal for equal bodies written in another key order, and differs on any change', () => {
    const a = { schemas: ['x'], userName: 'alice', name: { givenName: 'A', familyName: 'S' } };
    const b = { name: { familyName: 'S', givenName: 'A' }, userName: 'alice', schemas: ['x'] };
    expect(bodyHash(a)).toBe(bodyHash(b));
    expect(bodyHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(bodyHash({ ...a, userName: 'alicE' })).not.toBe(bodyHash(a));
    expect(bodyHash({ ...a, schemas: ['x', 'y'] })).not.toBe(bodyHash({ ...a, schemas: ['y', 'x'] }));
  });
});
