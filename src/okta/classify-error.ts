import { NotFoundError, OisyncError, RejectedError, TransientError, UnauthorizedError } from '../domain/errors.js';

interface SdkErrorLike {
  name?: unknown;
  status?: unknown;
  errorCode?: unknown;
  errorSummary?: unknown;
  errorCauses?: unknown;
  message?: unknown;
  type?: unknown;
  code?: unknown;
  headers?: { get?(name: string): string | null };
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** Okta's error code, summary and causes, or the first line of a non-JSON body, shortened. */
function detailOf(e: SdkErrorLike): string {
  if (typeof e.errorCode === 'string' && e.errorCode) {
    const causes = Array.isArray(e.errorCauses)
      ? (e.errorCauses as { errorSummary?: unknown }[]).map((c) => text(c.errorSummary)).filter(Boolean)
      : [];
    return [`${e.errorCode} ${text(e.errorSummary)}`.trim(), ...causes].join('; ');
  }
  const body = text(e.message).replace(/^HTTP \d+\s*/, '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return body.length > 200 ? `${body.slice(0, 200)}…` : body || 'no details';
}

/**
 * Turns whatever the SDK or node-fetch threw into one of our domain errors, once, at the edge:
 * 401/403 → UnauthorizedError, 404 → NotFoundError, 429/5xx/network/timeout → TransientError,
 * other 4xx → RejectedError. `request` names the call (`GET /api/v1/users`); messages never
 * carry the token, the query string or the response headers. Unknown errors (our bugs) pass
 * through unchanged.
 */
export function classifyOktaError(err: unknown, request: string, timeoutMs?: number): unknown {
  if (err instanceof OisyncError) return err;
  const e = (err ?? {}) as SdkErrorLike;
  const name = text(e.name);
  if (name === 'OktaApiError' || name === 'HttpError') {
    const status = Number(e.status);
    const detail = detailOf(e);
    const base = `Okta ${request} answered ${status}: ${detail}`;
    if (status === 401 || status === 403) {
      const hint =
        status === 401
          ? 'check okta.apiToken (or the OAuth client and key): it may be wrong, expired or revoked'
          : 'the token or OAuth client lacks a permission or scope (read-only admin; okta.users.read, okta.groups.read, okta.apps.read, okta.logs.read, okta.policies.read, okta.schemas.read)';
      return new UnauthorizedError('OKTA_UNAUTHORIZED', `${base} — ${hint}`, { request, status }, err);
    }
    if (status === 404) return new NotFoundError('OKTA_NOT_FOUND', base, { request, status }, err);
    if (status === 429 || status >= 500) {
      const reset = Number(e.headers?.get?.('x-rate-limit-reset'));
      const date = Date.parse(e.headers?.get?.('date') ?? '');
      const retryAfterMs = status === 429 && Number.isFinite(reset) && !Number.isNaN(date) ? Math.max(0, reset * 1000 - date + 1000) : undefined;
      const why = status === 429 ? 'rate limit still exceeded after retries' : 'server error persisted after retries';
      return new TransientError('OKTA_TRANSIENT', `${base} (${why})`, { request, status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) }, err);
    }
    return new RejectedError('OKTA_REQUEST', base, { request, status, detail }, err);
  }
  if (name === 'FetchError' || name === 'AbortError') {
    const type = text(e.type);
    const why =
      type === 'request-timeout' || type === 'body-timeout'
        ? `timed out${timeoutMs ? ` after ${timeoutMs} ms` : ''}`
        : `network error (${text(e.code) || type || 'unknown'})`;
    return new TransientError('OKTA_TRANSIENT', `Okta ${request} failed: ${why}, after retries`, { request }, err);
  }
  return err;
}

/** Runs one SDK call and classifies what it throws. */
export async function oktaCall<T>(request: string, fn: () => Promise<T>, timeoutMs?: number): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw classifyOktaError(err, request, timeoutMs);
  }
}
