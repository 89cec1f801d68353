import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER, type JsonObject } from '../../domain/scim.js';
import type { ResolvedOptions } from './options.js';
import { listResponse } from './render.js';
import { customFieldAttributes, ENTERPRISE_ATTRIBUTES, GROUP_ATTRIBUTES, USER_ATTRIBUTES, type AttrDef } from './schema-defs.js';
import { notFound } from './scim-error.js';

/**
 * The discovery documents (RFC 7644 §4), generated from the same attribute tables the
 * validator uses. IDaaS serves these without authentication.
 */
const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RT_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export function serviceProviderConfig(opts: ResolvedOptions, baseUrl: string): JsonObject {
  return {
    schemas: [SPC_SCHEMA],
    documentationUri: 'https://www.alibabacloud.com/help/en/idaas/eiam/developer-reference/scim-2-0-interfaces-supported-by-eiam',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: opts.maxPageSize },
    changePassword: { supported: true },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'Bearer Token', description: 'The Bearer Token of "Synchronize Application to IDaaS"', primary: true },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

function resourceTypes(opts: ResolvedOptions, baseUrl: string): JsonObject[] {
  return [
    {
      schemas: [RT_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      schema: SCHEMA_USER,
      schemaExtensions: [
        { schema: opts.customFieldNamespace, required: false },
        { schema: SCHEMA_ENTERPRISE_USER, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RT_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      schema: SCHEMA_GROUP,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

function renderAttr(a: AttrDef): JsonObject {
  const out: JsonObject = {
    name: a.name,
    type: a.type,
    multiValued: a.multiValued ?? false,
    description: a.description ?? '',
    required: a.required ?? false,
    caseExact: a.caseExact ?? false,
    mutability: a.mutability ?? 'readWrite',
    returned: a.returned ?? 'default',
    uniqueness: a.uniqueness ?? 'none',
  };
  if (a.canonicalValues) out['canonicalValues'] = [...a.canonicalValues];
  if (a.subAttributes) out['subAttributes'] = a.subAttributes.map(renderAttr);
  return out;
}

function schemaDocs(opts: ResolvedOptions, baseUrl: string): JsonObject[] {
  const doc = (id: string, name: string, description: string, attrs: readonly AttrDef[]): JsonObject => ({
    schemas: [SCHEMA_SCHEMA],
    id,
    name,
    description,
    attributes: attrs.map(renderAttr),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    doc(SCHEMA_USER, 'User', 'User Account', USER_ATTRIBUTES),
    doc(SCHEMA_ENTERPRISE_USER, 'EnterpriseUser', 'Enterprise User', ENTERPRISE_ATTRIBUTES),
    doc(opts.customFieldNamespace, 'CustomFieldUser', 'IDaaS extended fields synchronised by this application', customFieldAttributes(opts.allowedCustomFields)),
    doc(SCHEMA_GROUP, 'Group', 'Group', GROUP_ATTRIBUTES),
  ];
}

const all = (items: JsonObject[]) => listResponse(items.length, { startIndex: 1, count: items.length }, items);

export function discovery(kind: 'ResourceTypes' | 'Schemas', id: string | undefined, opts: ResolvedOptions, baseUrl: string): JsonObject {
  const items = kind === 'Schemas' ? schemaDocs(opts, baseUrl) : resourceTypes(opts, baseUrl);
  if (id === undefined) return all(items);
  const found = items.find((i) => i['id'] === id);
  if (!found) throw notFound(`${kind}/${id} not found`);
  return found;
}
