import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import okta from '@okta/okta-sdk-nodejs';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/domain/secret.js';
import { FAKE_OKTA_TOKEN } from '../../helpers/config.js';
import { oktaConfig, reader } from '../../helpers/okta.js';
import { APP, appUserJson, JSON_HEADERS, ORG, useNock } from './nock-setup.js';

// Each known trap of @okta/okta-sdk-nodejs 8.1 (reference doc §1, §5), with a test that fails
// when our workaround is removed — and, where useful, a guard that fails once the SDK changes.

useNock();

const groupJson = (id: string, profile: Record<string, unknown>) => ({
  id,
  type: 'OKTA_GROUP',
  created: '2024-01-01T00:00:00.000Z',
  lastUpdated: '2024-01-02T00:00:00.000Z',
  lastMembershipUpdated: '2024-01-03T00:00:00.000Z',
  objectClass: ['okta:user_group'],
  profile,
  _links: { users: { href: `${ORG}/api/v1/groups/${id}/users` } },
});

describe('trap: orgUrl with a trailing slash', () => {
  it('is normalised, so calls go to /api/v1/... and not //api/v1/...', async () => {
    nock(ORG).get('/api/v1/groups/00g1').reply(200, groupJson('00g1', { name: 'Engineering' }), JSON_HEADERS);
    const r = reader(oktaConfig({ orgUrl: `${ORG}/` }));
    expect(await r.getGroup('00g1')).toMatchObject({ kind: 'not-selected', group: { id: '00g1' } });
  });

  it('guard: the bare SDK still breaks on it (remove our workaround only when this fails)', async () => {
    const client = new okta.Client({ orgUrl: `${ORG}/`, token: FAKE_OKTA_TOKEN, cacheMiddleware: null });
    await expect(client.groupApi.getGroup({ groupId: '00g1' })).rejects.toThrow();
  });
});

describe('trap: the default cache middleware', () => {
  it('is off: a second getUser sees the change, not a cached copy', async () => {
    const user = (title: string) => ({
      id: '00u1',
      status: 'ACTIVE',
      profile: { login: 'a@acme.example', title },
      _links: { self: { href: `${ORG}/api/v1/users/00u1` } },
    });
    const appUser = { ...appUserJson('00u1'), _embedded: undefined, _links: { self: { href: `${ORG}/api/v1/apps/${APP}/users/00u1` } } };
    nock(ORG)
      .get('/api/v1/users/00u1')
      .reply(200, user('Engineer'), JSON_HEADERS)
      .get(`/api/v1/apps/${APP}/users/00u1`)
      .twice()
      .reply(200, appUser, JSON_HEADERS)
      .get('/api/v1/users/00u1')
      .reply(200, user('Director'), JSON_HEADERS);
    const r = reader(oktaConfig());
    const first = await r.getUser('00u1');
    const second = await r.getUser('00u1');
    expect(first.kind === 'in-scope' && first.user.profile['title']).toBe('Engineer');
    expect(second.kind === 'in-scope' && second.user.profile['title']).toBe('Director');
  });
});

describe('trap: since as a Date', () => {
  it('readChanges(null) sends since as an ISO string, ascending, limit 1000, with an event filter', async () => {
    const now = new Date('2026-01-02T03:04:05.678Z');
    let query: Record<string, string> = {};
    nock(ORG)
      .get('/api/v1/logs')
      .query((q) => {
        query = q as Record<string, string>;
        return true;
      })
      .reply(200, [], { ...JSON_HEADERS, link: `<${ORG}/api/v1/logs?after=1_0&limit=1000>; rel="next"` });
    const batch = await reader(oktaConfig(), { clock: { now: () => now } }).readChanges(null);
    expect(query['since']).toBe('2026-01-02T03:04:05.678Z');
    expect(query['sortOrder']).toBe('ASCENDING');
    expect(query['limit']).toBe('1000');
    expect(query['until']).toBeUndefined();
    expect(query['filter']).toContain('eventType eq "group.user_membership.add"');
    expect(batch).toEqual({ dirtyUserIds: [], dirtyGroupIds: [], membershipGroupIds: [], events: 0, nextCursor: `${ORG}/api/v1/logs?after=1_0&limit=1000` });
  });
});

describe('trap: null items and empty pages in collections', () => {
  it('skips null items in a page', async () => {
    nock(ORG)
      .get(`/api/v1/apps/${APP}/users`)
      .query({ limit: '500', expand: 'user' })
      .reply(200, [null, appUserJson('00u1'), null], JSON_HEADERS);
    const read = reader(oktaConfig()).readScope();
    const ids: string[] = [];
    for await (const page of read.users()) ids.push(...page.map((u) => u.id));
    expect(ids).toEqual(['00u1']);
    expect(read.report()).toEqual({ complete: true, problems: [] });
  });

  it('reports an empty page that still has a next link as an incomplete read (the SDK would loop or stop silently)', async () => {
    nock(ORG)
      .get(`/api/v1/apps/${APP}/users`)
      .query(true)
      .reply(200, [appUserJson('00u1')], { ...JSON_HEADERS, link: `<${ORG}/api/v1/apps/${APP}/users?after=00u1&limit=500&expand=user>; rel="next"` })
      .get(`/api/v1/apps/${APP}/users`)
      .query({ after: '00u1', limit: '500', expand: 'user' })
      .reply(200, [], { ...JSON_HEADERS, link: `<${ORG}/api/v1/apps/${APP}/users?after=00u2&limit=500&expand=user>; rel="next"` });
    const read = reader(oktaConfig()).readScope();
    const ids: string[] = [];
    const err = await (async () => {
      for await (const page of read.users()) ids.push(...page.map((u) => u.id));
    })().catch((e: unknown) => e);
    expect(ids).toEqual(['00u1']);
    expect(err).toMatchObject({ code: 'OKTA_INCOMPLETE_READ' });
    const report = read.report();
    expect(report.complete).toBe(false);
    expect(report.problems.join('\n')).toMatch(/users: .*empty page still had a next link/);
  });
});

describe('trap: custom group profile attributes', () => {
  it('arrive intact through the reader (GroupProfile made extensible)', async () => {
    nock(ORG).get('/api/v1/groups/00g1').reply(200, groupJson('00g1', { name: 'Engineering', costCenter: 'CC-100', region: null }), JSON_HEADERS);
    const r = reader(oktaConfig({ groups: [{ name: 'Engineering' }] }));
    expect(await r.getGroup('00g1')).toEqual({
      kind: 'selected',
      group: {
        id: '00g1',
        type: 'OKTA_GROUP',
        profile: { name: 'Engineering', costCenter: 'CC-100', region: null },
        lastUpdated: '2024-01-02T00:00:00.000Z',
        lastMembershipUpdated: '2024-01-03T00:00:00.000Z',
      },
    });
  });

  it('guard: the SDK drops them without the workaround (okta-sdk-nodejs #500; remove the workaround when this fails)', async () => {
    const gp = okta.GroupProfile as unknown as { isExtensible?: boolean };
    const saved = gp.isExtensible;
    delete gp.isExtensible;
    try {
      nock(ORG).get('/api/v1/groups/00g1').reply(200, groupJson('00g1', { name: 'Engineering', costCenter: 'CC-100' }), JSON_HEADERS);
      const client = new okta.Client({ orgUrl: ORG, token: FAKE_OKTA_TOKEN, cacheMiddleware: null });
      const g = await client.groupApi.getGroup({ groupId: '00g1' });
      expect((g.profile as Record<string, unknown>)['costCenter']).toBeUndefined();
    } finally {
      gp.isExtensible = saved;
    }
  });
});

describe('trap: OAuth token errors are swallowed by the SDK', () => {
  it('a refused client assertion surfaces as OKTA_UNAUTHORIZED with Okta’s reason, not as requests with "Bearer undefined"', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    nock(ORG).post('/oauth2/v1/token').twice().reply(401, { error: 'invalid_client', error_description: 'The client_assertion signature is invalid.' }, JSON_HEADERS);
    const r = reader(oktaConfig({ apiToken: undefined, oauth: { clientId: 'c1', scopes: ['okta.groups.read'], privateKey: new Secret(pem) } }));
    const err = await r.getGroup('00g1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OKTA_UNAUTHORIZED' });
    expect((err as Error).message).toContain('answered 401: invalid_client OAuth token request refused: The client_assertion signature is invalid.');
  });
});

describe('trap: stray OKTA_CLIENT_* variables and okta.yaml files', () => {
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();
  afterEach(() => {
    process.env = { ...savedEnv };
    process.chdir(savedCwd);
  });

  function plantStrays(): void {
    const dir = mkdtempSync(join(tmpdir(), 'oisync-okta-yaml-'));
    writeFileSync(
      join(dir, 'okta.yaml'),
      'okta:\n  client:\n    orgUrl: https://evil-yaml.example\n    token: yaml-token-should-not-be-used-123456\n    authorizationMode: PrivateKey\n    clientId: yamlclient\n    keyId: yaml-kid\n    userAgent: yaml-agent\n',
    );
    process.chdir(dir);
    Object.assign(process.env, {
      OKTA_CLIENT_ORGURL: 'https://evil-env.example',
      OKTA_CLIENT_TOKEN: 'env-token-should-not-be-used-1234567',
      OKTA_CLIENT_AUTHORIZATIONMODE: 'PrivateKey',
      OKTA_CLIENT_CLIENTID: 'envclient',
      OKTA_CLIENT_SCOPES: 'okta.users.manage',
      OKTA_CLIENT_KEYID: 'env-kid',
    });
  }

  it('cannot redirect or re-credential an SSWS reader', async () => {
    plantStrays();
    nock(ORG, { reqheaders: { authorization: `SSWS ${FAKE_OKTA_TOKEN}`, 'user-agent': /^oisync-test @okta\/okta-sdk-nodejs/ } })
      .get('/api/v1/groups/00g1')
      .reply(200, groupJson('00g1', { name: 'G' }), JSON_HEADERS);
    const r = reader(oktaConfig(), { userAgent: 'oisync-test' });
    expect(await r.getGroup('00g1')).toMatchObject({ kind: 'not-selected' });
  });

  it('cannot change the OAuth client, scopes or key id', async () => {
    plantStrays();
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    let tokenBody = '';
    nock(ORG)
      .post('/oauth2/v1/token', (body: string) => {
        tokenBody = body;
        return true;
      })
      .reply(200, { token_type: 'Bearer', access_token: 'access-token-value-0123456789', expires_in: 3600, scope: 'okta.groups.read' }, JSON_HEADERS)
      .get('/api/v1/groups/00g1')
      .matchHeader('authorization', 'Bearer access-token-value-0123456789')
      .reply(200, groupJson('00g1', { name: 'G' }), JSON_HEADERS);
    const r = reader(
      oktaConfig({ apiToken: undefined, oauth: { clientId: 'ourclient', scopes: ['okta.groups.read', 'okta.users.read'], privateKey: new Secret(pem) } }),
    );
    await r.getGroup('00g1');
    const form = new URLSearchParams(tokenBody);
    expect(form.get('scope')).toBe('okta.groups.read okta.users.read');
    const assertion = form.get('client_assertion') ?? '';
    const [header, payload] = assertion.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>);
    expect(payload).toMatchObject({ iss: 'ourclient', sub: 'ourclient', aud: `${ORG}/oauth2/v1/token` });
    expect(header?.['kid']).toBeUndefined();
  });
});
