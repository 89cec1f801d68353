import type { OisyncConfig } from '../config/schema.js';
import { describeError, NotFoundError, UnauthorizedError } from '../domain/errors.js';
import type { Logger } from '../domain/ports.js';
import { createOktaReader, OKTA_READ_SCOPES, type OktaRead, type OktaReader } from '../okta/index.js';
import { fail, pass, skip, warn, type CheckResult } from './check.js';
import type { ServerTime } from './clock-skew.js';
import { passwordPolicyCheck } from './password-policy.js';

export interface OktaFindings {
  readonly results: CheckResult[];
  readonly time?: ServerTime;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; err: unknown };

async function attempt<T>(fn: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, err };
  }
}

const forbidden = (err: unknown): boolean => err instanceof UnauthorizedError && err.status === 403;

/** The Date header of an Okta error answer (the SDK keeps the response headers on its error). */
function dateOfError(err: unknown): string | undefined {
  const cause = (err as { cause?: { headers?: { get?: (n: string) => string | null } } } | undefined)?.cause;
  return cause?.headers?.get?.('date') ?? undefined;
}

const PERMISSION_FIX =
  'An SSWS token acts with the rights of the admin who created it: create it as a Read-only Administrator (Security > Administrators). ' +
  'An OAuth service app needs the listed scopes granted (Okta API Scopes tab) and the Read-only Administrator admin role.';

/**
 * Okta: the token is accepted, it may read everything oisync reads (an SSWS token has its
 * admin's rights, an OAuth app its scopes: only trying each read tells), the app and the
 * selected groups exist, and the password policies are at least as strict as IDaaS's.
 */
export async function oktaChecks(config: OisyncConfig, deps: { logger: Logger; now: () => number; userAgent: string }): Promise<OktaFindings> {
  const o = config.okta;
  let reader: OktaReader;
  try {
    // Doctor wants an answer, not patience: one retry at most.
    reader = createOktaReader({ ...o, maxRetries: Math.min(o.maxRetries, 1) }, { logger: deps.logger, userAgent: deps.userAgent, tuning: { retryBaseMs: 200 } });
  } catch (err) {
    const { code, message } = describeError(err);
    return { results: [fail('okta.token', `${code}: ${message}`, 'Fix okta.oauth (client id, key file, key id) or okta.apiToken.')] };
  }

  const started = deps.now();
  const users = await attempt(() => reader.probe('users'));
  const localMs = (started + deps.now()) / 2;
  const time: ServerTime = { server: 'Okta', date: users.ok ? users.value.date : dateOfError(users.err), localMs };
  const how = o.apiToken ? 'SSWS token' : 'OAuth service app';
  if (!users.ok && !forbidden(users.err)) {
    const { code, message } = describeError(users.err);
    const refused = users.err instanceof UnauthorizedError;
    const later = ['okta.permissions', 'okta.app', 'okta.groups', 'okta.password-policy'].map((id) => skip(id, 'needs a working Okta token'));
    return {
      time,
      results: [
        fail(
          'okta.token',
          refused ? `Okta ${o.orgUrl} refused the ${how}: ${message}` : `Okta ${o.orgUrl} could not be read: ${code}: ${message}`,
          refused
            ? 'Create a new API token (Security > API > Tokens) while signed in as a Read-only Administrator and set okta.apiToken; tokens expire after 30 days unused.'
            : 'Check okta.orgUrl (https://<org>.okta.com), DNS, proxies and firewalls from this machine.',
        ),
        ...later,
      ],
    };
  }
  const results: CheckResult[] = [pass('okta.token', `Okta ${o.orgUrl} accepts the ${how}`)];

  const others = ['groups', 'app', 'logs', 'policies', 'schemas'] as const;
  const probes = new Map<OktaRead, Outcome<unknown>>([['users', users]]);
  await Promise.all(others.map(async (r) => probes.set(r, await attempt(() => reader.probe(r)))));
  const missing = [...probes].filter(([, p]) => !p.ok && forbidden(p.err)).map(([r]) => r);
  const broken = [...probes].filter(([r, p]) => !p.ok && !forbidden(p.err) && !(r === 'app' && p.err instanceof NotFoundError));
  if (missing.length) {
    results.push(fail('okta.permissions', `Okta answered 403 (E0000006) to reads of: ${missing.map((r) => `${r} (${OKTA_READ_SCOPES[r]})`).join(', ')}`, PERMISSION_FIX));
  } else if (broken.length) {
    results.push(warn('okta.permissions', `could not check: ${broken.map(([r, p]) => `${r}: ${p.ok ? '' : describeError(p.err).message}`).join('; ')}`, 'Run doctor again; if it persists, check the Okta system status.'));
  } else {
    results.push(pass('okta.permissions', `reads of users, groups, the app, the System Log, password policies and app schemas are allowed`));
  }

  const app = probes.get('app');
  if (app?.ok) {
    const a = (app.value as { body?: { label?: unknown; status?: unknown } }).body ?? {};
    const label = typeof a.label === 'string' ? a.label : o.appId;
    const status = typeof a.status === 'string' ? a.status : 'UNKNOWN';
    results.push(
      status === 'ACTIVE'
        ? pass('okta.app', `app "${label}" (${o.appId}) is ACTIVE`)
        : warn('okta.app', `app "${label}" (${o.appId}) is ${status}`, 'Activate the app in Okta (Applications > Applications), or its assignments do not count.'),
    );
  } else if (app && app.err instanceof NotFoundError) {
    results.push(fail('okta.app', `okta.appId ${o.appId} is not an app of ${o.orgUrl}`, 'Open the IDaaS app in Okta (Applications > Applications); its id (0oa…) is in the address bar. Set okta.appId to it.'));
  } else {
    results.push(skip('okta.app', 'the app could not be read (see okta.permissions)'));
  }

  results.push(await groupsCheck(reader, config));

  if (missing.includes('policies')) results.push(skip('okta.password-policy', `needs the policies read (${OKTA_READ_SCOPES.policies})`));
  else {
    const policies = await attempt(() => reader.passwordPolicies());
    results.push(
      policies.ok
        ? passwordPolicyCheck(policies.value, config.idaas.passwordPolicy)
        : warn('okta.password-policy', `the password policies could not be read: ${describeError(policies.err).message}`, 'Run doctor again.'),
    );
  }
  return { results, time };
}

/** Each `okta.groups` selector should select something; a typo pushes nothing and says nothing. */
async function groupsCheck(reader: OktaReader, config: OisyncConfig): Promise<CheckResult> {
  const id = 'okta.groups';
  const selectors = config.okta.groups;
  if (selectors.length === 0) {
    return config.provisioning.pushGroups
      ? warn(id, 'okta.groups is empty: no group (and no membership) will be pushed', 'List the groups to push under okta.groups (name, id or pattern), or set provisioning.pushGroups: false.')
      : pass(id, 'no groups selected (provisioning.pushGroups is off)');
  }
  const groups: { id: string; name: string }[] = [];
  try {
    const read = reader.readScope();
    for await (const page of read.groups()) for (const g of page) groups.push({ id: g.id, name: typeof g.profile['name'] === 'string' ? g.profile['name'] : g.id });
  } catch (err) {
    if (forbidden(err)) return skip(id, `needs the groups read (${OKTA_READ_SCOPES.groups})`);
    return warn(id, `the groups could not be listed: ${describeError(err).message}`, 'Run doctor again.');
  }
  const unmatched = selectors
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => !groups.some((g) => ('id' in s ? g.id === s.id : 'name' in s ? g.name === s.name : new RegExp(s.pattern).test(g.name))))
    .map(({ s, i }) => `okta.groups[${i}] ${JSON.stringify(s)}`);
  const found = `${groups.length} group(s) selected${groups.length ? `: ${groups.slice(0, 10).map((g) => g.name).join(', ')}${groups.length > 10 ? ', …' : ''}` : ''}`;
  if (unmatched.length) {
    return fail(id, `${unmatched.join('; ')} match${unmatched.length === 1 ? 'es' : ''} no Okta group (${found})`, 'Names are exact and case-sensitive, as Okta shows them (Directory > Groups); fix or remove the selector.');
  }
  return pass(id, found);
}
