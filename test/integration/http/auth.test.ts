import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import { SESSION_TTL_MS } from '../../../src/http/auth/session.js';
import type { OperatorServer } from '../../../src/http/server.js';
import { FAKE_ADMIN_TOKEN } from '../../helpers/config.js';
import { bearer, csrfOf, formPost, login, protectedRoutes, PUBLIC_ROUTES, type RouteCase } from '../../helpers/operator.js';
import { Stack } from '../../helpers/stack.js';

/** One static file of the bull-board UI, to check that the admin token covers the whole mount. */
function boardAsset(): string {
  const require = createRequire(import.meta.url);
  const root = join(dirname(require.resolve('@bull-board/ui/package.json')), 'dist', 'static', 'css');
  const css = readdirSync(root).find((f) => f.endsWith('.css'));
  if (!css) throw new Error('no bull-board css found');
  return `/admin/queues/static/css/${css}`;
}

describe('operator server: authentication on every route', () => {
  let stack: Stack;
  let rt: Runtime;
  let server: OperatorServer;
  let runId: string;
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

  const ping: FastifyPluginAsync = (app) => {
    app.get('/ping', () => Promise.resolve({ pong: true }));
    return Promise.resolve();
  };

  beforeAll(async () => {
    stack = await Stack.start();
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    runId = (await stack.sync(rt)).id;
    server = await stack.server(rt, {
      clock,
      plugins: [
        { plugin: ping, prefix: '/hooks/test', auth: 'self' },
        { plugin: ping, prefix: '/extra', auth: 'admin' },
      ],
    });
  });
  afterAll(async () => {
    await server?.close();
    await rt?.close(1000);
    await stack?.close();
  });

  const protectedCases = (): RouteCase[] => [...protectedRoutes(runId, boardAsset()), { method: 'GET', url: '/extra/ping', route: '/extra/ping' }];

  it('has an auth case for every route it serves', () => {
    const covered = new Set([...PUBLIC_ROUTES, ...protectedCases().map((r) => `${r.method} ${r.route}`), 'GET /hooks/test/ping']);
    const served = server
      .routes()
      .filter((r) => r.method !== 'HEAD')
      // bull-board's own pages and API sit in the same guarded scope; three of them stand for all
      .filter((r) => !r.url.startsWith('/admin/queues/') || r.url === '/admin/queues/api/queues' || r.url === '/admin/queues/static/*')
      .map((r) => `${r.method} ${r.url}`);
    expect(served.filter((r) => !covered.has(r))).toEqual([]);
    expect(served.length).toBeGreaterThan(20);
  });

  it('refuses every protected route without a token, with a wrong token, and with a forged cookie', async () => {
    for (const r of protectedCases()) {
      const none = await server.app.inject({ method: r.method, url: r.url });
      expect(none.statusCode, `${r.method} ${r.url} without auth`).toBe(401);
      expect(none.json(), r.url).toMatchObject({ error: { code: 'AUTH_REQUIRED' } });
      expect(none.headers['www-authenticate']).toBe('Bearer realm="oisync"');
      const wrong = await server.app.inject({ method: r.method, url: r.url, headers: bearer('not-the-admin-token-at-all') });
      expect(wrong.statusCode, `${r.method} ${r.url} wrong token`).toBe(401);
      const forged = await server.app.inject({ method: r.method, url: r.url, cookies: { oisync_session: 'v1.1700000000.abc.def' } });
      expect(forged.statusCode, `${r.method} ${r.url} forged cookie`).toBe(401);
    }
  });

  it('sends a browser that is not logged in to the login form, and back afterwards', async () => {
    const res = await server.app.inject({ url: `/?run=${runId}`, headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(`/?run=${runId}`)}`);
    const form = await server.app.inject({ url: res.headers.location as string });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<form method="post" action="/login">');
    expect(form.body).toContain(`value="/?run=${runId}"`);
    const post = await server.app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token: FAKE_ADMIN_TOKEN, next: `/?run=${runId}` }).toString(),
    });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe(`/?run=${runId}`);
  });

  it('accepts the Bearer token on every protected route', async () => {
    for (const r of protectedCases()) {
      if (r.method !== 'GET') continue;
      const res = await server.app.inject({ method: r.method, url: r.url, headers: bearer() });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(200);
    }
  });

  it('login sets an HttpOnly, SameSite=Strict session cookie that does not contain the token', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/login', payload: { token: FAKE_ADMIN_TOKEN } });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = res.cookies.find((c) => c.name === 'oisync_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/', maxAge: SESSION_TTL_MS / 1000 });
    expect(cookie?.value).not.toContain(FAKE_ADMIN_TOKEN);
    const page = await server.app.inject({ url: '/', cookies: { oisync_session: cookie?.value ?? '' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Run history');
  });

  it('a wrong token gets the form again with an error; a foreign next= is ignored', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/login', payload: { token: 'wrong', next: '//evil.example/x' } });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('That is not the admin token.');
    expect(res.body).toContain('name="next" value="/"');
    expect(res.cookies).toEqual([]);
  });

  it('throttles an address after ten wrong tokens, while others still log in', async () => {
    const from = (ip: string, token: string) => server.app.inject({ method: 'POST', url: '/login', payload: { token }, remoteAddress: ip });
    for (let i = 0; i < 10; i++) expect((await from('10.9.9.9', `wrong-${i}`)).statusCode).toBe(401);
    const blocked = await from('10.9.9.9', FAKE_ADMIN_TOKEN);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('LOGIN_THROTTLED');
    expect((await from('10.9.9.10', FAKE_ADMIN_TOKEN)).statusCode).toBe(303);
  });

  it('a session ends after 12 hours, and a tampered cookie is refused', async () => {
    const { cookie } = await login(server.app);
    const tampered = cookie.replace(/^v1\.(\d+)\./, (_m, t: string) => `v1.${Number(t) + 3600}.`);
    expect((await server.app.inject({ url: '/api/status', cookies: { oisync_session: tampered } })).statusCode).toBe(401);
    clock.offsetMs = SESSION_TTL_MS + 60_000;
    try {
      expect((await server.app.inject({ url: '/api/status', cookies: { oisync_session: cookie } })).statusCode).toBe(401);
    } finally {
      clock.offsetMs = 0;
    }
    expect((await server.app.inject({ url: '/api/status', cookies: { oisync_session: cookie } })).statusCode).toBe(200);
  });

  it('a session from another admin token is refused (changing the token ends sessions)', async () => {
    const other = await stack.server(rt, { adminToken: 'another-admin-token-0123456789' });
    try {
      const { cookie } = await login(other.app, 'another-admin-token-0123456789');
      expect((await server.app.inject({ url: '/api/status', cookies: { oisync_session: cookie } })).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });

  describe('CSRF', () => {
    it('a cookie-authenticated POST without the token is refused; with it, it runs', async () => {
      const session = await login(server.app);
      const bare = await server.app.inject({ method: 'POST', url: '/api/runs', cookies: { oisync_session: session.cookie }, payload: { dryRun: true } });
      expect(bare.statusCode).toBe(403);
      expect(bare.json()).toMatchObject({ error: { code: 'CSRF_REJECTED' } });
      const wrong = await server.app.inject({
        method: 'POST',
        url: '/api/runs',
        cookies: { oisync_session: session.cookie },
        headers: { 'x-csrf-token': `${session.csrf.slice(0, -2)}xx` },
        payload: { dryRun: true },
      });
      expect(wrong.statusCode).toBe(403);
      const ok = await server.app.inject({
        method: 'POST',
        url: '/api/runs',
        cookies: { oisync_session: session.cookie },
        headers: { 'x-csrf-token': session.csrf },
        payload: { dryRun: true },
      });
      expect(ok.statusCode).toBe(202);
      await stack.waitForRun(rt, ok.json<{ runId: string }>().runId);
    });

    it('a form post without the token goes back to the page with the error, and nothing happens', async () => {
      const session = await login(server.app);
      const before = (await rt.state.listRuns(50)).length;
      const res = await formPost(server.app, '/api/runs', { ...session, csrf: 'forged' }, { dryRun: 'true' });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/?error=CSRF_REJECTED');
      expect((await rt.state.listRuns(50)).length).toBe(before);
      const page = await server.app.inject({ url: res.headers.location as string, cookies: { oisync_session: session.cookie } });
      expect(page.body).toContain('CSRF_REJECTED');
    });

    it('refuses a POST from another site even with the right token', async () => {
      const session = await login(server.app);
      for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { origin: 'null' }]) {
        const res = await server.app.inject({
          method: 'POST',
          url: '/api/runs',
          cookies: { oisync_session: session.cookie },
          headers: { 'x-csrf-token': session.csrf, ...headers },
          payload: { dryRun: true },
        });
        expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      }
      const loginFromElsewhere = await server.app.inject({ method: 'POST', url: '/login', headers: { origin: 'https://evil.example' }, payload: { token: FAKE_ADMIN_TOKEN } });
      expect(loginFromElsewhere.statusCode).toBe(403);
      expect(loginFromElsewhere.cookies).toEqual([]);
    });

    it('the CSRF token of one session does not work for another', async () => {
      const a = await login(server.app);
      const b = await login(server.app);
      expect(a.csrf).not.toBe(b.csrf);
      const res = await server.app.inject({ method: 'POST', url: '/logout', cookies: { oisync_session: a.cookie }, headers: { 'x-csrf-token': b.csrf } });
      expect(res.statusCode).toBe(403);
    });

    it('Bearer API calls need no CSRF token (browsers never send that header on their own)', async () => {
      const res = await server.app.inject({ method: 'POST', url: '/api/runs', headers: bearer(), payload: { dryRun: true } });
      expect(res.statusCode).toBe(202);
      await stack.waitForRun(rt, res.json<{ runId: string }>().runId);
    });
  });

  it('logout clears the cookie', async () => {
    const session = await login(server.app);
    const res = await formPost(server.app, '/logout', session);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login');
    const cleared = res.cookies.find((c) => c.name === 'oisync_session');
    expect(cleared?.value).toBe('');
    expect(cleared?.expires?.getTime()).toBeLessThan(Date.now());
  });

  it('health needs no token and says nothing secret', async () => {
    const health = await server.app.inject({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    await server.prober.runOnce();
    const ready = await server.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ready',
      checks: { redis: { ok: true }, workers: { ok: true }, okta: { ok: true, at: expect.any(String) }, scim: { ok: true, at: expect.any(String) } },
    });
    expect(ready.body).not.toMatch(/127\.0\.0\.1|http/);
  });

  it('route plugins: `self` ones are public (they authenticate themselves), `admin` ones need the token', async () => {
    expect((await server.app.inject({ url: '/hooks/test/ping' })).json()).toEqual({ pong: true });
    expect((await server.app.inject({ url: '/extra/ping' })).statusCode).toBe(401);
    expect((await server.app.inject({ url: '/extra/ping', headers: bearer() })).json()).toEqual({ pong: true });
  });

  it('sets security headers on pages, API answers and errors', async () => {
    for (const res of [
      await server.app.inject({ url: '/login' }),
      await server.app.inject({ url: '/api/status', headers: bearer() }),
      await server.app.inject({ url: '/api/status' }),
      await server.app.inject({ url: '/healthz' }),
    ]) {
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const board = await server.app.inject({ url: '/admin/queues', headers: bearer() });
    expect(board.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline' https://fonts.googleapis.com");
    expect(board.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('the login page has no script and its inline stylesheet is the one the CSP allows', async () => {
    const res = await server.app.inject({ url: '/login' });
    expect(res.body).not.toContain('<script');
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.body)?.[1] ?? '';
    const { createHash } = await import('node:crypto');
    expect(res.headers['content-security-policy']).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
  });

  it('the page CSRF token is per session and appears in every action form', async () => {
    const { cookie } = await login(server.app);
    const page = await server.app.inject({ url: '/', cookies: { oisync_session: cookie } });
    const token = csrfOf(page.body);
    const forms = page.body.match(/<form method="post"/g) ?? [];
    const tokens = page.body.match(new RegExp(`name="_csrf" value="${token}"`, 'g')) ?? [];
    expect(forms.length).toBeGreaterThan(2);
    expect(tokens.length).toBe(forms.length);
  });
});
