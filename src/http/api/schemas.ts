/** JSON Schemas of the API's ids and bodies (fastify validates them; a mismatch is API_BAD_REQUEST). */

export const RUN_ID = { type: 'string', pattern: '^[A-Za-z0-9_.@-]{1,100}$' } as const;
/** `u:<okta id>`, `g:<okta id>` or `m:<okta group id>:<batch>`. */
export const RECORD_KEY = { type: 'string', pattern: '^[ugm]:[A-Za-z0-9_.@:-]{1,300}$' } as const;
export const FLAG_ID = { type: 'string', pattern: '^[A-Za-z0-9_.@-]{1,300}$' } as const;
/** The CSRF token a form sends (checked by the guard, allowed in every action body). */
export const CSRF_FIELD = { _csrf: { type: 'string', maxLength: 200 } } as const;

export const runParams = {
  type: 'object',
  required: ['runId'],
  properties: { runId: RUN_ID },
} as const;

export const failureParams = {
  type: 'object',
  required: ['runId', 'key'],
  properties: { runId: RUN_ID, key: RECORD_KEY },
} as const;

export const flagParams = {
  type: 'object',
  required: ['flagId'],
  properties: { flagId: FLAG_ID },
} as const;

/** A body that carries nothing but (for forms) the CSRF token. */
export const actionBody = {
  type: ['object', 'null'],
  properties: { ...CSRF_FIELD },
} as const;

export const pageQuery = {
  type: 'object',
  properties: {
    offset: { type: 'integer', minimum: 0, default: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
  },
} as const;
