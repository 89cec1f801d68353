import { SCHEMA_CUSTOMFIELD_USER, SCHEMA_GROUP, SCHEMA_PATCH_OP, SCHEMA_USER } from '../../src/domain/scim.js';

/** One raw HTTP exchange with a SCIM server, for conformance tests that must see the wire. */
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed JSON body (an empty object when there is none or it is not JSON). */
  body: ScimBody;
}

/** A loose view of any SCIM JSON document, typed enough for assertions. */
export interface ScimBody {
  [attribute: string]: unknown;
  schemas?: string[];
  id?: string;
  externalId?: string;
  userName?: string;
  displayName?: string;
  active?: boolean;
  password?: string;
  name?: { givenName?: string; familyName?: string };
  emails?: { value: string; type?: string; primary?: boolean }[];
  members?: { value: string; display?: string; type?: string }[];
  meta?: { resourceType?: string; created?: string; lastModified?: string; location?: string; version?: string; source?: string };
  // ListResponse
  totalResults?: number;
  startIndex?: number;
  itemsPerPage?: number;
  Resources?: ScimBody[];
  // Error
  status?: string;
  scimType?: string;
  detail?: string;
}

export interface RawOptions {
  body?: string;
  headers?: Record<string, string>;
  /** Leave out the Authorization header. */
  noAuth?: boolean;
}

export function scimHttp(baseUrl: string, token: string) {
  const raw = async (method: string, path: string, opts: RawOptions = {}): Promise<HttpResult> => {
    const headers: Record<string, string> = { accept: 'application/scim+json', ...(opts.headers ?? {}) };
    if (!opts.noAuth) headers['authorization'] ??= `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] ??= 'application/scim+json';
    const res = await fetch(baseUrl + path, { method, headers, body: opts.body });
    const text = await res.text();
    let body: ScimBody = {};
    try {
      if (text !== '') body = JSON.parse(text) as ScimBody;
    } catch {
      body = {};
    }
    return { status: res.status, headers: res.headers, text, body };
  };
  const json = (method: string) => (path: string, body?: unknown, opts: RawOptions = {}) =>
    raw(method, path, { ...opts, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return {
    raw,
    get: (path: string, opts: RawOptions = {}) => raw('GET', path, opts),
    post: json('POST'),
    put: json('PUT'),
    patch: json('PATCH'),
    del: (path: string, opts: RawOptions = {}) => raw('DELETE', path, opts),
    /** GET with a filter, URL-encoded as a client must. */
    filter: (resource: 'Users' | 'Groups', filter: string, extra = '') => raw('GET', `/${resource}?filter=${encodeURIComponent(filter)}${extra}`),
  };
}

export type ScimHttp = ReturnType<typeof scimHttp>;

let n = 0;
/** A unique, valid IDaaS userName. */
export function uniqueUserName(prefix = 'user'): string {
  n += 1;
  return `${prefix}.${process.pid}.${n}@example.com`;
}

/** A user body as Okta would POST it. */
export function oktaUserBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const userName = (overrides['userName'] as string | undefined) ?? uniqueUserName();
  return {
    schemas: [SCHEMA_USER],
    userName,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: 'Ada Lovelace',
    locale: 'en-US',
    externalId: `00u${Math.random().toString(36).slice(2, 12)}`,
    groups: [],
    password: 'Plac3holder!pw',
    active: true,
    ...overrides,
  };
}

export function customFieldBody(address: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return oktaUserBody({
    schemas: [SCHEMA_USER, SCHEMA_CUSTOMFIELD_USER],
    [SCHEMA_CUSTOMFIELD_USER]: { user_address: address },
    ...overrides,
  });
}

export function groupBody(displayName: string, members: { value: string; display?: string }[] = []): Record<string, unknown> {
  return { schemas: [SCHEMA_GROUP], displayName, members };
}

export function patchBody(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [SCHEMA_PATCH_OP], Operations: operations };
}
