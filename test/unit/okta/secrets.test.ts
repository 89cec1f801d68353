import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/domain/secret.js';
import { FAKE_OKTA_TOKEN } from '../../helpers/config.js';
import { memoryLogger, oktaConfig, reader } from '../../helpers/okta.js';
import { APP, JSON_HEADERS, ORG, useNock } from './nock-setup.js';

// The token (and an OAuth key) must never reach a log line, an error message, an error's
// details or its cause chain — whatever goes wrong. The logger here knows no secret, so
// nothing is masked on our behalf: the reader itself must not emit it.

useNock();

function everything(err: unknown): string {
  return [
    String(err),
    (err as Error).message,
    (err as Error).stack ?? '',
    JSON.stringify(err),
    inspect(err, { depth: 12, showHidden: true }),
  ].join('\n');
}

describe('the reader keeps the Okta credentials out of errors and logs', () => {
  it('on 401, 5xx retries, timeouts and a rejected cursor', async () => {
    const { logger, text } = memoryLogger();
    nock(ORG).get('/api/v1/groups/00g1').reply(401, { errorCode: 'E0000011', errorSummary: 'Invalid token provided' }, JSON_HEADERS);
    nock(ORG).get(`/api/v1/apps/${APP}/users`).query(true).times(3).reply(500, `<html>echo: SSWS ${'redacted-by-proxy'}</html>`, { 'content-type': 'text/html' });
    nock(ORG).get('/api/v1/users/00u1').times(3).delay(300).reply(200, {}, JSON_HEADERS);
    const r = reader(oktaConfig({ maxRetries: 2, requestTimeoutMs: 50 }), { logger });

    const errors: unknown[] = [];
    errors.push(await r.getGroup('00g1').catch((e: unknown) => e));
    errors.push(
      await (async () => {
        for await (const _ of r.readScope().users()) {
          /* drain */
        }
      })().catch((e: unknown) => e),
    );
    errors.push(await r.getUser('00u1').catch((e: unknown) => e));
    errors.push(await r.readChanges(`https://evil.example/api/v1/logs?after=1`).catch((e: unknown) => e));

    expect(errors.map((e) => (e as { code?: string }).code)).toEqual(['OKTA_UNAUTHORIZED', 'OKTA_TRANSIENT', 'OKTA_TRANSIENT', 'OKTA_CURSOR_INVALID']);
    for (const e of errors) expect(everything(e)).not.toContain(FAKE_OKTA_TOKEN);
    expect(text()).toContain('okta request retry');
    expect(text()).not.toContain(FAKE_OKTA_TOKEN);
  });

  it('never puts an OAuth private key or access token into errors', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keyLine = pem.split('\n')[3] ?? '';
    // the SDK asks for a token twice (it retries once after a 401)
    nock(ORG).post('/oauth2/v1/token').twice().reply(401, { error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' }, JSON_HEADERS);
    const { logger, text } = memoryLogger();
    const r = reader(oktaConfig({ apiToken: undefined, oauth: { clientId: 'c1', scopes: ['okta.groups.read'], privateKey: new Secret(pem) } }), { logger });
    const err = await r.getGroup('00g1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OKTA_UNAUTHORIZED' });
    expect(keyLine.length).toBeGreaterThan(20);
    expect(everything(err)).not.toContain(keyLine);
    expect(text()).not.toContain(keyLine);
  });
});
