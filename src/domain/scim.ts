/**
 * The SCIM 2.0 resource model (RFC 7643) as oisync uses it. Resources are plain JSON objects;
 * extension attributes live in a container keyed by the extension URN, and that URN is
 * listed in `schemas`.
 */

export const SCHEMA_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const SCHEMA_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const SCHEMA_ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const SCHEMA_CUSTOMFIELD_USER = 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User';
export const SCHEMA_LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const SCHEMA_PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SCHEMA_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface MultiValued {
  value: string;
  type?: string;
  primary?: boolean;
  display?: string;
}

/** A user body as we send it (no `id`, no `meta`). */
export interface ScimUserBody {
  schemas: string[];
  userName: string;
  externalId?: string;
  displayName?: string;
  name?: { givenName?: string; familyName?: string; middleName?: string; formatted?: string };
  emails?: MultiValued[];
  phoneNumbers?: MultiValued[];
  active?: boolean;
  password?: string;
  [attribute: string]: unknown;
}

export interface ScimMeta {
  resourceType?: string;
  created?: string;
  lastModified?: string;
  location?: string;
  version?: string;
}

/** A user as the server returns it. */
export interface ScimUser extends ScimUserBody {
  id: string;
  meta?: ScimMeta & JsonObject;
}

export interface ScimMember {
  value: string;
  display?: string;
  $ref?: string;
  type?: string;
}

export interface ScimGroupBody {
  schemas: string[];
  displayName: string;
  externalId?: string;
  members?: ScimMember[];
  [attribute: string]: unknown;
}

export interface ScimGroup extends ScimGroupBody {
  id: string;
  meta?: ScimMeta & JsonObject;
}

export type PatchOperation =
  | { op: 'add' | 'replace'; path?: string; value: JsonValue }
  | { op: 'remove'; path: string; value?: JsonValue };

export interface PatchRequest {
  schemas: [typeof SCHEMA_PATCH_OP];
  Operations: PatchOperation[];
}

export interface ListResponse<T> {
  schemas: string[];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

/** What discovery told us about the target. */
export interface TargetCapabilities {
  readonly patch: boolean;
  readonly filter: boolean;
  readonly filterMaxResults: number | undefined;
  readonly etag: boolean;
  readonly bulk: boolean;
  /** Schema URNs the server advertises (from /Schemas and ResourceTypes schemaExtensions). */
  readonly schemas: readonly string[];
  /** Attribute names advertised inside each extension schema, when /Schemas lists them. */
  readonly extensionAttributes: Readonly<Record<string, readonly string[]>>;
}
