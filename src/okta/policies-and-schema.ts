import type { Policy } from '@okta/okta-sdk-nodejs';
import type { AppSchemaAttribute, PasswordPolicySummary } from '../domain/ports.js';
import { RejectedError } from '../domain/errors.js';
import { oktaCall } from './classify-error.js';
import type { OktaClient } from './create-client.js';
import { readAll } from './pages.js';
import { ReadTracker } from './read-tracker.js';

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** Password policies by priority (the system Default Policy last), for `oisync doctor`. */
export async function readPasswordPolicies(client: OktaClient, timeoutMs: number): Promise<PasswordPolicySummary[]> {
  const policies = await readAll<Policy, PasswordPolicySummary>({
    listing: 'password policies',
    request: 'GET /api/v1/policies',
    open: () => client.policyApi.listPolicies({ type: 'PASSWORD' }),
    map: (p) => {
      const complexity = (p as { settings?: { password?: { complexity?: Record<string, unknown> } } }).settings?.password?.complexity ?? {};
      return {
        id: String(p.id ?? ''),
        name: String(p.name ?? ''),
        priority: num(p.priority),
        system: p.system === true,
        minLength: num(complexity['minLength']),
        minLowerCase: num(complexity['minLowerCase']),
        minUpperCase: num(complexity['minUpperCase']),
        minNumber: num(complexity['minNumber']),
        minSymbol: num(complexity['minSymbol']),
      };
    },
    tracker: new ReadTracker(),
    timeoutMs,
  });
  return policies.sort((a, b) => a.priority - b.priority);
}

interface RawProperty {
  readonly type?: unknown;
  readonly externalName?: unknown;
  readonly externalNamespace?: unknown;
}

/**
 * The app user schema as variable name → external name / namespace. Read raw: the SDK drops
 * `definitions.base.properties` of app schemas (its model is the Okta user base), and base
 * attributes carry namespaces too (userName → the SCIM core schema).
 */
export async function readAppUserSchema(client: OktaClient, orgUrl: string, appId: string, timeoutMs: number): Promise<AppSchemaAttribute[]> {
  const request = `GET /api/v1/meta/schemas/apps/${appId}/default`;
  const body = await oktaCall(
    request,
    async () => {
      const res = await client.http.http(`${orgUrl}/api/v1/meta/schemas/apps/${encodeURIComponent(appId)}/default`, { method: 'get', headers: { Accept: 'application/json' } });
      return (await res.json()) as unknown;
    },
    timeoutMs,
  );
  const defs = (body as { definitions?: Record<string, { properties?: Record<string, RawProperty> }> } | null)?.definitions;
  if (!defs || typeof defs !== 'object') {
    throw new RejectedError('OKTA_REQUEST', `Okta ${request} answered without schema definitions`, { request });
  }
  const out: AppSchemaAttribute[] = [];
  for (const part of ['base', 'custom']) {
    for (const [variableName, prop] of Object.entries(defs[part]?.properties ?? {})) {
      out.push({
        variableName,
        ...(typeof prop.externalName === 'string' ? { externalName: prop.externalName } : {}),
        ...(typeof prop.externalNamespace === 'string' ? { externalNamespace: prop.externalNamespace } : {}),
        ...(typeof prop.type === 'string' ? { type: prop.type } : {}),
      });
    }
  }
  return out;
}
