import {
  ConflictError,
  NotFoundError,
  RejectedError,
  TransientError,
  UnauthorizedError,
  type OisyncError,
} from '../domain/errors.js';
import { displayUrl } from '../domain/net.js';
import { parseRetryAfter } from './retry-after.js';
import { describeRequest, type ScimHttpRequest, type ScimHttpResponse } from './transport.js';

/**
 * Turns a non-2xx answer into one of the domain errors, once, here; nothing above the client
 * looks at status codes (STYLE.md "Classify once, at the edge"). The SCIM `detail` and
 * `scimType` are kept for the operator.
 */
export interface ClassifyContext {
  readonly now: Date;
  /** Masks our token in text the server sent back. */
  readonly redact: (text: string) => string;
}

interface ErrorBody {
  readonly detail: string | undefined;
  readonly scimType: string | undefined;
  /** True when the body was JSON (a SCIM error or at least JSON); false for HTML and other text. */
  readonly json: boolean;
}

export function readErrorBody(res: ScimHttpResponse, redact: (t: string) => string): ErrorBody {
  const text = res.text.trim();
  if (text === '') return { detail: undefined, scimType: undefined, json: true };
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const o = parsed as Record<string, unknown>;
      const detail = typeof o['detail'] === 'string' ? o['detail'] : typeof o['message'] === 'string' ? o['message'] : undefined;
      const scimType = typeof o['scimType'] === 'string' ? o['scimType'] : undefined;
      return { detail: detail === undefined ? undefined : redact(detail), scimType, json: true };
    }
    return { detail: undefined, scimType: undefined, json: true };
  } catch {
    return { detail: redact(text.replace(/\s+/g, ' ')), scimType: undefined, json: false };
  }
}

const header = (res: ScimHttpResponse, name: string): string | undefined => {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

export function classifyFailure(req: ScimHttpRequest, res: ScimHttpResponse, ctx: ClassifyContext): OisyncError {
  const request = describeRequest(req);
  const status = res.status;
  const body = readErrorBody(res, ctx.redact);
  const said = body.detail ? `: ${body.detail}` : '';
  const info = { request, status, ...(body.detail !== undefined ? { detail: body.detail } : {}), ...(body.scimType !== undefined ? { scimType: body.scimType } : {}) };

  if (status >= 300 && status < 400) {
    const location = header(res, 'location');
    return new RejectedError(
      'SCIM_BAD_RESPONSE',
      `IDaaS answered ${request} with a redirect (${status}${location ? ` to ${displayUrl(location)}` : ''}); the token is not sent to redirects, so set idaas.scimBaseUrl to the final SCIM Base URL`,
      info,
    );
  }
  if (status === 401) {
    return new UnauthorizedError(
      'SCIM_UNAUTHORIZED',
      `IDaaS refused the bearer token (401) on ${request}${said}. The token may have expired (IDaaS tokens last 1 day to 3 years) or be wrong: ` +
        'copy a valid one from Provisioning > Synchronize Application to IDaaS > Bearer Token into idaas.bearerToken.',
      info,
    );
  }
  if (status === 403) {
    return new UnauthorizedError(
      'SCIM_UNAUTHORIZED',
      `IDaaS refused ${request} (403)${said}. Check that "IDaaS API" is enabled on the application and that the SCIM API permissions ` +
        'are granted (Provisioning > Synchronize Application to IDaaS; 接口授权 → SCIM接口权限).',
      info,
    );
  }
  if (status === 404) {
    if (!body.json) {
      // An HTML 404 means a wrong URL, not a missing resource: treating it as "deleted" would be a disaster.
      return new RejectedError('SCIM_BAD_RESPONSE', `IDaaS answered ${request} with a 404 that is not a SCIM error; check idaas.scimBaseUrl${said}`, info);
    }
    return new NotFoundError('SCIM_NOT_FOUND', `IDaaS has no such resource: ${request} answered 404${said}`, info);
  }
  if (status === 409) {
    return new ConflictError(`IDaaS already holds a conflicting resource: ${request} answered 409${body.scimType ? ` (${body.scimType})` : ''}${said}`, info);
  }
  if (status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505)) {
    const retryAfterMs = parseRetryAfter(header(res, 'retry-after'), ctx.now);
    const wait = retryAfterMs === undefined ? '' : ` (Retry-After ${retryAfterMs} ms)`;
    return new TransientError('SCIM_TRANSIENT', `IDaaS answered ${request} with ${status}${wait}${said}`, {
      request,
      status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new RejectedError('SCIM_REJECTED', `IDaaS rejected ${request} (${status}${body.scimType ? ` ${body.scimType}` : ''})${said}`, info);
}

/** No answer at all (refused, reset, DNS, timeout): worth retrying. The cause carries no request objects. */
export function classifyNetworkError(req: ScimHttpRequest, err: unknown, redact: (t: string) => string): TransientError {
  const request = describeRequest(req);
  const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : 'ENETWORK';
  const message = redact(err instanceof Error ? err.message : String(err));
  const cause = Object.assign(new Error(message), { code });
  return new TransientError('SCIM_TRANSIENT', `IDaaS did not answer ${request}: ${code === 'ETIMEDOUT' ? 'timed out' : message} (${code})`, { request }, cause);
}
