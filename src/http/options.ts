import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import type { OisyncConfig } from '../config/schema.js';
import type { Clock, Logger, StateStore } from '../domain/ports.js';
import type { AttributeChange } from '../domain/runs.js';
import type { Secret } from '../domain/secret.js';
import type { Redactor } from '../log/redact.js';
import type { MappingStatus } from '../mapping/index.js';
import type { OktaRequestStats } from '../okta/index.js';
import type { Queues } from '../queue/queues.js';
import type { OperatorMetrics } from './metrics.js';

/**
 * One reconcile run's drift report, as the status page shows it. The reconcile engine stores
 * reports per run; a store that can read them back offers `getDriftReport(runId)` (see
 * `DriftReportReader`) and the "Last drift report" panel and `GET /api/drift` light up.
 */
export interface DriftReportView {
  readonly runId: string;
  /** Pairs per class: `in-sync`, `drifted`, `missing`, `unlinked`, `orphan`, `disputed`, ... */
  readonly counts: Readonly<Record<string, number>>;
  /** The pairs that are not in sync (the store may cap how many it returns). */
  readonly items: readonly DriftItemView[];
  /** How many items exist in all, when `items` is capped. */
  readonly total?: number;
}

export interface DriftItemView {
  readonly class: string;
  readonly kind: 'user' | 'group';
  readonly label: string;
  readonly oktaId?: string;
  readonly scimId?: string;
  /** Attribute differences old (IDaaS) → new (what Okta and the mapping say). */
  readonly changes?: readonly AttributeChange[];
  /** What reconcile did about it (`repaired`, `flagged`, `reported`). */
  readonly action?: string;
}

/** Optional capability of a state store: read a reconcile run's drift report back. */
export interface DriftReportReader {
  getDriftReport(runId: string): Promise<DriftReportView | undefined>;
}

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
