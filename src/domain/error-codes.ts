/**
 * Every error code oisync can report, with the one-line meaning an operator sees in
 * `docs/errors.md`. A test keeps this table and the document in step, so add a code here
 * and a section there in the same commit.
 */
export const ERROR_CODES = {
  // configuration and usage
  CONFIG_NOT_FOUND: 'The configuration file does not exist or cannot be read.',
  CONFIG_INVALID: 'The configuration file has one or more problems; each is listed with file:line:col.',
  USAGE: 'The command line was used wrongly (unknown option, missing argument).',

  // mapping
  MAPPING_NOT_FOUND: 'The mapping file named by the config (or on the command line) does not exist or cannot be read.',
  MAPPING_INVALID: 'The mapping file has one or more problems; each is listed with file:line:col.',
  MAPPING_RECORD: 'One record could not be mapped (a required value is empty or an IDaaS constraint is broken).',

  // target (SCIM) — classified once at the edge, see src/scim/
  SCIM_TRANSIENT: 'IDaaS answered 429/5xx or the network failed; the request is retried with backoff.',
  SCIM_NOT_FOUND: 'IDaaS has no resource with that id.',
  SCIM_CONFLICT: 'IDaaS already holds a resource with that unique value (409 uniqueness).',
  SCIM_REJECTED: 'IDaaS rejected the request as invalid (400-class); the SCIM detail says why. Not retried.',
  SCIM_UNAUTHORIZED: 'IDaaS refused the token (401/403): expired token, or the IDaaS API / SCIM permission is off.',
  SCIM_BAD_RESPONSE: 'IDaaS answered with something that is not a valid SCIM response.',
  SCIM_INSECURE_URL: 'A bearer token would be sent over plain http to a host that is not loopback.',
  SCIM_DISCOVERY: 'Discovery (/ServiceProviderConfig, /Schemas, /ResourceTypes) showed the target cannot do what the config needs.',
  SCIM_DRY_RUN: 'A write was attempted through a dry-run transport; it was recorded and not sent.',

  // source (Okta)
  OKTA_TRANSIENT: 'Okta answered 429/5xx or the network failed; the read is retried with backoff.',
  OKTA_UNAUTHORIZED: 'Okta refused the credentials (401/403): wrong or expired token, or missing scopes.',
  OKTA_NOT_FOUND: 'Okta has no object with that id (app, group or user).',
  OKTA_REQUEST: 'Okta rejected a request (400-class) made by the reader.',
  OKTA_INCOMPLETE_READ: 'An Okta read did not finish; destructive steps are not planned from it.',
  OKTA_CURSOR_INVALID: 'A stored System Log cursor is not a System Log URL of the configured Okta org; it is not followed.',
  OKTA_PRIVATE_KEY: 'The OAuth private key for Okta could not be read or is not a usable RSA key.',
  OKTA_EMULATOR_SEED_INVALID: 'The Okta emulator seed file is missing or has problems; each is listed with file:line:col.',

  // state and queue
  REDIS_UNAVAILABLE: 'Redis could not be reached.',
  LOCK_HELD: 'Another run of the same kind is in progress (single-flight).',
  RUN_NOT_FOUND: 'No run with that id is stored.',
  PLAN_NOT_FOUND: 'No stored plan with that run id, or nothing in it is held.',
  FLAG_NOT_FOUND: 'No flag with that id.',

  // operator surface: HTTP server, status page, JSON API
  SERVER_TOKEN_REQUIRED: 'The HTTP server would listen on an address that is not loopback without server.adminToken.',
  SERVER_LISTEN_FAILED: 'The HTTP server could not listen on server.host:server.port (port in use, or address not available).',
  AUTH_REQUIRED: 'A status page or API request carried no valid admin token or session.',
  CSRF_REJECTED: 'A state-changing request came without a valid CSRF token, or from another origin.',
  LOGIN_THROTTLED: 'Too many wrong admin tokens from one address; logins from it wait a minute.',
  API_BAD_REQUEST: 'An API request was malformed (an id, query parameter or body field is not valid).',
  FAILURE_NOT_FOUND: 'The run has no failed record with that key (it was retried or skipped already).',
  JOB_NOT_RETRYABLE: 'The failed record cannot be retried or skipped now: its job is running, or no longer kept.',

  // internal
  INTERNAL: 'An unexpected error; the message and cause say more.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
