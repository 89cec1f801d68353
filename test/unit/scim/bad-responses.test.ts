/**
 * Successful statuses with bodies that are not what SCIM promises become SCIM_BAD_RESPONSE,
 * naming the request (never the token), instead of a TypeError somewhere downstream.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RejectedError } from '../../../src/domain/errors.js';
import { SCHEMA_GROUP, SCHEMA_USER } from '../../../src/domain/scim.js';
import { FAKE_SCIM_TOKEN } from '../../helpers/config.js';
import { NOCK_ORIGIN, NOCK_PATH, rejection, testClient } from '../../helpers/scim-client.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const userBody = { schemas: [SCHEMA_USER], userName: 'ada@example.com' };

async function badResponse(p: Promise<unknown>, request: string, why: RegExp) {
  const err = await rejection(p);
  expect(err).toBeInstanceOf(RejectedError);
  expect(err.code).toBe('SCIM_BAD_RESPONSE');
  expect(err.message).toContain(request);
  expect(err.message).toMatch(why);
  expect(err.message).not.toContain(FAKE_SCIM_TOKEN);
}

describe('SCIM_BAD_RESPONSE', () => {
  it('a body that is not JSON', async () => {
    nock(NOCK_ORIGIN).post(`${NOCK_PATH}/Users`).reply(201, '<html>welcome</html>', { 'content-type': 'text/html' });
    await badResponse(testClient().createUser(userBody), 'POST /Users', /not JSON \(text\/html/);
  });

  it('a truncated JSON body', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Users/u1`).reply(200, '{"id":"u1","userName":"ada@exa', { 'content-type': 'application/scim+json' });
    await badResponse(testClient().getUser('u1'), 'GET /Users/u1', /cut short/);
  });

  it('a created user without id ("Create new user returned empty user")', async () => {
    nock(NOCK_ORIGIN).post(`${NOCK_PATH}/Users`).reply(201, { ...userBody });
    await badResponse(testClient().createUser(userBody), 'POST /Users', /without an "id"/);
  });

  it('an empty 201', async () => {
    nock(NOCK_ORIGIN).post(`${NOCK_PATH}/Users`).reply(201, '');
    await badResponse(testClient().createUser(userBody), 'POST /Users', /empty body/);
  });

  it('a JSON array where a resource was expected', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Groups/g1`).reply(200, [{ id: 'g1' }]);
    await badResponse(testClient().getGroup('g1'), 'GET /Groups/g1', /not a group object/);
  });

  it('a user without userName, a group without displayName', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Users/u1`).reply(200, { id: 'u1' });
    await badResponse(testClient().getUser('u1'), 'GET /Users/u1', /userName/);
    nock(NOCK_ORIGIN).post(`${NOCK_PATH}/Groups`).reply(201, { id: 'g1', schemas: [SCHEMA_GROUP] });
    await badResponse(testClient().createGroup({ schemas: [SCHEMA_GROUP], displayName: 'x' }), 'POST /Groups', /displayName/);
  });

  it('group members that are not a list, or lack values', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Groups/g1`).reply(200, { id: 'g1', displayName: 'G', members: { value: 'u1' } });
    await badResponse(testClient().getGroup('g1'), 'GET /Groups/g1', /members/);
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Groups/g1`).reply(200, { id: 'g1', displayName: 'G', members: [{ display: 'no value' }] });
    await badResponse(testClient().getGroup('g1'), 'GET /Groups/g1', /member without a "value"/);
  });

  it('a ListResponse whose Resources is not a list', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Users`).query(true).reply(200, { totalResults: 1, Resources: { id: 'u1' } });
    await badResponse(testClient().findUsers('userName', 'x@y.z'), 'GET /Users', /not a list/);
  });

  it('a numeric id is accepted as a string', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/Users/7`).reply(200, { id: 7, userName: 'x@y.z' });
    expect((await testClient().getUser('7')).id).toBe('7');
  });

  it('the server echoing our token in a detail never reaches the error', async () => {
    nock(NOCK_ORIGIN).post(`${NOCK_PATH}/Users`).reply(400, { status: '400', detail: `bad token ${FAKE_SCIM_TOKEN} in Authorization: Bearer ${FAKE_SCIM_TOKEN}` });
    const err = (await rejection(testClient().createUser(userBody))) as RejectedError;
    expect(JSON.stringify(err)).not.toContain(FAKE_SCIM_TOKEN);
    expect(err.message).not.toContain(FAKE_SCIM_TOKEN);
    expect(err.detail).toContain('[REDACTED]');
  });
});
