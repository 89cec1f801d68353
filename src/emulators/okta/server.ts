import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FaultInjector, FaultRule } from './faults.js';
import type { Route, RouteRequest, RouteResponse } from './http-types.js';
import { OktaHttpError, oktaErrors } from './okta-errors.js';
import { bucketOf, type RateLimiter, type RateLimitSnapshot } from './rate-limiter.js';
import type { RequestLog } from './request-log.js';

export interface ServerDeps {
  readonly routes: readonly Route[];
  readonly adminRoutes: readonly Route[];
  readonly token: string;
  readonly limiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly requests: RequestLog;
  readonly now: () => number;
  readonly latencyMs: number;
  readonly pageCap: number;
}

interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly keys: readonly string[];
}

const MAX_BODY = 1024 * 1024;

function compile(routes: readonly Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const keys: string[] = [];
    const pattern = route.path.replace(/:([A-Za-z]+)/g, (_m, k: string) => {
      keys.push(k);
      return '([^/]+)';
    });
    return { route, regex: new RegExp(`^${pattern}/?$`), keys };
  });
}

/**
 * The emulator's HTTP server (node:http, no framework, so every byte on the wire is chosen
 * here). Per request: rate-limit bucket → SSWS auth → route → fault rules → handler. Anything
 * thrown becomes Okta's error shape; nothing a client sends can crash the server.
 */
export function createOktaServer(deps: ServerDeps): { server: Server; closeTimers: () => void } {
  const api = compile(deps.routes);
  const admin = compile(deps.adminRoutes);
  const expected = `SSWS ${deps.token}`;
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const at = deps.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const host = req.headers.host ?? '127.0.0.1';
    const base = `http://${host}`;
    let url: URL;
    let path: string;
    try {
      url = new URL(req.url ?? '/', base);
      path = url.pathname
        .split('/')
        .map((s) => decodeURIComponent(s))
        .join('/');
    } catch {
      send(res, deps.now(), oktaErrors.validation('url', 'the request path is not valid'));
      deps.requests.record({ at, method, path: req.url ?? '', query: '', status: 400, bucket: 'other' });
      return;
    }
    const isAdmin = path.startsWith('/__admin');
    const bucket = isAdmin ? 'admin' : bucketOf(path);
    const limit = isAdmin ? undefined : deps.limiter.take(bucket as Exclude<typeof bucket, 'admin'>);
    let status = 500;
    let fault: string | undefined;
    try {
      const body = await readBody(req);
      if (!isAdmin && deps.latencyMs > 0) await sleep(deps.latencyMs);
      if (limit && !limit.allowed) throw oktaErrors.rateLimited();
      if (!authorized(req.headers.authorization, expected)) throw oktaErrors.invalidToken();
      const matched = findRoute(isAdmin ? admin : api, method, path);
      if (!isAdmin) {
        const rule = deps.faults.match(method, path);
        if (rule) {
          fault = describeFault(rule);
          if (rule.delayMs) await sleep(rule.delayMs);
          if (rule.drop) {
            status = 0;
            req.socket.destroy();
            return;
          }
          if (rule.status) {
            status = rule.status;
            sendFault(res, deps.now(), rule, limit);
            return;
          }
        }
      }
      const routeReq: RouteRequest = {
        method,
        path,
        query: url.searchParams,
        base,
        url: `${base}${url.pathname}${url.search}`,
        params: matched.params,
        body: parseJson(body),
        pageCap: deps.pageCap,
      };
      const out = matched.route.handler(routeReq);
      status = out.status ?? 200;
      send(res, deps.now(), out, limit);
    } catch (err) {
      const e = err instanceof OktaHttpError ? err : oktaErrors.internal(err instanceof Error ? err.message : String(err));
      status = e.status;
      send(res, deps.now(), e, limit);
    } finally {
      deps.requests.record({
        at,
        method,
        path,
        query: url.search,
        status,
        bucket,
        ...(limit ? { limit: limit.limit, remaining: limit.remaining } : {}),
        ...(fault ? { fault } : {}),
      });
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Last resort: the socket may already be gone; never let a client crash the process.
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  return {
    server,
    closeTimers: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

function authorized(header: string | undefined, expected: string): boolean {
  if (header === undefined) return false;
  const a = Buffer.from(header);
  const b = Buffer.from(expected);
  return a.length === b.length && a.equals(b);
}

function findRoute(routes: readonly CompiledRoute[], method: string, path: string): { route: Route; params: Record<string, string> } {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.route.method !== method) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => (params[k] = m[i + 1] ?? ''));
    return { route: r.route, params };
  }
  throw pathMatched ? oktaErrors.methodNotAllowed() : oktaErrors.noRoute();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(oktaErrors.malformedBody('the request body is larger than 1 MiB'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw oktaErrors.malformedBody(err instanceof Error ? err.message : 'invalid JSON');
  }
}

function baseHeaders(now: number, limit: RateLimitSnapshot | undefined): Record<string, string> {
  const h: Record<string, string> = {
    date: new Date(now).toUTCString(),
    'content-type': 'application/json',
    'x-okta-request-id': randomBytes(12).toString('base64url'),
  };
  if (limit) {
    h['x-rate-limit-limit'] = String(limit.limit);
    h['x-rate-limit-remaining'] = String(limit.remaining);
    h['x-rate-limit-reset'] = String(limit.reset);
  }
  return h;
}

function send(res: ServerResponse, now: number, out: RouteResponse | OktaHttpError, limit?: RateLimitSnapshot): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | readonly string[]> = baseHeaders(now, limit);
  let status: number;
  let body: unknown;
  if (out instanceof OktaHttpError) {
    status = out.status;
    body = out.body();
    Object.assign(headers, out.headers);
  } else {
    status = out.status ?? 200;
    body = out.body;
    Object.assign(headers, out.headers ?? {});
  }
  const payload = Buffer.from(JSON.stringify(body));
  headers['content-length'] = String(payload.length);
  res.writeHead(status, headers as Record<string, string | string[]>);
  res.end(payload);
}

function sendFault(res: ServerResponse, now: number, rule: FaultRule, limit: RateLimitSnapshot | undefined): void {
  const status = rule.status ?? 500;
  if (status === 429) {
    const dateSec = Math.floor(now / 1000);
    // reset = Date - 1 + wait: the SDK waits reset − Date + 1 s, i.e. exactly `wait` seconds.
    const reset = dateSec - 1 + (rule.retryAfterSeconds ?? 0);
    const snap: RateLimitSnapshot = { bucket: limit?.bucket ?? 'other', allowed: false, limit: limit?.limit ?? 100, remaining: 0, reset };
    send(res, dateSec * 1000, oktaErrors.rateLimited(), snap);
    return;
  }
  if (rule.html) {
    const payload = Buffer.from(`<html><body><h1>${status} Service Unavailable</h1></body></html>`);
    res.writeHead(status, { ...baseHeaders(now, limit), 'content-type': 'text/html', 'content-length': String(payload.length) });
    res.end(payload);
    return;
  }
  const err =
    status === 503
      ? oktaErrors.unavailable()
      : status >= 500
        ? new OktaHttpError(status, 'E0000009', 'Internal Server Error', ['injected fault'])
        : status === 401
          ? oktaErrors.invalidToken()
          : status === 403
            ? oktaErrors.forbidden()
            : new OktaHttpError(status, 'E0000001', 'Injected fault');
  send(res, now, err, limit);
}

function describeFault(rule: FaultRule): string {
  if (rule.drop) return 'drop';
  if (rule.status) return `status ${rule.status}${rule.html ? ' html' : ''}`;
  return `delay ${rule.delayMs ?? 0}ms`;
}
