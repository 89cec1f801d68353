/**
 * The one seam between the SCIM client and the wire. The real transport sends with got; the
 * dry-run transport records writes and answers them itself, so "dry run" is enforced below
 * everything that builds requests.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ScimHttpRequest {
  readonly method: HttpMethod;
  /** Path relative to the SCIM base URL, starting with `/` (ids already encoded). */
  readonly path: string;
  /** Query parameters; encoded with %20 for spaces, as Okta sends filters. */
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Method plus path template, e.g. `PATCH /Groups/{id}`; for metrics and logs. */
  readonly route: string;
}

export interface ScimHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** True when the dry-run transport made this answer up instead of sending the request. */
  readonly synthetic?: boolean;
  /** Time spent waiting for a slot of the global request budget before sending, ms. */
  readonly waitedMs?: number;
}

export interface Transport {
  /** Resolves with any HTTP answer (also 4xx/5xx); rejects only when no answer came (already classified). */
  send(req: ScimHttpRequest): Promise<ScimHttpResponse>;
  close(): void;
}

/** `GET /Users/{id}` style name of a request, without query or token: used in every error message. */
export function describeRequest(req: Pick<ScimHttpRequest, 'method' | 'path'>): string {
  return `${req.method} ${req.path}`;
}

export function encodeQuery(query: Readonly<Record<string, string>> | undefined): string {
  if (!query) return '';
  const parts = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}
