import { performance } from 'node:perf_hooks';
import type { OisyncConfig } from '../config/schema.js';
import { OisyncError } from '../domain/errors.js';
import { isLoopbackHost } from '../domain/net.js';
import { systemClock, type Clock, type Logger } from '../domain/ports.js';
import { ScimClient, type ScimRequestEvent } from './client.js';
import { createDryRunTransport, type RecordedWrite } from './dry-run-transport.js';
import { createGotTransport } from './got-transport.js';
import { makeTextRedactor } from './redact-text.js';
import type { Transport } from './transport.js';
import { defaultUserAgent } from './user-agent.js';

export type IdaasConfig = OisyncConfig['idaas'];

export interface CreateScimClientDeps {
  readonly logger: Logger;
  /** Record writes instead of sending them (enforced at the transport). */
  readonly dryRun?: boolean;
  /** Called for each write a dry run records (e.g. to print the plan). */
  readonly onDryRunWrite?: (w: RecordedWrite) => void;
  /** Metrics hook: one call per request sent. */
  readonly onRequest?: (e: ScimRequestEvent) => void;
  /** For Retry-After HTTP-dates. */
  readonly clock?: Clock;
  /** Defaults to `okta-idaas-sync/<package version>`. */
  readonly userAgent?: string;
  /** Fail discovery when the custom field namespace is not advertised (default true). */
  readonly requireCustomFieldNamespace?: boolean;
  /** Global request budget: every request that goes on the wire waits for a slot first. */
  readonly limiter?: { acquire(): Promise<void> };
}

/** The SCIM client plus what the composition root needs around it. */
export interface ScimTarget extends ScimClient {
  readonly dryRun: boolean;
  /** Writes a dry run recorded so far (empty outside a dry run). */
  recordedWrites(): readonly RecordedWrite[];
  /** Closes the keep-alive sockets. */
  close(): void;
}

/**
 * Builds the IDaaS SCIM client from the `idaas:` config section. Throws SCIM_INSECURE_URL when
 * the bearer token would go over plain http to a host that is not loopback.
 */
export function createScimClient(config: IdaasConfig, deps: CreateScimClientDeps): ScimTarget {
  const baseUrl = config.scimBaseUrl.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new OisyncError('SCIM_INSECURE_URL', 'idaas.scimBaseUrl is not an absolute URL');
  }
  if (url.username || url.password) throw new OisyncError('SCIM_INSECURE_URL', 'idaas.scimBaseUrl must not carry credentials; use idaas.bearerToken');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new OisyncError('SCIM_INSECURE_URL', `refusing to send the IDaaS bearer token to ${url.protocol}//${url.host}: use https (plain http is allowed only to loopback)`, {
      details: { host: url.host, protocol: url.protocol },
    });
  }
  const redact = makeTextRedactor(config.bearerToken.reveal());
  const dryRun = deps.dryRun === true;
  const network = createGotTransport({
    baseUrl,
    token: config.bearerToken,
    timeoutMs: config.timeoutMs,
    concurrency: config.concurrency,
    userAgent: deps.userAgent ?? defaultUserAgent(),
    readOnly: dryRun,
    redact,
  });
  const limiter = deps.limiter;
  const wire: Transport = limiter
    ? {
        send: async (req) => {
          // Waiting for the shared budget is not IDaaS being slow: report it apart from latency.
          const queued = performance.now();
          await limiter.acquire();
          const waitedMs = performance.now() - queued;
          return { ...(await network.send(req)), waitedMs };
        },
        close: () => network.close(),
      }
    : network;
  const dry = dryRun ? createDryRunTransport(wire, deps.onDryRunWrite) : undefined;
  const client = new ScimClient(
    {
      updateMethod: config.updateMethod,
      customFieldNamespace: config.customFieldNamespace,
      requireCustomFieldNamespace: deps.requireCustomFieldNamespace ?? true,
      membershipBatchSize: config.membershipBatchSize,
    },
    {
      transport: dry ?? wire,
      logger: deps.logger.child({ component: 'scim' }),
      clock: deps.clock ?? systemClock,
      redact,
      ...(deps.onRequest ? { onRequest: deps.onRequest } : {}),
    },
  );
  return Object.assign(client, {
    dryRun,
    recordedWrites: () => dry?.recorded() ?? [],
    close: () => network.close(),
  });
}
