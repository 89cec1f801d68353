/**
 * The bearer token goes only over https (or to loopback), and never into an error, a log
 * line or a recorded write.
 */
import nock from 'nock';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OisyncError } from '../../../src/domain/errors.js';
import { SCHEMA_USER } from '../../../src/domain/scim.js';
import { createScimClient } from '../../../src/scim/index.js';
import { FAKE_SCIM_TOKEN } from '../../helpers/config.js';
import { captureLogger, idaasConfig, NOCK_ORIGIN, NOCK_PATH, rejection, testClient } from '../../helpers/scim-client.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('https only, except loopback', () => {
  it.each(['http://idaas.example.com/scim/v2', 'http://10.0.0.5/scim/v2', 'http://127.0.0.1.nip.io/scim/v2', 'ftp://idaas.example.com/scim'])(
    'refuses %s with SCIM_INSECURE_URL',
    (url) => {
      let err: unknown;
      try {
        createScimClient(idaasConfig({ scimBaseUrl: url }), { logger: captureLogger().logger });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(OisyncError);
      expect((err as OisyncError).code).toBe('SCIM_INSECURE_URL');
      expect(String((err as Error).message)).not.toContain(FAKE_SCIM_TOKEN);
    },
  );

  it('refuses credentials in the URL', () => {
    expect(() => createScimClient(idaasConfig({ scimBaseUrl: 'https://user:pw@idaas.example.com/scim/v2' }), { logger: captureLogger().logger })).toThrow(/credentials/);
  });

  it.each(['https://idaas.example.com/scim/v2', 'http://127.0.0.1:8080/scim/v2', 'http://localhost:8080/scim/v2', 'http://[::1]:8080/scim/v2'])('accepts %s', (url) => {
    const client = createScimClient(idaasConfig({ scimBaseUrl: url }), { logger: captureLogger().logger });
    client.close();
  });
});

describe('no token in errors or logs', () => {
  it('across every error class, in message, JSON, inspect, stack and details — and not in debug logs', async () => {
    const client = testClient();
    const statuses = [400, 401, 403, 404, 409, 429, 500, 503];
    for (const status of statuses) {
      nock(NOCK_ORIGIN).post(`${NOCK_PATH}/Users`).reply(status, { status: String(status), detail: 'no' }, { 'retry-after': '1' });
      const err = await rejection(client.createUser({ schemas: [SCHEMA_USER], userName: 'a@b.c', password: 'Pa55!word' }));
      for (const text of [err.message, JSON.stringify(err), inspect(err, { depth: 10, showHidden: true }), String(err.stack)]) {
        expect(text).not.toContain(FAKE_SCIM_TOKEN);
        expect(text).not.toContain('Pa55!word');
      }
    }
    const logs = client.logs();
    expect(logs).toContain('scim request');
    expect(logs).not.toContain(FAKE_SCIM_TOKEN);
    expect(logs).not.toContain('Pa55!word');
    expect(logs).not.toMatch(/authorization/i);
  });

  it('the discovery summary is logged at info without the token', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/ServiceProviderConfig`).reply(200, { patch: { supported: true } });
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Schemas`).reply(404);
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/ResourceTypes`).reply(404);
    const client = testClient();
    await client.capabilities();
    expect(client.logs()).toMatch(/IDaaS SCIM discovery/);
    expect(client.logs()).not.toContain(FAKE_SCIM_TOKEN);
  });

  it('the client object itself does not expose the token when logged or serialised', () => {
    const client = testClient();
    expect(inspect(client, { depth: 6 })).not.toContain(FAKE_SCIM_TOKEN);
    expect(JSON.stringify(Object.keys(client))).not.toContain(FAKE_SCIM_TOKEN);
    client.close();
  });
});
