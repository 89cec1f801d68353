import okta from '@okta/okta-sdk-nodejs';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { NotFoundError, OisyncError, RejectedError, TransientError, UnauthorizedError } from '../../../src/domain/errors.js';
import { classifyOktaError } from '../../../src/okta/classify-error.js';
import { oktaConfig, reader } from '../../helpers/okta.js';
import { APP, JSON_HEADERS, ORG, useNock } from './nock-setup.js';

// Okta outcomes → domain errors, once, at the edge; nothing above looks at status codes.

useNock();

const apiError = (status: number, errorCode: string, errorSummary: string, causes?: string[]) =>
  new okta.OktaApiError(`${ORG}/api/v1/users?filter=x`, status, { errorCode, errorSummary, ...(causes ? { errorCauses: causes.map((c) => ({ errorSummary: c })) } : {}) }, new Map() as never);

describe('classifyOktaError', () => {
  it.each([
    [apiError(401, 'E0000011', 'Invalid token provided'), UnauthorizedError, 'OKTA_UNAUTHORIZED', /answered 401: E0000011 Invalid token provided — check okta.apiToken/],
    [apiError(403, 'E0000006', 'You do not have permission'), UnauthorizedError, 'OKTA_UNAUTHORIZED', /403.*lacks a permission or scope/],
    [apiError(404, 'E0000007', 'Not found: Resource not found: 00u1 (User)'), NotFoundError, 'OKTA_NOT_FOUND', /404: E0000007 Not found/],
    [apiError(400, 'E0000031', 'Invalid search criteria.', ['Invalid filter expression']), RejectedError, 'OKTA_REQUEST', /400: E0000031 Invalid search criteria\.; Invalid filter expression$/],
    [apiError(429, 'E0000047', 'API call exceeded rate limit'), TransientError, 'OKTA_TRANSIENT', /429.*rate limit still exceeded/],
    [apiError(500, 'E0000009', 'Internal Server Error'), TransientError, 'OKTA_TRANSIENT', /500.*server error persisted/],
    [Object.assign(new Error('HTTP 502 <html><body>Bad gateway</body></html>'), { name: 'HttpError', status: 502 }), TransientError, 'OKTA_TRANSIENT', /answered 502: Bad gateway/],
    [Object.assign(new Error('network timeout at: https://x/api'), { name: 'FetchError', type: 'request-timeout' }), TransientError, 'OKTA_TRANSIENT', /failed: timed out after 30000 ms/],
    [Object.assign(new Error('connect ECONNREFUSED'), { name: 'FetchError', type: 'system', code: 'ECONNREFUSED' }), TransientError, 'OKTA_TRANSIENT', /network error \(ECONNREFUSED\)/],
  ])('%#: %s', (err, cls, code, message) => {
    const out = classifyOktaError(err, 'GET /api/v1/users', 30_000);
    expect(out).toBeInstanceOf(cls);
    expect(out).toMatchObject({ code, details: { request: 'GET /api/v1/users' } });
    expect((out as Error).message).toMatch(/^Okta GET \/api\/v1\/users /);
    expect((out as Error).message).toMatch(message);
    expect((out as Error).message).not.toContain('filter=x');
    expect((out as OisyncError).cause).toBe(err);
  });

  it('lets our own errors and unknown errors (bugs) through unchanged', () => {
    const ours = new OisyncError('OKTA_INCOMPLETE_READ', 'x');
    expect(classifyOktaError(ours, 'GET /x')).toBe(ours);
    const bug = new TypeError('cannot read x of undefined');
    expect(classifyOktaError(bug, 'GET /x')).toBe(bug);
  });
});

describe('the reader classifies what it reads', () => {
  it('a missing app is an error, not "every user unassigned"', async () => {
    nock(ORG)
      .get('/api/v1/users/00u1')
      .reply(200, { id: '00u1', status: 'ACTIVE', profile: { login: 'a@x' } }, JSON_HEADERS)
      .get(`/api/v1/apps/${APP}/users/00u1`)
      .reply(404, { errorCode: 'E0000007', errorSummary: `Not found: Resource not found: ${APP} (AppInstance)` }, JSON_HEADERS);
    const err = await reader(oktaConfig()).getUser('00u1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toContain(`GET /api/v1/apps/${APP}/users/00u1 answered 404`);
  });

  it('an unassigned user is not-assigned, an unknown one not-found', async () => {
    nock(ORG)
      .get('/api/v1/users/a%40x.example')
      .reply(200, { id: '00u1', status: 'SUSPENDED', profile: { login: 'a@x.example' } }, JSON_HEADERS)
      .get(`/api/v1/apps/${APP}/users/00u1`)
      .reply(404, { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00u1 (AppUser)' }, JSON_HEADERS)
      .get('/api/v1/users/00uGone')
      .reply(404, { errorCode: 'E0000007', errorSummary: 'Not found: Resource not found: 00uGone (User)' }, JSON_HEADERS);
    const r = reader(oktaConfig());
    expect(await r.getUser('a@x.example')).toEqual({ kind: 'not-assigned', id: '00u1', login: 'a@x.example', status: 'SUSPENDED' });
    expect(await r.getUser('00uGone')).toEqual({ kind: 'not-found', id: '00uGone' });
  });

  it('a bad request is OKTA_REQUEST with Okta’s code and causes', async () => {
    nock(ORG)
      .get('/api/v1/groups/bad')
      .reply(400, { errorCode: 'E0000001', errorSummary: 'Api validation failed: groupId', errorCauses: [{ errorSummary: 'groupId: invalid' }] }, JSON_HEADERS);
    const err = await reader(oktaConfig()).getGroup('bad').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RejectedError);
    expect(err).toMatchObject({ code: 'OKTA_REQUEST', status: 400, message: 'Okta GET /api/v1/groups/bad answered 400: E0000001 Api validation failed: groupId; groupId: invalid' });
  });
});
