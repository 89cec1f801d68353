import { MappingStore } from '../mapping/index.js';
import { createOktaReader } from '../okta/index.js';
import { createScimClient } from '../scim/index.js';
import { packageInfo } from './package-info.js';
import type { AdapterDeps, Adapters } from './runtime.js';

/**
 * The real adapters from the config: the Okta reader, the IDaaS SCIM client (and its dry-run
 * twin, whose writes are recorded and never sent), and the mapping — hot-reloaded in
 * long-running processes. Discovery runs first, so a target that cannot take what the config
 * asks (custom field namespace, PATCH) stops the process before any work starts.
 */
export async function createAdapters(deps: AdapterDeps): Promise<Adapters> {
  const { config, logger } = deps;
  const userAgent = `okta-idaas-sync/${packageInfo().version}`;
  const mapping = new MappingStore({
    file: config.mapping,
    customFieldNamespace: config.idaas.customFieldNamespace,
    logger,
    watch: deps.watchMapping,
  });
  const scimDeps = {
    logger,
    userAgent,
    limiter: deps.limiter,
    requireCustomFieldNamespace: config.idaas.requireCustomFieldNamespace,
    ...(deps.onScimRequest ? { onRequest: deps.onScimRequest } : {}),
  };
  const target = createScimClient(config.idaas, scimDeps);
  const dryRunTarget = createScimClient(config.idaas, { ...scimDeps, dryRun: true });
  const source = createOktaReader(config.okta, { logger, userAgent });
  const close = (): Promise<void> => {
    mapping.stop();
    target.close();
    dryRunTarget.close();
    return Promise.resolve();
  };
  try {
    await target.capabilities();
  } catch (err) {
    await close();
    throw err;
  }
  if (deps.watchMapping) mapping.start();
  return {
    source,
    target,
    dryRunTarget,
    mapping,
    close,
    oktaStats: () => source.stats(),
    mappingStatus: () => mapping.status(),
    // Okta: the app itself (token valid, app there); IDaaS: Okta's "test connector" reads.
    probe: async (side) => {
      if (side === 'okta') await source.probe('app');
      else await target.testConnector();
    },
  };
}
