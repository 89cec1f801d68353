import { SCHEMA_ERROR } from '../../domain/scim.js';

/** RFC 7644 §3.12 `scimType` values the emulator answers with. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

/**
 * A request the emulator refuses. Thrown anywhere inside a handler and turned into the RFC 7644
 * §3.12 error body at the HTTP edge, so no handler writes error responses itself.
 */
export class ScimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly scimType?: ScimType,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'ScimHttpError';
  }

  body(): Record<string, unknown> {
    // `status` is a string in the RFC; clients that expect a number must cope (Okta's does).
    return {
      schemas: [SCHEMA_ERROR],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.detail,
    };
  }
}

export const badRequest = (scimType: ScimType, detail: string): ScimHttpError => new ScimHttpError(400, detail, scimType);
export const notFound = (detail: string): ScimHttpError => new ScimHttpError(404, detail);
export const conflict = (detail: string): ScimHttpError => new ScimHttpError(409, detail, 'uniqueness');
