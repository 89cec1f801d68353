import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret } from '../../domain/secret.js';
import { handleAdmin, type AdminApi } from './admin.js';
import type { HandlerContext, ScimReply, ScimRequest } from './context.js';
import { RequestCounters, type CounterSnapshot } from './counters.js';
import { discovery, serviceProviderConfig } from './discovery.js';
import { createEdits, snapshotState, type EmulatorEdits, type EmulatorState } from './edits.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { handleGroups } from './groups.js';
import { bearerToken, parseJsonBody, readBody, send, sendError } from './http-io.js';
import { resolveOptions, type IdaasEmulatorOptions, type ResolvedOptions } from './options.js';
import { buildSchemas } from './resource-schemas.js';
import { matchRoute, type Route } from './router.js';
import { ScimHttpError } from './scim-error.js';
import { Store } from './store.js';
import { handleUsers } from './users.js';

export interface IdaasEmulator {
  /** The SCIM base URL, e.g. `http://127.0.0.1:PORT/api/v2/app_x/scim/v2` (what the IDaaS console shows). */
  readonly url: string;
  /** `http://host:port`; the admin endpoint is `${origin}/__admin`. */
  readonly origin: string;
  readonly adminUrl: string;
  /** The SCIM bearer token. */
  readonly token: string;
  readonly adminToken: string;
  readonly options: ResolvedOptions;
  /** Deep copy of every user and group (groups with members). */
  state(): EmulatorState;
  faults: {
    get(): FaultSettings;
    /** Merge into the current settings. */
    set(f: FaultSettings): void;
    replace(f: FaultSettings): void;
    clear(): void;
  };
  counters: {
    snapshot(): CounterSnapshot;
    reset(): void;
    /** Requests received for one `METHOD /Template`, e.g. `count('POST /Users')`. */
    count(route: string): number;
  };
  edit: EmulatorEdits;
  /** Empty the directory and reset counters and faults. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the IDaaS SCIM 2.0 emulator: a strict, fast, in-memory SCIM server with the IDaaS
 * limits, fault injection and an admin endpoint. See docs/emulators.md.
 */
export async function startIdaasEmulator(options: IdaasEmulatorOptions = {}): Promise<IdaasEmulator> {
  const opts = resolveOptions(options);
  const store = new Store();
  const faults = new FaultInjector(options.faults ?? {});
  const counters = new RequestCounters();
  let baseUrl = '';
  const ctx: HandlerContext = { opts, store, schemas: buildSchemas(opts), baseUrl: () => baseUrl };
  const token = new Secret(opts.token);
  const edit = createEdits(ctx);
  const reset = () => {
    store.clear();
    counters.reset();
    faults.clear();
  };
  const admin: AdminApi = {
    adminToken: new Secret(opts.adminToken),
    state: () => snapshotState(ctx),
    reset,
    faults,
    counters,
    edit,
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Last resort: a bug must answer 500 in SCIM shape, never take the emulator down.
      sendError(res, new ScimHttpError(500, `internal error: ${err instanceof Error ? err.message : String(err)}`));
    });
  });
  server.keepAliveTimeout = 10_000;
  server.on('connection', () => counters.connection());

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname === '/__admin' || url.pathname.startsWith('/__admin/')) {
      return handleAdmin(admin, req, res, url.pathname, opts.maxBodyBytes);
    }
    if (url.pathname !== opts.basePath && !url.pathname.startsWith(`${opts.basePath}/`)) {
      return sendError(res, new ScimHttpError(404, `not a SCIM endpoint: ${url.pathname} (the base URL is ${opts.basePath})`));
    }
    const route = matchRoute(url.pathname.slice(opts.basePath.length));
    const now = Date.now();
    counters.received(`${method} ${route.template}`, now);
    const decision = faults.decide(now);
    if (decision.delayMs > 0) {
      counters.delayed(decision.delayMs);
      await sleep(decision.delayMs);
    }
    const reply = (status: number, write: () => void) => {
      counters.answered(status);
      write();
    };
    if (decision.kind === 'fail') {
      const err = new ScimHttpError(decision.status, decision.detail, undefined, decision.headers);
      return reply(err.status, () => sendError(res, err));
    }
    counters.served(Date.now(), method !== 'GET');
    try {
      const out = await dispatch(req, method, route, url.searchParams);
      reply(out.status, () => send(res, out.status, out.body, out.headers));
    } catch (err) {
      const e = err instanceof ScimHttpError ? err : new ScimHttpError(500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
      reply(e.status, () => sendError(res, e));
    }
  }

  async function dispatch(req: IncomingMessage, method: string, route: Route, query: URLSearchParams): Promise<ScimReply> {
    if (!route.public) {
      const presented = bearerToken(req);
      if (presented === undefined || !token.equals(presented)) {
        throw new ScimHttpError(401, 'authentication failed: send "Authorization: Bearer <token>" with the token of this application', undefined, {
          'www-authenticate': 'Bearer realm="IDaaS SCIM"',
        });
      }
    }
    // Authentication comes first, so an unauthenticated caller cannot probe which paths exist.
    if (route.kind === 'none') throw new ScimHttpError(404, 'no such SCIM endpoint');
    if (route.kind === 'unsupported') throw new ScimHttpError(501, `${route.template} is not supported by IDaaS`);
    if (!route.methods.includes(method)) {
      throw new ScimHttpError(405, `${method} is not allowed on ${route.template}`, undefined, { allow: route.methods.join(', ') });
    }
    const scimReq: ScimRequest = {
      method,
      id: route.id,
      query,
      headers: req.headers,
      body: async () => parseJsonBody(await readBody(req, opts.maxBodyBytes), req.headers['content-type']),
    };
    switch (route.kind) {
      case 'spc':
        return { status: 200, body: serviceProviderConfig(opts, baseUrl) };
      case 'resourceTypes':
      case 'schemas':
        return { status: 200, body: discovery(route.kind === 'schemas' ? 'Schemas' : 'ResourceTypes', route.id, opts, baseUrl) };
      case 'users':
        return handleUsers(ctx, scimReq);
      case 'groups':
        return handleGroups(ctx, scimReq);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' || addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  const origin = `http://${host}:${addr.port}`;
  baseUrl = `${origin}${opts.basePath}`;

  return {
    url: baseUrl,
    origin,
    adminUrl: `${origin}/__admin`,
    token: opts.token,
    adminToken: opts.adminToken,
    options: opts,
    state: () => admin.state(),
    faults: {
      get: () => faults.get(),
      set: (f) => faults.set(f),
      replace: (f) => faults.replace(f),
      clear: () => faults.clear(),
    },
    counters: {
      snapshot: () => counters.snapshot(),
      reset: () => counters.reset(),
      count: (r) => counters.snapshot().byRoute[r] ?? 0,
    },
    edit,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
