import { stringify } from 'scim2-parse-filter';

/**
 * `attr eq "value"` with the value written as a JSON string (quotes, backslashes and control
 * characters escaped, RFC 7644 §3.4.2.2), built by scim2-parse-filter's stringify rather than
 * by string concatenation. URL-encoding happens in the transport.
 */
export function eqFilter(attribute: string, value: string): string {
  return stringify({ op: 'eq', attrPath: attribute, compValue: value });
}

/** The path that removes one member: `members[value eq "<id>"]`. */
export function memberPath(userId: string): string {
  return `members[${eqFilter('value', userId)}]`;
}
