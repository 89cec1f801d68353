import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type { OisyncConfig } from '../config/schema.js';
import type { Clock, Logger, StateStore } from '../domain/ports.js';
import type { Secret } from '../domain/secret.js';
import type { Redactor } from '../log/redact.js';
import type { MappingStatus } from '../mapping/index.js';
import type { OktaRequestStats } from '../okta/index.js';
import type { Queues } from '../queue/queues.js';
import type { OperatorMetrics } from './metrics.js';

export type { DriftItemView, DriftReportReader, DriftReportView } from '../domain/drift.js';
import type { DriftReportReader } from '../domain/drift.js';

/**
 * An extra route plugin (e.g. the Okta event-hook receiver). `auth: 'admin'` puts it behind the
 * admin token like the status page; `auth: 'self'` leaves authentication to the plugin (a
 * webhook authenticates with its own shared secret). Security headers and response redaction
 * apply either way.
 */
export interface RoutePlugin {
  readonly plugin: FastifyPluginAsync;
  readonly prefix: string;
  readonly auth: 'admin' | 'self';
}

/** Everything the HTTP server reads or acts on; built by the composition root. */
export interface OperatorDeps {
  readonly config: OisyncConfig;
  readonly state: StateStore & Partial<DriftReportReader>;
  readonly queues: Queues;
  /** The runtime's Redis client (readiness PING). */
  readonly redis: Pick<Redis, 'ping'>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly metrics: OperatorMetrics;
  /** The admin token: `server.adminToken`, or one generated for this process. */
  readonly adminToken: Secret;
  /** Knows every secret of the config; masks them in anything the server sends. */
  readonly redactor: Redactor;
  readonly version: string;
  /** True while this process's workers take jobs. */
  readonly workersRunning: () => boolean;
  /** One cheap authenticated read of Okta or IDaaS (readiness probes). */
  readonly probe?: (side: 'okta' | 'scim') => Promise<void>;
  readonly mappingStatus?: () => MappingStatus;
  readonly oktaStats?: () => OktaRequestStats;
  readonly plugins?: readonly RoutePlugin[];
  /** How often Okta and IDaaS are probed for /readyz, ms (default 60 s; 0 = only at start). */
  readonly probeIntervalMs?: number;
}
