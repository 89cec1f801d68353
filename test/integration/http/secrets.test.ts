import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import type { OperatorServer } from '../../../src/http/server.js';
import { FAKE_ADMIN_TOKEN } from '../../helpers/config.js';
import { bearer, login, protectedRoutes } from '../../helpers/operator.js';
import { Stack } from '../../helpers/stack.js';

/**
 * No token, password or Authorization header ever appears in a page, an API answer or a
 * header — even when one has found its way into stored data (a run note, a flag, a failure):
 * the tokens are planted there, then every route is read and searched.
 */
describe('operator server: no secret in any response', () => {
  let stack: Stack;
  let rt: Runtime;
  let server: OperatorServer;
  let runId: string;
  let secrets: string[];

  beforeAll(async () => {
    stack = await Stack.start();
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    runId = (await stack.sync(rt)).id;
    secrets = [stack.okta.token, stack.idaas.token, FAKE_ADMIN_TOKEN];
    // Plant them where operators' data is shown.
    await rt.state.addRunNote(runId, `a careless note: Authorization: SSWS ${stack.okta.token}`);
    await rt.state.upsertFlag({ id: 'orphan-planted', kind: 'orphan', groups: [], reason: `seen with Bearer ${stack.idaas.token}`, lastSeen: new Date().toISOString() });
    await rt.state.recordOutcome(runId, {
      key: 'u:00uplanted',
      kind: 'user',
      outcome: 'failed',
      failure: {
        key: 'u:00uplanted',
        kind: 'user',
        oktaId: '00uplanted',
        label: 'planted@acme.example',
        code: 'SCIM_REJECTED',
        message: `rejected; admin token was ${FAKE_ADMIN_TOKEN}`,
        detail: `invalidValue: token ${stack.idaas.token}`,
        at: new Date().toISOString(),
      },
    });
    server = await stack.server(rt);
  });
  afterAll(async () => {
    await server?.close();
    await rt?.close(1000);
    await stack?.close();
  });

  it('searches every route, authenticated or not, and finds none of the tokens', async () => {
    const session = await login(server.app);
    const requests: { method?: 'GET' | 'POST'; url: string; auth: 'bearer' | 'cookie' | 'none'; payload?: Record<string, string> }[] = [
      // every protected route, unauthenticated and with the token
      ...protectedRoutes(runId, '/admin/queues/static/images/logo.svg').flatMap((r) => [
        { method: r.method, url: r.url, auth: 'none' as const },
        { method: r.method, url: r.url, auth: 'bearer' as const },
      ]),
      { url: '/healthz', auth: 'none' },
      { url: '/readyz', auth: 'none' },
      { url: '/login', auth: 'none' },
      { method: 'POST', url: '/login', auth: 'none', payload: { token: stack.okta.token } },
      { method: 'POST', url: '/login', auth: 'none', payload: { token: FAKE_ADMIN_TOKEN } },
      // where the planted data shows
      { url: '/', auth: 'cookie' },
      { url: `/?run=${runId}`, auth: 'cookie' },
      { url: `/?run=${runId}`, auth: 'bearer' },
      { url: '/api/flags?state=all', auth: 'bearer' },
      { url: '/admin/queues/api/queues?activeQueue=push&status=completed', auth: 'bearer' },
      { method: 'POST', url: `/api/runs/${runId}/failures/u:00uplanted/retry`, auth: 'bearer' },
      { method: 'POST', url: '/api/flags/orphan-planted/resolve', auth: 'cookie', payload: { note: `resolved; token ${stack.idaas.token}` } },
      { url: '/api/flags?state=all', auth: 'bearer' },
    ];
    let searched = 0;
    for (const r of requests) {
      const headers: Record<string, string> = r.auth === 'bearer' ? bearer() : {};
      if (r.auth === 'cookie') headers['x-csrf-token'] = session.csrf;
      const res = await server.app.inject({
        method: r.method ?? 'GET',
        url: r.url,
        headers,
        ...(r.auth === 'cookie' ? { cookies: { oisync_session: session.cookie } } : {}),
        ...(r.payload ? { payload: r.payload } : {}),
      });
      const haystack = `${JSON.stringify(res.headers)}\n${res.body}`;
      for (const secret of secrets) expect(haystack.includes(secret), `${r.method ?? 'GET'} ${r.url} (${res.statusCode}) leaks a token`).toBe(false);
      expect(haystack, r.url).not.toMatch(/authorization"\s*:/i);
      searched++;
    }
    expect(searched).toBe(requests.length);
    // The planted data is still shown — only the secrets are masked.
    const page = (await server.app.inject({ url: `/?run=${runId}`, headers: bearer() })).body;
    expect(page).toContain('planted@acme.example');
    expect(page).toContain('[REDACTED]');
  });
});
