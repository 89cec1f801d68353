import type { IncomingHttpHeaders } from 'node:http';
import type { JsonObject } from '../../domain/scim.js';
import type { ResolvedOptions } from './options.js';
import type { Schemas } from './resource-schemas.js';
import { ScimHttpError } from './scim-error.js';
import type { Store } from './store.js';

/** What every SCIM handler works with. */
export interface HandlerContext {
  readonly opts: ResolvedOptions;
  readonly store: Store;
  readonly schemas: Schemas;
  /** The SCIM base URL (known once the server listens). */
  readonly baseUrl: () => string;
}

export interface ScimRequest {
  readonly method: string;
  /** The `{id}` of `/Users/{id}` or `/Groups/{id}`. */
  readonly id: string | undefined;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body (read on demand, size-capped, content type checked). */
  readonly body: () => Promise<unknown>;
}

export interface ScimReply {
  readonly status: number;
  readonly body?: JsonObject;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The reply for one resource: its body, and its version as the ETag (RFC 7644 §3.14). */
export function resourceReply(status: number, resource: JsonObject, extra: Record<string, string> = {}): ScimReply {
  const version = (resource['meta'] as JsonObject | undefined)?.['version'];
  return { status, body: resource, headers: { ...(typeof version === 'string' ? { etag: version } : {}), ...extra } };
}

/** RFC 7644 §3.14: a write with `If-Match` applies only to the version named. */
export function checkIfMatch(req: ScimRequest, doc: JsonObject): void {
  const header = req.headers['if-match'];
  if (header === undefined) return;
  const current = (doc['meta'] as JsonObject | undefined)?.['version'];
  const wanted = header.split(',').map((s) => s.trim());
  if (wanted.includes('*') || (typeof current === 'string' && wanted.includes(current))) return;
  throw new ScimHttpError(412, `the resource has changed: version is ${typeof current === 'string' ? current : 'unknown'}, If-Match asked for ${header}`);
}
