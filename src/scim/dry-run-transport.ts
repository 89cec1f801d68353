import type { JsonValue } from '../domain/scim.js';
import type { HttpMethod, ScimHttpRequest, ScimHttpResponse, Transport } from './transport.js';

/** A write that a dry run recorded instead of sending. Passwords are removed. */
export interface RecordedWrite {
  readonly method: Exclude<HttpMethod, 'GET'>;
  readonly path: string;
  readonly route: string;
  readonly body: JsonValue | undefined;
}

/**
 * Dry run, enforced at the transport: GETs go to IDaaS (a plan needs to read the target),
 * every other request is recorded and answered here with a plausible result — a created
 * resource gets id `dry-run-<n>` — so callers proceed exactly as in a real run.
 */
export function createDryRunTransport(inner: Transport, onRecord?: (w: RecordedWrite) => void): Transport & { recorded(): readonly RecordedWrite[] } {
  const recorded: RecordedWrite[] = [];
  let n = 0;
  return {
    async send(req: ScimHttpRequest): Promise<ScimHttpResponse> {
      if (req.method === 'GET') return inner.send(req);
      const write: RecordedWrite = { method: req.method, path: req.path, route: req.route, body: withoutPasswords(req.body) };
      recorded.push(write);
      onRecord?.(write);
      return Promise.resolve(synthesize(req, () => `dry-run-${++n}`));
    },
    close: () => inner.close(),
    recorded: () => [...recorded],
  };
}

function synthesize(req: ScimHttpRequest, nextId: () => string): ScimHttpResponse {
  const now = new Date().toISOString();
  const headers = { 'content-type': 'application/scim+json' };
  const resourceType = req.path.startsWith('/Groups') ? 'Group' : 'User';
  const echo = (id: string, status: number): ScimHttpResponse => {
    const body = { ...(withoutPasswords(req.body) as Record<string, JsonValue>), id, meta: { resourceType, created: now, lastModified: now, version: 'W/"dry-run"' } };
    return { status, headers, text: JSON.stringify(body), synthetic: true };
  };
  if (req.method === 'POST') return echo(nextId(), 201);
  if (req.method === 'PUT') return echo(decodeURIComponent(req.path.split('/')[2] ?? ''), 200);
  return { status: 204, headers: {}, text: '', synthetic: true };
}

/** A deep copy without any `password` attribute, and with PATCH values at path `password` masked. */
export function withoutPasswords(v: unknown): JsonValue | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object') return v as JsonValue;
  if (Array.isArray(v)) return v.map((x) => withoutPasswords(x) ?? null);
  const o = v as Record<string, unknown>;
  const out: Record<string, JsonValue> = {};
  const isPasswordOp = typeof o['path'] === 'string' && o['path'].toLowerCase() === 'password';
  for (const [k, x] of Object.entries(o)) {
    if (k.toLowerCase() === 'password') continue;
    if (isPasswordOp && k === 'value') {
      out[k] = '[REDACTED]';
      continue;
    }
    const c = withoutPasswords(x);
    if (c !== undefined) out[k] = c;
  }
  return out;
}
