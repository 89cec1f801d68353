import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import { eventHookRoutes } from '../../../src/cli/operator-server.js';
import type { OperatorServer } from '../../../src/http/server.js';
import { silentLogger } from '../../../src/log/logger.js';
import { FAKE_ADMIN_TOKEN } from '../../helpers/config.js';
import { Stack } from '../../helpers/stack.js';

const HOOK_SECRET = 'okta-event-hook-shared-secret-0123456789';

/** The Event Hook receiver as the daemon mounts it: outside the admin token, behind its own secret. */
describe('Okta Event Hook on the daemon server', () => {
  let stack: Stack;
  let rt: Runtime;
  let server: OperatorServer;
  beforeAll(async () => {
    stack = await Stack.start({ configYaml: `server:\n  eventHookSecret: ${HOOK_SECRET}` });
    rt = await stack.runtime();
    server = await stack.server(rt, { plugins: eventHookRoutes(rt, silentLogger()) });
  });
  afterAll(async () => {
    await server?.close();
    await rt?.close(500);
    await stack?.close();
  });

  it('answers the verification challenge with the hook secret, not the admin token', async () => {
    const ok = await server.app.inject({
      method: 'GET',
      url: '/hooks/okta/events',
      headers: { authorization: HOOK_SECRET, 'x-okta-verification-challenge': 'abc123' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ verification: 'abc123' });
    const admin = await server.app.inject({
      method: 'GET',
      url: '/hooks/okta/events',
      headers: { authorization: `Bearer ${FAKE_ADMIN_TOKEN}`, 'x-okta-verification-challenge': 'abc123' },
    });
    expect(admin.statusCode).toBe(401);
  });

  it('takes a delivery and queues its dirty ids', async () => {
    const user = stack.okta.org.findUser('zoe.muller@acme.example');
    const res = await server.app.inject({
      method: 'POST',
      url: '/hooks/okta/events',
      headers: { authorization: HOOK_SECRET, 'content-type': 'application/json' },
      payload: {
        eventType: 'com.okta.event_hook',
        eventId: 'evt-1',
        data: { events: [{ uuid: 'u-1', eventType: 'user.account.update_profile', published: new Date().toISOString(), target: [{ id: user.id, type: 'User' }] }] },
      },
    });
    expect(res.statusCode).toBe(204);
    const waiting = await rt.queues.byName.control.getJobs(['waiting', 'prioritized', 'delayed']);
    expect(waiting.map((j) => j.name)).toContain('dirty-ids');
  });

  it('is not mounted without a secret', () => {
    const noSecret = { ...rt, config: { ...rt.config, server: { ...rt.config.server, eventHookSecret: undefined } } } as unknown as Runtime;
    expect(eventHookRoutes(noSecret, silentLogger())).toEqual([]);
  });
});
