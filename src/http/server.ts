import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { OisyncError } from '../domain/errors.js';
import { flagRoutes } from './api/flags.js';
import { runRoutes } from './api/runs.js';
import { statusRoutes } from './api/status.js';
import { requireCsrf, requireOperator } from './auth/guard.js';
import { loginRoutes, logoutRoute } from './auth/login-routes.js';
import { SessionSigner } from './auth/session.js';
import { CachedCluster, readCluster } from './cluster.js';
import type { ServerContext } from './context.js';
import { installErrorHandler } from './errors.js';
import { healthRoutes } from './health.js';
import type { OperatorDeps } from './options.js';
import { pageRoutes } from './page-routes.js';
import { Prober } from './probes.js';
import { registerQueueBoard } from './queue-board.js';
import { registerSecurity } from './security.js';

export interface OperatorServer {
  readonly app: FastifyInstance;
  readonly prober: Prober;
  /** Every route registered (method and path template), so tests can check that each has its auth case. */
  routes(): readonly { method: string; url: string }[];
  /** Listen on host:port; resolves with the base URL. */
  listen(host: string, port: number): Promise<string>;
  /** Stop accepting requests, finish the running ones, stop probing. */
  close(): Promise<void>;
}

const QUIET = new Set(['/healthz', '/readyz', '/api/status', '/metrics']);

/**
 * The operator surface on fastify 5 (docs/api.md, docs/operations.md):
 * - public: `/healthz`, `/readyz`, `/login`, and route plugins that authenticate themselves;
 * - behind the admin token (session cookie or Bearer): the status page `/`, the JSON API
 *   `/api/*`, `/metrics`, the queue dashboard `/admin/queues`, `/logout`, admin route plugins.
 * State-changing requests are POSTs; with a session cookie they need the CSRF token.
 */
export async function buildServer(deps: OperatorDeps): Promise<OperatorServer> {
  const log = deps.logger.child({ component: 'http' });
  const now = (): number => deps.clock.now().getTime();
  const app = Fastify({ logger: false, trustProxy: deps.config.server.trustProxy, bodyLimit: 1024 * 1024, return503OnClosing: true });
  const signer = new SessionSigner(deps.adminToken);
  const cluster = new CachedCluster(() => readCluster(deps.state, deps.queues, now()), now);
  const prober = new Prober(deps.probe, deps.clock, log, deps.probeIntervalMs ?? 60_000);
  deps.metrics.attach({
    cluster: () => cluster.get(),
    ...(deps.oktaStats ? { oktaStats: deps.oktaStats } : {}),
    ...(deps.mappingStatus ? { mappingStatus: deps.mappingStatus } : {}),
  });
  const ctx: ServerContext = { deps, cluster, prober, signer, now };
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });

  app.decorateRequest('operator', undefined);
  installErrorHandler(app, log, deps.redactor);
  await registerSecurity(app, deps.redactor);
  await app.register(cookie);
  await app.register(formbody);
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? '(no route)';
    if (!QUIET.has(route)) log.debug({ method: req.method, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'http request');
  });

  healthRoutes(app, ctx);
  loginRoutes(app, ctx);
  for (const p of deps.plugins ?? []) if (p.auth === 'self') await app.register(p.plugin, { prefix: p.prefix });

  await app.register(async (scope) => {
    scope.addHook('onRequest', requireOperator(deps.adminToken, signer, now));
    scope.addHook('preHandler', requireCsrf(signer));
    pageRoutes(scope, ctx);
    statusRoutes(scope, ctx);
    runRoutes(scope, ctx);
    flagRoutes(scope, ctx);
    logoutRoute(scope);
    scope.get('/metrics', async (_req, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.text()));
    await registerQueueBoard(scope, deps.queues);
    for (const p of deps.plugins ?? []) if (p.auth === 'admin') await scope.register(p.plugin, { prefix: p.prefix });
  });
  app.addHook('onClose', async () => prober.stop());
  await app.ready();

  return {
    app,
    prober,
    routes: () => routes,
    async listen(host, port) {
      let address: string;
      try {
        address = await app.listen({ host, port });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code ?? 'error';
        throw new OisyncError('SERVER_LISTEN_FAILED', `the HTTP server cannot listen on ${host}:${port} (${code}); set server.host/server.port`, { cause: err });
      }
      prober.start();
      return address;
    },
    close: () => app.close(),
  };
}
