import { oktaCall } from './classify-error.js';
import type { OktaClient } from './create-client.js';

/**
 * One cheap read per kind of data oisync needs from Okta, for `oisync doctor` and readiness.
 * An SSWS token acts with its admin's rights and an OAuth app with its scopes; either way a read
 * it may not make answers 403 E0000006, so trying each one is the only reliable permission check.
 */
export const OKTA_READS = ['users', 'groups', 'app', 'logs', 'policies', 'schemas'] as const;
export type OktaRead = (typeof OKTA_READS)[number];

/** The OAuth scope each read needs (for the fix text). */
export const OKTA_READ_SCOPES: Readonly<Record<OktaRead, string>> = {
  users: 'okta.users.read',
  groups: 'okta.groups.read',
  app: 'okta.apps.read',
  logs: 'okta.logs.read',
  policies: 'okta.policies.read',
  schemas: 'okta.schemas.read',
};

export interface ProbeAnswer {
  /** The response body, parsed. */
  readonly body: unknown;
  /** The server's `Date` header, for clock-skew checks. */
  readonly date: string | undefined;
}

function pathOf(read: OktaRead, appId: string, now: Date): string {
  const app = encodeURIComponent(appId);
  switch (read) {
    case 'users':
      return '/api/v1/users?limit=1';
    case 'groups':
      return '/api/v1/groups?limit=1';
    case 'app':
      return `/api/v1/apps/${app}`;
    case 'logs':
      return `/api/v1/logs?limit=1&since=${encodeURIComponent(new Date(now.getTime() - 5 * 60_000).toISOString())}`;
    case 'policies':
      return '/api/v1/policies?type=PASSWORD';
    case 'schemas':
      return `/api/v1/meta/schemas/apps/${app}/default`;
  }
}

/** Makes one read; throws the classified error (OKTA_UNAUTHORIZED for 401/403, OKTA_NOT_FOUND, ...). */
export async function probeOktaRead(client: OktaClient, orgUrl: string, appId: string, read: OktaRead, timeoutMs: number, now = new Date()): Promise<ProbeAnswer> {
  const path = pathOf(read, appId, now);
  return oktaCall(
    `GET ${path.split('?')[0] ?? path}`,
    async () => {
      const res = await client.http.http(`${orgUrl}${path}`, { method: 'get', headers: { Accept: 'application/json' } });
      return { body: (await res.json()) as unknown, date: res.headers.get('date') ?? undefined };
    },
    timeoutMs,
  );
}
