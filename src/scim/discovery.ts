import { OisyncError } from '../domain/errors.js';
import { SCHEMA_GROUP, SCHEMA_USER, type TargetCapabilities } from '../domain/scim.js';

/**
 * What `/ServiceProviderConfig`, `/Schemas` and `/ResourceTypes` say (RFC 7644 §4). Each
 * document is optional: a server without one (404/501) leaves that part unknown, and
 * unknown PATCH support counts as supported (IDaaS documents PATCH).
 */
export interface DiscoveryDocuments {
  readonly serviceProviderConfig: unknown;
  readonly schemas: unknown;
  readonly resourceTypes: unknown;
}

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const list = (v: unknown): Record<string, unknown>[] => {
  const o = obj(v);
  const items = o['Resources'] ?? o['resources'] ?? (Array.isArray(v) ? v : []);
  return Array.isArray(items) ? items.map(obj) : [];
};
const supported = (spc: Record<string, unknown>, key: string): boolean | undefined => {
  const s = obj(spc[key])['supported'];
  return typeof s === 'boolean' ? s : undefined;
};

export function readCapabilities(docs: DiscoveryDocuments): TargetCapabilities {
  const spc = obj(docs.serviceProviderConfig);
  const schemaDocs = list(docs.schemas);
  const schemas = new Set<string>();
  const extensionAttributes: Record<string, string[]> = {};
  for (const s of schemaDocs) {
    const id = s['id'];
    if (typeof id !== 'string') continue;
    schemas.add(id);
    if (id !== SCHEMA_USER && id !== SCHEMA_GROUP) {
      const attrs = Array.isArray(s['attributes']) ? (s['attributes'] as unknown[]).map((a) => obj(a)['name']).filter((n): n is string => typeof n === 'string') : [];
      extensionAttributes[id] = attrs;
    }
  }
  for (const rt of list(docs.resourceTypes)) {
    if (typeof rt['schema'] === 'string') schemas.add(rt['schema']);
    const exts = rt['schemaExtensions'];
    if (Array.isArray(exts)) for (const e of exts) if (typeof obj(e)['schema'] === 'string') schemas.add(obj(e)['schema'] as string);
  }
  const maxResults = obj(spc['filter'])['maxResults'];
  return {
    patch: supported(spc, 'patch') ?? true,
    filter: supported(spc, 'filter') ?? true,
    filterMaxResults: typeof maxResults === 'number' ? maxResults : undefined,
    etag: supported(spc, 'etag') ?? false,
    bulk: supported(spc, 'bulk') ?? false,
    schemas: [...schemas],
    extensionAttributes,
  };
}

export interface DiscoveryRequirements {
  readonly updateMethod: 'put' | 'patch';
  readonly customFieldNamespace: string;
  /** Fail when the server advertises schemas but not the namespace (default true). */
  readonly requireCustomFieldNamespace: boolean;
}

/** Throws SCIM_DISCOVERY when the target cannot do what the configuration asks. */
export function checkCapabilities(caps: TargetCapabilities, req: DiscoveryRequirements): void {
  if (req.updateMethod === 'patch' && !caps.patch) {
    throw new OisyncError('SCIM_DISCOVERY', 'idaas.updateMethod is "patch" but /ServiceProviderConfig says PATCH is not supported; set idaas.updateMethod: put', {
      details: { updateMethod: req.updateMethod },
    });
  }
  const ns = req.customFieldNamespace.toLowerCase();
  if (req.requireCustomFieldNamespace && caps.schemas.length > 0 && !caps.schemas.some((s) => s.toLowerCase() === ns)) {
    throw new OisyncError(
      'SCIM_DISCOVERY',
      `idaas.customFieldNamespace "${req.customFieldNamespace}" is not advertised by IDaaS (it advertises: ${caps.schemas.join(', ')}). ` +
        'Set the same URN as "Custom Field Namespace" under Provisioning > Synchronize Application to IDaaS > Show Advanced Settings, or correct idaas.customFieldNamespace.',
      { details: { customFieldNamespace: req.customFieldNamespace, advertised: caps.schemas } },
    );
  }
}
