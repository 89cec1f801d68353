import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OisyncConfig } from '../config/schema.js';
import { OisyncError } from '../domain/errors.js';
import { isLoopbackHost } from '../domain/net.js';
import type { Logger } from '../domain/ports.js';
import { Secret } from '../domain/secret.js';
import type { FastifyPluginAsync } from 'fastify';
import { dirtyIdsEnqueuer, eventHookPlugin } from '../http/event-hook.js';
import type { OperatorMetrics } from '../http/metrics.js';
import type { OperatorDeps, RoutePlugin } from '../http/options.js';
import { buildServer, type OperatorServer } from '../http/server.js';
import { Redactor } from '../log/redact.js';
import { redisOptions } from '../state/redis-connection.js';
import type { CliContext } from './context.js';
import { packageInfo } from './package-info.js';
import type { Runtime } from './runtime.js';

export interface AdminToken {
  readonly token: Secret;
  /** True when `server.adminToken` is unset and this one was made for this process. */
  readonly generated: boolean;
}

/**
 * The admin token the server uses. Everything but health needs one, so on loopback without
 * `server.adminToken` a random one is made for this process and printed where the URL is
 * printed (never logged). Off loopback a configured token is required (the config schema says
 * so too; this holds for configs built in code).
 */
export function resolveAdminToken(server: OisyncConfig['server']): AdminToken {
  if (server.adminToken && !server.adminToken.isEmpty) return { token: server.adminToken, generated: false };
  if (!isLoopbackHost(server.host)) {
    throw new OisyncError('SERVER_TOKEN_REQUIRED', `server.host ${server.host} is not a loopback address, and server.adminToken is not set`);
  }
  return { token: new Secret(randomBytes(24).toString('base64url')), generated: true };
}

/** Every secret of the config (and the admin token in use), for the server's response redaction. */
export function serverRedactor(config: OisyncConfig, adminToken: Secret): Redactor {
  const r = new Redactor();
  r.add(config.okta.apiToken);
  r.add(config.okta.oauth?.privateKey);
  r.add(config.idaas.bearerToken);
  r.add(config.server.adminToken);
  r.add(adminToken);
  r.add(redisOptions(config.redis.url).password);
  return r;
}

export interface OperatorServerOptions {
  readonly metrics: OperatorMetrics;
  readonly logger: Logger;
  readonly adminToken: AdminToken;
  /** Extra route plugins, e.g. the Okta event-hook receiver (`{ plugin, prefix, auth: 'self' }`). */
  readonly plugins?: readonly RoutePlugin[];
  readonly probeIntervalMs?: number;
}

/** The server's dependencies, from a runtime (the daemon's, the demo's, a test's). */
export function operatorDeps(rt: Runtime, opts: OperatorServerOptions): OperatorDeps {
  const { probe, mappingStatus, oktaStats } = rt.adapters;
  return {
    config: rt.config,
    state: rt.state,
    queues: rt.queues,
    redis: rt.redis,
    logger: opts.logger,
    clock: rt.ctx.clock,
    metrics: opts.metrics,
    adminToken: opts.adminToken.token,
    redactor: serverRedactor(rt.config, opts.adminToken.token),
    version: packageInfo().version,
    workersRunning: () => rt.workersRunning(),
    ...(probe ? { probe } : {}),
    ...(mappingStatus ? { mappingStatus } : {}),
    ...(oktaStats ? { oktaStats } : {}),
    ...(opts.plugins ? { plugins: opts.plugins } : {}),
    ...(opts.probeIntervalMs !== undefined ? { probeIntervalMs: opts.probeIntervalMs } : {}),
  };
}

export interface RunningServer {
  readonly url: string;
  readonly server: OperatorServer;
  /** Set when the token was generated for this process (print it for the operator). */
  readonly generatedToken?: string;
  /** With --json: a file (mode 0600, removed on close) holding the generated token. */
  readonly tokenFile?: string;
  /** What --json output says about the server: the URL and, if generated, the token's file. */
  readonly json: { readonly url: string; readonly adminTokenFile?: string };
  /** Stop the server (first, at shutdown) and remove the token file. */
  close(): Promise<void>;
}

/** Build and start the operator server on `server.host:server.port` for a runtime; logs the URL. */
export async function startOperatorServer(cli: CliContext, rt: Runtime, metrics: OperatorMetrics, plugins?: readonly RoutePlugin[]): Promise<RunningServer> {
  const adminToken = resolveAdminToken(rt.config.server);
  const logger = cli.logger();
  const server = await buildServer(operatorDeps(rt, { metrics, logger, adminToken, ...(plugins ? { plugins } : {}) }));
  const url = `${await server.listen(rt.config.server.host, rt.config.server.port)}/`;
  logger.info({ url, generatedAdminToken: adminToken.generated }, 'HTTP server listening (status page, API, /metrics, /admin/queues)');
  // JSON output passes the redactor, which (rightly) masks anything called a token: a script
  // reading --json output finds a generated token in a file only this user can read instead.
  const dir = adminToken.generated && cli.json ? mkdtempSync(join(tmpdir(), 'oisync-admin-')) : undefined;
  const tokenFile = dir ? join(dir, 'admin-token') : undefined;
  if (tokenFile) writeFileSync(tokenFile, `${adminToken.token.reveal()}\n`, { mode: 0o600 });
  return {
    url,
    server,
    ...(adminToken.generated ? { generatedToken: adminToken.token.reveal() } : {}),
    ...(tokenFile ? { tokenFile } : {}),
    json: { url, ...(tokenFile ? { adminTokenFile: tokenFile } : {}) },
    close: async () => {
      await server.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The Okta Event Hook receiver, when `server.eventHookSecret` is set: POST/GET
 * `/hooks/okta/events`, outside the admin-token guard (it checks its own shared secret).
 */
export function eventHookRoutes(rt: Runtime, logger: Logger): RoutePlugin[] {
  const secret = rt.config.server.eventHookSecret;
  if (!secret) return [];
  const enqueue = dirtyIdsEnqueuer(rt.queues);
  const plugin: FastifyPluginAsync = (app) => eventHookPlugin(app, { secret, appId: rt.config.okta.appId, enqueue, logger });
  return [{ plugin, prefix: '/hooks', auth: 'self' }];
}

/** How a command tells the operator where the status page is, and the one-time token if any (never in the log). */
export function announceServer(cli: CliContext, s: RunningServer): void {
  cli.print(`Status page     ${s.url}  (queue dashboard ${s.url}admin/queues, metrics ${s.url}metrics)`);
  if (s.generatedToken) cli.print(`Admin token     ${s.generatedToken}  (one-time: server.adminToken is not set; sign in with it)`);
}
