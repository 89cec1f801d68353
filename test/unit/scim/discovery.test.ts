/**
 * capabilities(): reads /ServiceProviderConfig, /Schemas and /ResourceTypes once, and fails
 * fast (SCIM_DISCOVERY) when the target cannot do what the config asks.
 */
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_CUSTOMFIELD_USER, SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from '../../../src/domain/scim.js';
import { NOCK_ORIGIN, NOCK_PATH, rejection, testClient } from '../../helpers/scim-client.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

const spc = (patch: boolean) => ({
  patch: { supported: patch },
  filter: { supported: true, maxResults: 100 },
  etag: { supported: true },
  bulk: { supported: false },
});
const schemas = (ids: string[]) => ({
  Resources: ids.map((id) => ({ id, attributes: id === SCHEMA_CUSTOMFIELD_USER ? [{ name: 'user_address' }] : [{ name: 'x' }] })),
});
const resourceTypes = (exts: string[]) => ({
  Resources: [{ id: 'User', schema: SCHEMA_USER, schemaExtensions: exts.map((schema) => ({ schema })) }, { id: 'Group', schema: SCHEMA_GROUP }],
});

function serve(docs: { spc?: object; schemas?: object; resourceTypes?: object }, times = 1) {
  const s = nock(NOCK_ORIGIN);
  const doc = (path: string, body: object | undefined) => (body === undefined ? s.get(`${NOCK_PATH}${path}`).times(times).reply(404) : s.get(`${NOCK_PATH}${path}`).times(times).reply(200, body));
  doc('/ServiceProviderConfig', docs.spc);
  doc('/Schemas', docs.schemas);
  doc('/ResourceTypes', docs.resourceTypes);
  return s;
}

describe('capabilities', () => {
  it('reports PATCH/filter/etag/bulk, the advertised schemas and extension attributes', async () => {
    serve({ spc: spc(true), schemas: schemas([SCHEMA_USER, SCHEMA_ENTERPRISE_USER, SCHEMA_CUSTOMFIELD_USER, SCHEMA_GROUP]), resourceTypes: resourceTypes([SCHEMA_CUSTOMFIELD_USER]) });
    const caps = await testClient().capabilities();
    expect(caps).toMatchObject({ patch: true, filter: true, filterMaxResults: 100, etag: true, bulk: false });
    expect([...caps.schemas].sort()).toEqual([SCHEMA_CUSTOMFIELD_USER, SCHEMA_GROUP, SCHEMA_ENTERPRISE_USER, SCHEMA_USER].sort());
    expect(caps.extensionAttributes[SCHEMA_CUSTOMFIELD_USER]).toEqual(['user_address']);
  });

  it('is cached: a second call sends nothing', async () => {
    const scope = serve({ spc: spc(true), schemas: schemas([SCHEMA_USER, SCHEMA_CUSTOMFIELD_USER]), resourceTypes: resourceTypes([]) });
    const client = testClient();
    const a = await client.capabilities();
    serve({ spc: spc(false) });
    expect(await client.capabilities()).toBe(a);
    expect(scope.isDone()).toBe(true);
    expect(nock.pendingMocks().length).toBeGreaterThan(0);
  });

  it('a failed discovery is not cached', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/ServiceProviderConfig`).reply(503).get(`${NOCK_PATH}/Schemas`).reply(503).get(`${NOCK_PATH}/ResourceTypes`).reply(503);
    const client = testClient();
    expect((await rejection(client.capabilities())).code).toBe('SCIM_TRANSIENT');
    serve({ spc: spc(true) });
    expect((await client.capabilities()).patch).toBe(true);
  });

  it('fails fast when the custom field namespace is not advertised', async () => {
    serve({ spc: spc(true), schemas: schemas([SCHEMA_USER, SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP]), resourceTypes: resourceTypes([SCHEMA_ENTERPRISE_USER]) });
    const err = await rejection(testClient().capabilities());
    expect(err.code).toBe('SCIM_DISCOVERY');
    expect(err.message).toContain(SCHEMA_CUSTOMFIELD_USER);
    expect(err.message).toMatch(/Custom Field Namespace/);
  });

  it('a namespace advertised only in ResourceTypes schemaExtensions counts', async () => {
    serve({ spc: spc(true), schemas: schemas([SCHEMA_USER, SCHEMA_GROUP]), resourceTypes: resourceTypes([SCHEMA_CUSTOMFIELD_USER]) });
    await expect(testClient().capabilities()).resolves.toBeDefined();
  });

  it('the namespace check can be turned off (a tenant that does not advertise it)', async () => {
    serve({ spc: spc(true), schemas: schemas([SCHEMA_USER]), resourceTypes: resourceTypes([]) });
    await expect(testClient({}, { requireCustomFieldNamespace: false }).capabilities()).resolves.toBeDefined();
  });

  it('a server advertising no schemas at all (no /Schemas, no /ResourceTypes) is not failed on the namespace', async () => {
    serve({ spc: spc(true) });
    expect((await testClient().capabilities()).schemas).toEqual([]);
  });

  it('fails fast when updateMethod is patch and PATCH is not supported', async () => {
    serve({ spc: spc(false), schemas: schemas([SCHEMA_USER, SCHEMA_CUSTOMFIELD_USER]), resourceTypes: resourceTypes([]) }, 2);
    const err = await rejection(testClient({ updateMethod: 'patch' }).capabilities());
    expect(err.code).toBe('SCIM_DISCOVERY');
    expect(err.message).toMatch(/updateMethod: put/);
    await expect(testClient({ updateMethod: 'put' }).capabilities()).resolves.toMatchObject({ patch: false });
  });

  it('401 on discovery is an authorization problem, not "no discovery"', async () => {
    nock(NOCK_ORIGIN).get(`${NOCK_PATH}/ServiceProviderConfig`).reply(401).get(`${NOCK_PATH}/Schemas`).reply(401).get(`${NOCK_PATH}/ResourceTypes`).reply(401);
    expect((await rejection(testClient().capabilities())).code).toBe('SCIM_UNAUTHORIZED');
  });
});
