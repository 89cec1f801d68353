import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** nock for the Okta SDK: no real network at all; every test must use up its interceptors. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (pending.length > 0) throw new Error(`unused nock interceptors: ${pending.join(', ')}`);
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

export const ORG = 'https://acme.okta.example';
export const APP = '0oa1app0000000000001';
export const JSON_HEADERS = { 'content-type': 'application/json' };

/** An app user as Okta sends it with expand=user, custom attributes and a null standard one. */
export function appUserJson(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    scope: 'USER',
    status: 'PROVISIONED',
    created: '2024-01-01T00:00:00.000Z',
    lastUpdated: '2024-02-01T00:00:00.000Z',
    credentials: { userName: `${id}@acme.example` },
    profile: { userName: `${id}@acme.example`, user_address: 'Musterstraße 12', mobilePhone: null },
    _links: { app: { href: `${ORG}/api/v1/apps/${APP}` }, user: { href: `${ORG}/api/v1/users/${id}` } },
    _embedded: {
      user: {
        id,
        status: 'ACTIVE',
        created: '2024-01-01T00:00:00.000Z',
        lastUpdated: '2024-02-01T00:00:00.000Z',
        profile: { login: `${id}@acme.example`, firstName: 'Zoë', lastName: 'Müller', postalAddress: 'Musterstraße 12', mobilePhone: null },
        _links: { self: { href: `${ORG}/api/v1/users/${id}` } },
      },
    },
    ...extra,
  };
}
