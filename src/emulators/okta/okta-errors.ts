import { randomId, ID_PREFIX } from './ids.js';

/**
 * Okta's error body (`errorCode`, `errorSummary`, `errorLink`, `errorId`, `errorCauses`) and the
 * codes the emulator answers with. The SDK turns any JSON error body into `OktaApiError`, so
 * clients see exactly what they would see from a real org.
 */
export interface OktaErrorBody {
  readonly errorCode: string;
  readonly errorSummary: string;
  readonly errorLink: string;
  readonly errorId: string;
  readonly errorCauses: readonly { readonly errorSummary: string }[];
}

export class OktaHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly causes: readonly string[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`${status} ${errorCode} ${errorSummary}`);
  }

  body(): OktaErrorBody {
    return {
      errorCode: this.errorCode,
      errorSummary: this.errorSummary,
      errorLink: this.errorCode,
      errorId: randomId(ID_PREFIX.errorId),
      errorCauses: this.causes.map((c) => ({ errorSummary: c })),
    };
  }
}

export const oktaErrors = {
  invalidToken: () => new OktaHttpError(401, 'E0000011', 'Invalid token provided'),
  /** What a token without the admin right (or an OAuth app without the scope) gets. */
  forbidden: () => new OktaHttpError(403, 'E0000006', 'You do not have permission to perform the requested action'),
  notFound: (id: string, type: string) => new OktaHttpError(404, 'E0000007', `Not found: Resource not found: ${id} (${type})`),
  noRoute: () => new OktaHttpError(404, 'E0000007', 'Not found: Resource not found'),
  methodNotAllowed: () => new OktaHttpError(405, 'E0000022', 'The endpoint does not support the provided HTTP method'),
  badFilter: (why: string) => new OktaHttpError(400, 'E0000031', 'Invalid search criteria.', [why]),
  validation: (field: string, why: string) => new OktaHttpError(400, 'E0000001', `Api validation failed: ${field}`, [`${field}: ${why}`]),
  malformedBody: (why: string) => new OktaHttpError(400, 'E0000003', 'The request body was not well-formed.', [why]),
  rateLimited: () => new OktaHttpError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.'),
  internal: (why = 'Internal Server Error') => new OktaHttpError(500, 'E0000009', 'Internal Server Error', [why]),
  unavailable: () => new OktaHttpError(503, 'E0000010', 'Service is temporarily unavailable'),
  conflict: (why: string) => new OktaHttpError(400, 'E0000001', 'Api validation failed: login', [why]),
} as const;
