import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { FaultInjector, type FaultRule } from './faults.js';
import { generateOrg } from './generate.js';
import type { Route } from './http-types.js';
import type { OktaEmulatorOptions } from './options.js';
import { OktaOrg } from './org.js';
import { OrgState } from './org-state.js';
import { BUCKETS, DEFAULT_LIMITS, RateLimiter, type Bucket } from './rate-limiter.js';
import { RequestLog, type RequestLogEntry } from './request-log.js';
import { adminRoutes } from './routes/admin.js';
import { appRoutes } from './routes/apps.js';
import { groupRoutes } from './routes/groups.js';
import { logRoutes } from './routes/logs.js';
import { policyRoutes } from './routes/policies.js';
import { schemaRoutes } from './routes/schemas.js';
import { userRoutes } from './routes/users.js';
import { loadSeedFile } from './seed-file.js';
import type { SeedOrg } from './seed-model.js';
import { createOktaServer } from './server.js';

export interface OktaEmulator {
  /** Base URL to use as `okta.orgUrl`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The SSWS token the emulator accepts. */
  readonly token: string;
  /** The id of the app whose assignments define the sync scope (`okta.appId`). */
  readonly appId: string;
  /** State and admin operations (assign, deactivate, add member, ...). */
  readonly org: OktaOrg;
  /** Add or clear fault rules at run time. */
  readonly faults: FaultInjector;
  /** Requests served so far (newest last). */
  requests(): readonly RequestLogEntry[];
  clearRequests(): void;
  /** Stops listening and drops open connections; the port is free when this resolves. */
  close(): Promise<void>;
}

/** Builds the org the options describe, without starting a server (benchmarks, tests). */
export function buildOrgFromOptions(opts: OktaEmulatorOptions): SeedOrg {
  if (opts.org) return opts.org;
  if (opts.seedFile) return loadSeedFile(opts.seedFile);
  return generateOrg({
    users: opts.users ?? 25,
    groups: opts.groups ?? 6,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.appId ? { appId: opts.appId } : {}),
  });
}

function limitsFrom(opts: OktaEmulatorOptions): Record<Bucket, number> {
  const per = opts.rateLimit ? opts.rateLimit.perMinute : undefined;
  const out = { ...DEFAULT_LIMITS };
  if (typeof per === 'number') for (const b of BUCKETS) out[b] = per;
  else if (per) for (const b of BUCKETS) out[b] = per[b] ?? out[b];
  return out;
}

/** Starts the emulator on loopback; resolves once it listens. */
export async function startOktaEmulator(opts: OktaEmulatorOptions = {}): Promise<OktaEmulator> {
  const now = opts.clock ?? Date.now;
  const state = OrgState.fromSeed(buildOrgFromOptions(opts));
  const org = new OktaOrg(state, now);
  const token = opts.token ?? `emu${randomBytes(18).toString('base64url')}`;
  const faults = new FaultInjector();
  faults.add(...((opts.faults ?? []) as FaultRule[]));
  const requests = new RequestLog(opts.requestLogCapacity);
  const limiter = new RateLimiter(limitsFrom(opts), (opts.rateLimit && opts.rateLimit.windowMs) || 60_000, now, opts.rateLimit !== false);

  const routes: Route[] = [
    ...userRoutes(state),
    ...groupRoutes(state),
    ...appRoutes(state),
    ...logRoutes(org.log, now),
    ...policyRoutes(state),
    ...schemaRoutes(state),
  ];
  const { server, closeTimers } = createOktaServer({
    routes,
    adminRoutes: adminRoutes(org, faults, requests),
    token,
    limiter,
    faults,
    requests,
    now,
    latencyMs: opts.latencyMs ?? 0,
    pageCap: opts.maxPageSize ?? Number.POSITIVE_INFINITY,
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    token,
    appId: state.app.id,
    org,
    faults,
    requests: () => requests.all(),
    clearRequests: () => requests.clear(),
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        closeTimers();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
