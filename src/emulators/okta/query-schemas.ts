import { checkFilter, FilterSyntaxError, parseFilter, type AttrRule, type AttrSchema, type Expr } from './filter-expr.js';
import { oktaErrors } from './okta-errors.js';

/**
 * What each endpoint's `filter` and `search` accept, after Okta's API reference: `filter` on
 * users takes only status / lastUpdated / id / a few profile attributes with `eq` (lastUpdated
 * also gt/ge/lt/le); `search` takes any profile attribute; groups filter on id / type /
 * lastUpdated / lastMembershipUpdated; logs filter on event fields but never on `published`.
 */
const EQ: AttrRule = { ops: ['eq'], kind: 'exact' };
const EQ_CI: AttrRule = { ops: ['eq'], kind: 'ci' };
const DATE: AttrRule = { ops: ['eq', 'gt', 'ge', 'lt', 'le'], kind: 'date' };
const DATE_SEARCH: AttrRule = { ops: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'pr'], kind: 'date' };
const SEARCH_TEXT: AttrRule = { ops: ['eq', 'ne', 'sw', 'co', 'pr'], kind: 'ci' };
const SEARCH_ANY: AttrRule = { ops: ['eq', 'ne', 'sw', 'gt', 'ge', 'lt', 'le', 'pr'], kind: 'ci' };

export const USER_FILTER: AttrSchema = {
  attrs: {
    status: EQ,
    lastUpdated: DATE,
    id: EQ,
    'profile.login': EQ_CI,
    'profile.email': EQ_CI,
    'profile.firstName': EQ_CI,
    'profile.lastName': EQ_CI,
  },
};

export const USER_SEARCH: AttrSchema = {
  attrs: {
    id: { ops: ['eq', 'ne'], kind: 'exact' },
    status: { ops: ['eq', 'ne'], kind: 'exact' },
    created: DATE_SEARCH,
    activated: DATE_SEARCH,
    statusChanged: DATE_SEARCH,
    lastUpdated: DATE_SEARCH,
    lastLogin: DATE_SEARCH,
    passwordChanged: DATE_SEARCH,
    'type.id': EQ,
    'profile.login': SEARCH_TEXT,
    'profile.email': SEARCH_TEXT,
    'profile.firstName': SEARCH_TEXT,
    'profile.lastName': SEARCH_TEXT,
  },
  profileRule: SEARCH_ANY,
};

export const GROUP_FILTER: AttrSchema = {
  attrs: { id: EQ, type: EQ, lastUpdated: DATE, lastMembershipUpdated: DATE },
};

export const GROUP_SEARCH: AttrSchema = {
  attrs: {
    id: { ops: ['eq', 'ne'], kind: 'exact' },
    type: { ops: ['eq', 'ne'], kind: 'exact' },
    created: DATE_SEARCH,
    lastUpdated: DATE_SEARCH,
    lastMembershipUpdated: DATE_SEARCH,
    'profile.name': SEARCH_TEXT,
    'profile.description': SEARCH_TEXT,
  },
  profileRule: SEARCH_ANY,
};

const LOG_TEXT: AttrRule = { ops: ['eq', 'sw', 'co'], kind: 'exact' };
export const LOG_FILTER: AttrSchema = {
  attrs: {
    eventType: LOG_TEXT,
    uuid: EQ,
    severity: EQ,
    'outcome.result': EQ,
    'actor.id': EQ,
    'actor.alternateId': LOG_TEXT,
    'target.id': EQ,
    'target.type': EQ,
    'target.alternateId': LOG_TEXT,
    'transaction.id': EQ,
    'transaction.detail.requestApiTokenId': EQ,
  },
};

/** Parses and checks an expression, answering 400 E0000031 with the reason when it is not acceptable. */
export function compileQuery(param: 'filter' | 'search', text: string, schema: AttrSchema): Expr {
  try {
    const expr = parseFilter(text);
    checkFilter(expr, schema);
    return expr;
  } catch (err) {
    if (err instanceof FilterSyntaxError) throw oktaErrors.badFilter(`Invalid ${param} expression: ${err.message}`);
    throw err;
  }
}
