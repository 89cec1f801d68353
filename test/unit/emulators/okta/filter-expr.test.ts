import { describe, expect, it } from 'vitest';
import { checkFilter, evaluate, FilterSyntaxError, parseFilter } from '../../../../src/emulators/okta/filter-expr.js';
import { LOG_FILTER, USER_FILTER, USER_SEARCH } from '../../../../src/emulators/okta/query-schemas.js';

const user: Record<string, unknown> = {
  status: 'ACTIVE',
  lastUpdated: Date.parse('2024-06-01T00:00:00.000Z'),
  id: '00u1',
  'profile.login': 'Zoe.Muller@acme.example',
  'profile.firstName': 'Zoë',
  'profile.department': 'Engineering',
};
const get = (a: string): unknown => user[a];

function run(expr: string, schema = USER_FILTER): boolean {
  const ast = parseFilter(expr);
  checkFilter(ast, schema);
  return evaluate(ast, get, schema);
}

describe('Okta filter expressions', () => {
  it.each([
    ['status eq "ACTIVE"', true],
    ['status eq "SUSPENDED"', false],
    ['lastUpdated gt "2024-05-31T23:59:59.000Z"', true],
    ['lastUpdated ge "2024-06-01T00:00:00.000Z" and lastUpdated lt "2024-06-02T00:00:00.000Z"', true],
    ['lastUpdated le "2024-01-01T00:00:00Z"', false],
    ['status eq "SUSPENDED" or id eq "00u1"', true],
    ['(status eq "SUSPENDED" or status eq "ACTIVE") and profile.login eq "zoe.muller@acme.example"', true],
    ['profile.firstName eq "Zoë"', true],
  ])('filter %s → %s', (expr, expected) => {
    expect(run(expr)).toBe(expected);
  });

  it.each([
    ['profile.department sw "Eng"', true],
    ['profile.department pr', true],
    ['profile.title pr', false],
    ['profile.firstName co "oë"', true],
  ])('search %s → %s', (expr, expected) => {
    expect(run(expr, USER_SEARCH)).toBe(expected);
  });

  it.each([
    ['status eq', /expected a value/],
    ['status eq "ACTIVE" and', /expected an attribute/],
    ['(status eq "ACTIVE"', /missing "\)"/],
    ['status eq "unterminated', /unterminated/],
    ['status foo "x"', /expected an operator/],
    ['profile.department eq "x"', /not supported/], // filter allows only a few profile attributes
    ['status gt "ACTIVE"', /operator "gt" is not supported/],
    ['lastUpdated gt "yesterday"', /quoted date/],
    ['not status eq "ACTIVE"', /"not" is not supported/],
    ['', /empty/],
  ])('rejects %j', (expr, why) => {
    expect(() => run(expr)).toThrow(FilterSyntaxError);
    expect(() => run(expr)).toThrow(why);
  });

  it('refuses filtering the System Log on published (Okta wants since/until)', () => {
    expect(() => checkFilter(parseFilter('published gt "2024-01-01T00:00:00Z"'), LOG_FILTER)).toThrow(/published/);
  });

  it('matches any element of an array attribute (log targets)', () => {
    const ast = parseFilter('target.id eq "00g2"');
    expect(evaluate(ast, () => ['00u1', '00g2'], LOG_FILTER)).toBe(true);
    expect(evaluate(ast, () => ['00u1'], LOG_FILTER)).toBe(false);
  });
});
