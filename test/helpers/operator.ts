import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { FAKE_ADMIN_TOKEN } from './config.js';

/** Log in through the form; returns the session cookie value and the page's CSRF token. */
export async function login(app: FastifyInstance, token = FAKE_ADMIN_TOKEN): Promise<{ cookie: string; csrf: string }> {
  const res = await app.inject({ method: 'POST', url: '/login', payload: new URLSearchParams({ token, next: '/' }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  if (res.statusCode !== 303) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'oisync_session')?.value;
  if (!cookie) throw new Error('no session cookie');
  const page = await app.inject({ url: '/', cookies: { oisync_session: cookie }, headers: { accept: 'text/html' } });
  return { cookie, csrf: csrfOf(page.body) };
}

export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no CSRF token on the page');
  return m[1];
}

export const bearer = (token = FAKE_ADMIN_TOKEN): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** A form post from the status page, with its session cookie and CSRF token. */
export function formPost(app: FastifyInstance, url: string, session: { cookie: string; csrf: string }, fields: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url,
    cookies: { oisync_session: session.cookie },
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:80', host: 'localhost:80' },
    payload: new URLSearchParams({ _csrf: session.csrf, ...fields }).toString(),
  });
}

/** Poll until `check` holds (no fixed sleeps); throws with the last value after `timeoutMs`. */
export async function until<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface RouteCase {
  readonly method: 'GET' | 'POST';
  /** A concrete URL to request. */
  readonly url: string;
  /** The route template it exercises, as fastify registered it. */
  readonly route: string;
}

/** The public routes: health and the login form. Everything else needs the admin token. */
export const PUBLIC_ROUTES = ['GET /healthz', 'GET /readyz', 'GET /login', 'POST /login'];

/**
 * One request per protected route of the operator server (the queue dashboard by its page, its
 * API and a static asset). The auth test checks this list against the routes the server has,
 * so a new route without a case here fails it.
 */
export function protectedRoutes(runId: string, boardAsset: string): RouteCase[] {
  const c = (method: 'GET' | 'POST', url: string, route = url): RouteCase => ({ method, url, route });
  return [
    c('GET', '/'),
    c('GET', '/assets/status.js'),
    c('GET', '/api/status'),
    c('GET', '/api/runs'),
    c('POST', '/api/runs'),
    c('GET', `/api/runs/${runId}`, '/api/runs/:runId'),
    c('GET', `/api/runs/${runId}/failures`, '/api/runs/:runId/failures'),
    c('POST', `/api/runs/${runId}/approve`, '/api/runs/:runId/approve'),
    c('POST', `/api/runs/${runId}/failures/u:00u1/retry`, '/api/runs/:runId/failures/:key/retry'),
    c('POST', `/api/runs/${runId}/failures/u:00u1/skip`, '/api/runs/:runId/failures/:key/skip'),
    c('GET', '/api/flags'),
    c('POST', '/api/flags/unassigned-00u1/resolve', '/api/flags/:flagId/resolve'),
    c('GET', '/api/mapping'),
    c('GET', '/api/drift'),
    c('GET', '/metrics'),
    c('POST', '/logout'),
    c('GET', '/admin/queues', '/admin/queues'),
    c('GET', '/admin/queues/api/queues', '/admin/queues/api/queues'),
    c('GET', boardAsset, '/admin/queues/static/*'),
  ];
}
