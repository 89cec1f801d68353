import type { OisyncConfig } from '../config/schema.js';
import { describeError, NotFoundError, UnauthorizedError } from '../domain/errors.js';
import type { Logger } from '../domain/ports.js';
import type { TargetCapabilities } from '../domain/scim.js';
import type { CompiledMapping } from '../mapping/index.js';
import { createScimClient, type ScimTarget } from '../scim/index.js';
import { fail, pass, skip, warn, type CheckResult } from './check.js';
import type { ServerTime } from './clock-skew.js';

export interface IdaasFindings {
  readonly results: CheckResult[];
  readonly time?: ServerTime;
}

const CONSOLE = 'IDaaS console, the application > Provisioning > Synchronize Application to IDaaS';

/**
 * IDaaS: Okta's "Test Connector Configuration" (list one user and one group), discovery, and the
 * custom field namespace with the fields the mapping writes into it.
 */
export async function idaasChecks(
  config: OisyncConfig,
  mapping: CompiledMapping | undefined,
  deps: { logger: Logger; now: () => number; userAgent: string },
): Promise<IdaasFindings> {
  let client: ScimTarget;
  try {
    client = createScimClient(config.idaas, { logger: deps.logger, userAgent: deps.userAgent, requireCustomFieldNamespace: false });
  } catch (err) {
    const { code, message } = describeError(err);
    return { results: [fail('idaas.connector', `${code}: ${message}`, 'Use the https:// SCIM Base URL from the IDaaS console.'), skip('idaas.discovery', 'needs a connector'), skip('idaas.namespace', 'needs a connector')] };
  }
  try {
    const started = deps.now();
    let test;
    try {
      test = await client.testConnector();
    } catch (err) {
      const { code, message } = describeError(err);
      const fix =
        err instanceof UnauthorizedError
          ? `Copy the Bearer Token again (${CONSOLE} > Bearer Token > View) into idaas.bearerToken, and check that the IDaaS API is enabled in the application.`
          : err instanceof NotFoundError
            ? `idaas.scimBaseUrl is not the SCIM endpoint: copy the SCIM Base URL from ${CONSOLE}.`
            : 'Check idaas.scimBaseUrl, DNS, proxies and firewalls from this machine.';
      return {
        results: [fail('idaas.connector', `the connector test (GET /Users and /Groups, count=1) failed: ${code}: ${message}`, fix), skip('idaas.discovery', 'needs a working connector'), skip('idaas.namespace', 'needs a working connector')],
      };
    }
    const time: ServerTime = { server: 'IDaaS', date: test.date, localMs: (started + deps.now()) / 2 };
    const count = (n: number | undefined): string => (n === undefined ? 'an unknown number of' : String(n));
    const results: CheckResult[] = [pass('idaas.connector', `connector test passed: IDaaS holds ${count(test.users)} users and ${count(test.groups)} groups`)];
    let caps: TargetCapabilities;
    try {
      caps = await client.discoverCapabilities();
    } catch (err) {
      results.push(fail('idaas.discovery', `discovery failed: ${describeError(err).message}`, 'Check that /ServiceProviderConfig and /Schemas answer under idaas.scimBaseUrl.'), skip('idaas.namespace', 'needs discovery'));
      return { results, time };
    }
    results.push(discoveryCheck(caps, config), namespaceCheck(caps, config, mapping));
    return { results, time };
  } finally {
    client.close();
  }
}

function discoveryCheck(caps: TargetCapabilities, config: OisyncConfig): CheckResult {
  const id = 'idaas.discovery';
  const what = `PATCH ${caps.patch ? 'yes' : 'no'}, filter ${caps.filter ? `yes${caps.filterMaxResults ? ` (max ${caps.filterMaxResults})` : ''}` : 'no'}, bulk ${caps.bulk ? 'yes' : 'no'}; schemas: ${caps.schemas.length ? caps.schemas.join(', ') : 'none advertised'}`;
  if (config.idaas.updateMethod === 'patch' && !caps.patch) return fail(id, `${what}. idaas.updateMethod is patch but PATCH is not supported`, 'Set idaas.updateMethod: put.');
  if (!caps.filter) return warn(id, `${what}. Without filters, first contact cannot look users up by userName`, 'Check the IDaaS application settings; filtering is part of SCIM 2.0.');
  return pass(id, what);
}

/** The mapping's attributes inside the custom field namespace, e.g. `user_address`. */
function customFields(mapping: CompiledMapping | undefined, ns: string): string[] {
  const prefix = `${ns.toLowerCase()}:`;
  return (mapping?.rules.user ?? []).map((r) => r.attribute).filter((a) => a.toLowerCase().startsWith(prefix)).map((a) => a.slice(prefix.length));
}

function namespaceCheck(caps: TargetCapabilities, config: OisyncConfig, mapping: CompiledMapping | undefined): CheckResult {
  const id = 'idaas.namespace';
  const ns = config.idaas.customFieldNamespace;
  const fields = customFields(mapping, ns);
  if (caps.schemas.length === 0) return warn(id, 'IDaaS advertises no schemas, so the custom field namespace cannot be checked', `Compare idaas.customFieldNamespace with "Custom Field Namespace" under ${CONSOLE} > Show Advanced Settings.`);
  const advertised = caps.schemas.find((s) => s.toLowerCase() === ns.toLowerCase());
  if (!advertised) {
    return fail(
      id,
      `idaas.customFieldNamespace "${ns}" is not advertised by IDaaS (it advertises: ${caps.schemas.join(', ')})${fields.length ? `; ${fields.join(', ')} would be refused` : ''}`,
      `Set the same URN as "Custom Field Namespace" under ${CONSOLE} > Show Advanced Settings, or correct idaas.customFieldNamespace.`,
    );
  }
  const known = caps.extensionAttributes[advertised];
  if (fields.length === 0) return pass(id, `"${ns}" is advertised; the mapping writes no custom field`);
  if (!known || known.length === 0) return pass(id, `"${ns}" is advertised (its fields are not listed, so ${fields.join(', ')} cannot be checked one by one)`);
  const absent = fields.filter((f) => !known.some((k) => k.toLowerCase() === f.toLowerCase()));
  if (absent.length) {
    return fail(
      id,
      `the mapping writes ${absent.join(', ')} under "${ns}", but IDaaS syncs only ${known.join(', ')} there`,
      `Create the field (Account > Field Management > Extended Fields) and select it as Sync Target Field under ${CONSOLE} > Show Advanced Settings, or remove the rule from the mapping.`,
    );
  }
  return pass(id, `"${ns}" is advertised with ${fields.join(', ')}`);
}
