import { SCHEMA_ENTERPRISE_USER, SCHEMA_GROUP, SCHEMA_USER } from '../../domain/scim.js';
import type { ResolvedOptions } from './options.js';
import { COMMON_ATTRIBUTES, customFieldAttributes, ENTERPRISE_ATTRIBUTES, GROUP_ATTRIBUTES, USER_ATTRIBUTES } from './schema-defs.js';
import type { ResourceSchema } from './validate-resource.js';

export interface Schemas {
  readonly user: ResourceSchema;
  readonly group: ResourceSchema;
}

/** The User and Group catalogues for one emulator configuration (custom namespace and allowed fields). */
export function buildSchemas(opts: ResolvedOptions): Schemas {
  const ns = opts.customFieldNamespace;
  const allowed = opts.allowedCustomFields;
  const accepted = `the custom field namespace "${ns}" and "${SCHEMA_ENTERPRISE_USER}"`;
  const user: ResourceSchema = {
    resourceType: 'User',
    coreUrn: SCHEMA_USER,
    core: [...COMMON_ATTRIBUTES, ...USER_ATTRIBUTES],
    extensions: new Map([
      [
        ns.toLowerCase(),
        {
          urn: ns,
          attrs: customFieldAttributes(allowed),
          refusal: (field: string) =>
            `custom field "${field}" is not a synchronised field of this application (allowed Field IDs: ${allowed.join(', ') || 'none'})`,
        },
      ],
      [
        SCHEMA_ENTERPRISE_USER.toLowerCase(),
        {
          urn: SCHEMA_ENTERPRISE_USER,
          attrs: ENTERPRISE_ATTRIBUTES,
          refusal: (field: string) => `"${field}" is not an attribute of the enterprise extension`,
        },
      ],
    ]),
    unknownExtension: (urn) => `schema "${urn}" is not supported; IDaaS accepts ${accepted}`,
  };
  const group: ResourceSchema = {
    resourceType: 'Group',
    coreUrn: SCHEMA_GROUP,
    core: [...COMMON_ATTRIBUTES, ...GROUP_ATTRIBUTES],
    extensions: new Map(),
    unknownExtension: (urn) => `schema "${urn}" is not supported on groups; only "${SCHEMA_GROUP}"`,
  };
  return { user, group };
}
