import type { JsonObject } from '../../domain/scim.js';
import type { PasswordPolicy } from './options.js';
import { passwordProblem } from './password-policy.js';
import { badRequest } from './scim-error.js';

/** IDaaS account model limits (Developer API CreateUser), applied on top of the SCIM schema. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;
export const MAX_DISPLAY_NAME = 64;
export const MAX_EXTERNAL_ID = 64;
/** Not documented for groups; assumed, see docs/emulators.md. */
export const MAX_GROUP_NAME = 128;

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Throws a 400 `invalidValue` for the first IDaaS rule a normalized user breaks. */
export function checkUserRules(doc: JsonObject, policy: PasswordPolicy): void {
  const userName = doc['userName'];
  if (typeof userName !== 'string') throw badRequest('invalidValue', '"userName" is required');
  if (!USERNAME_PATTERN.test(userName)) {
    throw badRequest('invalidValue', `"userName" must be 1 to 64 letters, digits or _ . @ - (got ${JSON.stringify(userName.slice(0, 80))})`);
  }
  lengthAtMost(doc, 'displayName', MAX_DISPLAY_NAME);
  lengthAtMost(doc, 'externalId', MAX_EXTERNAL_ID);
  const emails = doc['emails'];
  if (Array.isArray(emails)) {
    let primaries = 0;
    for (const e of emails) {
      const o = e as JsonObject;
      if (typeof o['value'] !== 'string') throw badRequest('invalidValue', 'every entry of "emails" needs a "value"');
      if (!EMAIL.test(o['value'])) throw badRequest('invalidValue', `"emails.value" is not an email address: ${JSON.stringify(o['value'])}`);
      if (o['primary'] === true) primaries += 1;
    }
    if (primaries > 1) throw badRequest('invalidValue', 'at most one entry of "emails" may be primary');
  }
  const phones = doc['phoneNumbers'];
  if (Array.isArray(phones)) {
    if (phones.some((p) => typeof (p as JsonObject)['value'] !== 'string')) throw badRequest('invalidValue', 'every entry of "phoneNumbers" needs a "value"');
    if (phones.filter((p) => (p as JsonObject)['primary'] === true).length > 1) throw badRequest('invalidValue', 'at most one entry of "phoneNumbers" may be primary');
  }
  const password = doc['password'];
  if (typeof password === 'string') {
    const problem = passwordProblem(password, policy);
    if (problem) throw badRequest('invalidValue', problem);
  }
}

export function checkGroupRules(doc: JsonObject): void {
  const name = doc['displayName'];
  if (typeof name !== 'string' || name.trim() === '') throw badRequest('invalidValue', '"displayName" is required');
  lengthAtMost(doc, 'displayName', MAX_GROUP_NAME);
  lengthAtMost(doc, 'externalId', MAX_EXTERNAL_ID);
  const members = doc['members'];
  if (Array.isArray(members) && members.some((m) => typeof (m as JsonObject)['value'] !== 'string')) {
    throw badRequest('invalidValue', 'every entry of "members" needs a "value" (a user id)');
  }
}

function lengthAtMost(doc: JsonObject, key: string, max: number): void {
  const v = doc[key];
  if (typeof v === 'string' && [...v].length > max) throw badRequest('invalidValue', `"${key}" must be at most ${max} characters (got ${[...v].length})`);
}
