import okta from '@okta/okta-sdk-nodejs';
import type { OisyncConfig } from '../config/schema.js';
import { OisyncError } from '../domain/errors.js';
import { normalizeOrgUrl } from './org-url.js';
import { loadPrivateKey } from './private-key.js';

export type OktaClient = InstanceType<typeof okta.Client>;
export type OktaConfig = OisyncConfig['okta'];

/**
 * Custom group-profile attributes are silently dropped by the SDK from 7.2 to 8.1, because
 * the generated GroupProfile is not "extensible" (okta-sdk-nodejs PR #500 is open). Making
 * it extensible restores them. Idempotent; a test fails once upstream changes this.
 */
export function keepCustomGroupAttributes(): void {
  (okta.GroupProfile as unknown as { isExtensible?: boolean }).isExtensible = true;
}

/**
 * Builds the SDK client with every known trap closed:
 * - `orgUrl` without a trailing slash (the SDK would request `//api/v1/...`);
 * - `cacheMiddleware: null` (the default cache serves single-resource GETs stale forever);
 * - every setting the SDK's ConfigLoader reads passed explicitly — authorizationMode, orgUrl,
 *   token, clientId, scopes, privateKey, keyId, userAgent — so stray `OKTA_CLIENT_*` variables
 *   or `okta.yaml` files (./ and ~/.okta/) cannot fill in or override anything;
 * - our request executor (timeouts, retries, pacing).
 */
export function createOktaClient(cfg: OktaConfig, executor: InstanceType<typeof okta.RequestExecutor>, userAgent = 'oisync'): OktaClient {
  keepCustomGroupAttributes();
  const common = { orgUrl: normalizeOrgUrl(cfg.orgUrl), cacheMiddleware: null, requestExecutor: executor, userAgent };
  let settings: Record<string, unknown>;
  if (cfg.apiToken) {
    settings = { ...common, authorizationMode: 'SSWS', token: cfg.apiToken.reveal(), clientId: '', scopes: '', privateKey: '', keyId: '' };
  } else if (cfg.oauth) {
    const { key, keyId } = loadPrivateKey(cfg.oauth);
    settings = {
      ...common,
      authorizationMode: 'PrivateKey',
      token: '',
      clientId: cfg.oauth.clientId,
      scopes: cfg.oauth.scopes.join(' '),
      privateKey: key,
      keyId: keyId ?? '',
    };
  } else {
    throw new OisyncError('CONFIG_INVALID', 'okta: set apiToken (SSWS) or oauth (private-key JWT)');
  }
  try {
    return new okta.Client(settings);
  } catch (err) {
    // e.g. an unparseable ./okta.yaml that the SDK insists on reading
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new OisyncError('CONFIG_INVALID', `the Okta SDK client could not be created: ${why} (a stray okta.yaml in ${process.cwd()} or ~/.okta/ is read by the SDK)`);
  }
}
