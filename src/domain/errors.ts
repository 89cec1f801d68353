import type { ErrorCode } from './error-codes.js';

export { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface ErrorOptions {
  cause?: unknown;
  /** Structured facts for logs and the operator view. Never put secrets here. */
  details?: Readonly<Record<string, unknown>>;
}

/**
 * Base of every error oisync raises on purpose: a stable `code` (listed in docs/errors.md),
 * a message an operator can act on, an optional `cause` and non-secret `details`.
 */
export class OisyncError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

/** One problem in a file the operator edits, located as file:line:col. */
export interface FileProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted key path inside the file, e.g. `idaas.requestsPerSecond`; empty for file-level problems. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

export function formatProblem(p: FileProblem): string {
  const where = `${p.file}:${p.line}:${p.col}`;
  const key = p.path ? ` ${p.path}:` : '';
  const hint = p.hint ? ` (${p.hint})` : '';
  return `${where}${key} ${p.message}${hint}`;
}

/** A file (config or mapping) with every problem found in it, reported at once. */
export class FileProblemsError extends OisyncError {
  readonly problems: readonly FileProblem[];

  constructor(code: 'CONFIG_INVALID' | 'MAPPING_INVALID', file: string, problems: readonly FileProblem[]) {
    const head = `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    super(code, [head, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n'), {
      details: { file, count: problems.length },
    });
    this.problems = Object.freeze([...problems]);
  }
}

// ---- Target (SCIM) error classes: the SCIM client classifies HTTP outcomes into these once,
// and nothing above it looks at status codes. ----

export interface RequestInfo {
  /** e.g. `POST /Users` — method plus path relative to the base URL, never a token. */
  readonly request: string;
  readonly status?: number;
}

export class TransientError extends OisyncError {
  /** Server-requested wait (Retry-After), in ms, when it gave one. */
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;
  constructor(
    code: 'SCIM_TRANSIENT' | 'OKTA_TRANSIENT',
    message: string,
    info: RequestInfo & { retryAfterMs?: number },
    cause?: unknown,
  ) {
    super(code, message, { cause, details: { request: info.request, status: info.status, retryAfterMs: info.retryAfterMs } });
    this.retryAfterMs = info.retryAfterMs;
    this.status = info.status;
  }
}

export class NotFoundError extends OisyncError {
  constructor(code: 'SCIM_NOT_FOUND' | 'OKTA_NOT_FOUND', message: string, info: RequestInfo, cause?: unknown) {
    super(code, message, { cause, details: { ...info } });
  }
}

export class ConflictError extends OisyncError {
  readonly detail: string | undefined;
  constructor(message: string, info: RequestInfo & { detail?: string; scimType?: string }, cause?: unknown) {
    super('SCIM_CONFLICT', message, { cause, details: { ...info } });
    this.detail = info.detail;
  }
}

export class RejectedError extends OisyncError {
  readonly detail: string | undefined;
  readonly scimType: string | undefined;
  readonly status: number | undefined;
  constructor(
    code: 'SCIM_REJECTED' | 'OKTA_REQUEST' | 'SCIM_BAD_RESPONSE',
    message: string,
    info: RequestInfo & { detail?: string; scimType?: string },
    cause?: unknown,
  ) {
    super(code, message, { cause, details: { ...info } });
    this.detail = info.detail;
    this.scimType = info.scimType;
    this.status = info.status;
  }
}

export class UnauthorizedError extends OisyncError {
  readonly status: number | undefined;
  constructor(code: 'SCIM_UNAUTHORIZED' | 'OKTA_UNAUTHORIZED', message: string, info: RequestInfo, cause?: unknown) {
    super(code, message, { cause, details: { ...info } });
    this.status = info.status;
  }
}

/** True for errors worth retrying with backoff (429/5xx/network). */
export function isTransient(err: unknown): err is TransientError {
  return err instanceof TransientError;
}

/** A short, secret-free description of any thrown value, for logs and stored run errors. */
export function describeError(err: unknown): { code: string; message: string } {
  if (err instanceof OisyncError) return { code: err.code, message: err.message };
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message };
  return { code: 'INTERNAL', message: String(err) };
}
