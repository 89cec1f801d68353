/**
 * The org URL without trailing slashes. The SDK's generated API layer appends `/api/v1/...`
 * to `orgUrl` as given, so `https://acme.okta.com/` becomes `https://acme.okta.com//api/v1/...`,
 * which url-parse reads as host `api` — every call fails. `client.baseUrl` strips the slash but
 * the generated calls do not use it.
 */
export function normalizeOrgUrl(raw: string): string {
  return raw.trim().replace(/\/+$/, '');
}

/** `GET /api/v1/users` from a method and an absolute or relative URL: for messages, never with host or query. */
export function requestLabel(method: string | undefined, url: string): string {
  let path: string;
  try {
    path = new URL(url, 'http://x').pathname;
  } catch {
    path = url.split('?')[0] ?? url;
  }
  return `${(method ?? 'GET').toUpperCase()} ${path}`;
}
