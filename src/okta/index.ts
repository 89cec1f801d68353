import { systemClock, type Clock, type Logger } from '../domain/ports.js';
import { createOktaClient, type OktaConfig } from './create-client.js';
import { GroupSelection } from './group-selection.js';
import { OktaReader } from './okta-reader.js';
import { normalizeOrgUrl } from './org-url.js';
import { OktaRequestExecutor, type ExecutorOptions } from './request-executor.js';

export { OktaReader } from './okta-reader.js';
export type { OktaRequestStats, BucketFigures } from './request-stats.js';
export { SYNC_EVENT_TYPES } from './event-changes.js';
export { OKTA_READS, OKTA_READ_SCOPES, type OktaRead, type ProbeAnswer } from './access-probe.js';

export interface OktaReaderDeps {
  readonly logger: Logger;
  readonly clock?: Clock;
  /** Prepended to the SDK's User-Agent, e.g. `oisync/0.1.0`. */
  readonly userAgent?: string;
  /** Retry and pacing knobs beyond the config (tests shorten the backoff). */
  readonly tuning?: Pick<ExecutorOptions, 'slowdownBelow' | 'retryBaseMs' | 'retryCapMs' | 'sleep' | 'random' | 'now'>;
}

/** The composition root's entry: an Okta reader (SourceDirectory) for the `okta:` config section. */
export function createOktaReader(config: OktaConfig, deps: OktaReaderDeps): OktaReader {
  const logger = deps.logger.child({ component: 'okta' });
  const executor = new OktaRequestExecutor({
    maxRetries: config.maxRetries,
    requestTimeoutMs: config.requestTimeoutMs,
    requestsPerMinute: config.requestsPerMinute,
    logger,
    ...deps.tuning,
  });
  const client = createOktaClient(config, executor, deps.userAgent);
  return new OktaReader({
    config,
    orgUrl: normalizeOrgUrl(config.orgUrl),
    client,
    executor,
    selection: new GroupSelection(config.groups),
    logger,
    clock: deps.clock ?? systemClock,
  });
}
