/**
 * Every HTTP outcome becomes exactly one domain error, classified at the edge, with the
 * SCIM detail kept and nothing secret attached.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, RejectedError, TransientError, UnauthorizedError } from '../../../src/domain/errors.js';
import { SCHEMA_ERROR, SCHEMA_USER } from '../../../src/domain/scim.js';
import { fixedClock, NOCK_ORIGIN, NOCK_PATH, rejection, testClient } from '../../helpers/scim-client.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const scope = () => nock(NOCK_ORIGIN);
const scimError = (status: number, detail: string, scimType?: string) => ({ schemas: [SCHEMA_ERROR], status: String(status), detail, ...(scimType ? { scimType } : {}) });
const body = { schemas: [SCHEMA_USER], userName: 'ada@example.com' };

describe('4xx', () => {
  it('400 → RejectedError SCIM_REJECTED with detail and scimType kept', async () => {
    scope().post(`${NOCK_PATH}/Users`).reply(400, scimError(400, 'password does not meet the password policy', 'invalidValue'));
    const err = await rejection(testClient().createUser(body));
    expect(err).toBeInstanceOf(RejectedError);
    expect(err.code).toBe('SCIM_REJECTED');
    const r = err as RejectedError;
    expect(r.detail).toBe('password does not meet the password policy');
    expect(r.scimType).toBe('invalidValue');
    expect(r.status).toBe(400);
    expect(r.message).toContain('POST /Users');
    expect(r.message).toContain('password does not meet the password policy');
  });

  it('status given as a number in the error body is read the same way', async () => {
    scope().post(`${NOCK_PATH}/Users`).reply(400, { schemas: [SCHEMA_ERROR], status: 400, detail: 'bad', scimType: 'invalidSyntax' });
    const err = (await rejection(testClient().createUser(body))) as RejectedError;
    expect(err.scimType).toBe('invalidSyntax');
  });

  it.each([405, 412, 413, 415, 422, 501])('%i → RejectedError (not retried)', async (status) => {
    scope().post(`${NOCK_PATH}/Users`).reply(status, scimError(status, 'nope'));
    const err = await rejection(testClient().createUser(body));
    expect(err).toBeInstanceOf(RejectedError);
    expect(err).not.toBeInstanceOf(TransientError);
    expect(err.code).toBe('SCIM_REJECTED');
  });

  it('401 → UnauthorizedError with a hint about token expiry', async () => {
    scope().get(`${NOCK_PATH}/Users/u1`).reply(401, scimError(401, 'token expired'));
    const err = await rejection(testClient().getUser('u1'));
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(err.code).toBe('SCIM_UNAUTHORIZED');
    expect(err.message).toMatch(/expired/);
    expect(err.message).toMatch(/Bearer Token/);
    expect((err as UnauthorizedError).status).toBe(401);
  });

  it('403 → UnauthorizedError with a hint about "IDaaS API" and the SCIM permissions', async () => {
    scope().get(`${NOCK_PATH}/Users/u1`).reply(403, scimError(403, 'forbidden'));
    const err = await rejection(testClient().getUser('u1'));
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect(err.message).toMatch(/IDaaS API/);
    expect(err.message).toMatch(/SCIM API permissions/);
  });

  it('404 with a SCIM error (or an empty body) → NotFoundError', async () => {
    scope().get(`${NOCK_PATH}/Users/gone`).reply(404, scimError(404, 'User gone not found'));
    const err = await rejection(testClient().getUser('gone'));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.code).toBe('SCIM_NOT_FOUND');
    expect(err.message).toContain('GET /Users/gone');
    scope().delete(`${NOCK_PATH}/Groups/g`).reply(404);
    expect(await rejection(testClient().deleteGroup('g'))).toBeInstanceOf(NotFoundError);
  });

  it('an HTML 404 is a wrong URL, not a deleted resource → SCIM_BAD_RESPONSE', async () => {
    scope().put(`${NOCK_PATH}/Users/u1`).reply(404, '<html><body>Not Found</body></html>', { 'content-type': 'text/html' });
    const err = await rejection(testClient().replaceUser('u1', body));
    expect(err).not.toBeInstanceOf(NotFoundError);
    expect(err.code).toBe('SCIM_BAD_RESPONSE');
    expect(err.message).toMatch(/scimBaseUrl/);
  });

  it('409 → ConflictError with the uniqueness detail', async () => {
    scope().post(`${NOCK_PATH}/Users`).reply(409, scimError(409, 'userName taken', 'uniqueness'));
    const err = await rejection(testClient().createUser(body));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.code).toBe('SCIM_CONFLICT');
    expect((err as ConflictError).detail).toBe('userName taken');
    expect(err.message).toMatch(/uniqueness/);
  });

  it('3xx is not followed (the token must not go elsewhere) → SCIM_BAD_RESPONSE naming the target host only', async () => {
    scope().get(`${NOCK_PATH}/Users/u1`).reply(302, '', { location: 'https://elsewhere.example/login?session=secret' });
    const err = await rejection(testClient().getUser('u1'));
    expect(err.code).toBe('SCIM_BAD_RESPONSE');
    expect(err.message).toContain('https://elsewhere.example/login');
    expect(err.message).not.toContain('session=secret');
    expect(nock.isDone()).toBe(true);
  });
});

describe('transient', () => {
  it('429 with Retry-After seconds → TransientError with retryAfterMs', async () => {
    scope().post(`${NOCK_PATH}/Users`).reply(429, scimError(429, 'slow down'), { 'retry-after': '7' });
    const err = await rejection(testClient().createUser(body));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.code).toBe('SCIM_TRANSIENT');
    expect((err as TransientError).retryAfterMs).toBe(7000);
    expect((err as TransientError).status).toBe(429);
  });

  it('503 with Retry-After as an HTTP-date → retryAfterMs from the clock', async () => {
    scope().get(`${NOCK_PATH}/Users/u1`).reply(503, 'unavailable', { 'retry-after': 'Wed, 01 Jan 2031 00:00:30 GMT' });
    const client = testClient({}, { clock: fixedClock('2031-01-01T00:00:00Z') });
    const err = (await rejection(client.getUser('u1'))) as TransientError;
    expect(err).toBeInstanceOf(TransientError);
    expect(err.retryAfterMs).toBe(30_000);
  });

  it.each([500, 502, 503, 504, 408])('%i without Retry-After → TransientError, retryAfterMs undefined', async (status) => {
    scope().get(`${NOCK_PATH}/Users/u1`).reply(status, 'oops');
    const err = (await rejection(testClient().getUser('u1'))) as TransientError;
    expect(err).toBeInstanceOf(TransientError);
    expect(err.retryAfterMs).toBeUndefined();
  });

  it('a timeout (idaas.timeoutMs) → TransientError', async () => {
    scope().get(`${NOCK_PATH}/Users/u1`).delay(500).reply(200, { id: 'u1', userName: 'x' });
    const err = (await rejection(testClient({ timeoutMs: 50 }).getUser('u1'))) as TransientError;
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toMatch(/timed out/);
  });

  it('got does not retry by itself: one failing request is one attempt', async () => {
    const s = scope().get(`${NOCK_PATH}/Users/u1`).reply(503, 'x');
    await rejection(testClient().getUser('u1'));
    expect(s.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
    // a second interceptor would be needed for a retry; none was asked for
    scope().get(`${NOCK_PATH}/Users/u1`).reply(200, { id: 'u1', userName: 'x' });
    expect(nock.pendingMocks()).toHaveLength(1);
  });
});

describe('errors carry nothing secret', () => {
  it('no enumerable request/response/options, and JSON/inspect show only code, message, details', async () => {
    scope().post(`${NOCK_PATH}/Users`).reply(400, scimError(400, 'bad'));
    const err = await rejection(testClient().createUser({ ...body, password: 'Sup3r!Secret' }));
    for (const key of ['request', 'response', 'options', 'timings']) expect(Object.keys(err)).not.toContain(key);
    const json = JSON.stringify(err);
    expect(json).not.toMatch(/authorization|Sup3r!Secret/i);
  });
});
