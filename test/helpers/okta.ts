import { Writable } from 'node:stream';
import type { OisyncConfig } from '../../src/config/schema.js';
import { Secret } from '../../src/domain/secret.js';
import { createLogger, type AppLogger } from '../../src/log/logger.js';
import { Redactor } from '../../src/log/redact.js';
import { createOktaReader, type OktaReaderDeps } from '../../src/okta/index.js';
import type { OktaReader } from '../../src/okta/okta-reader.js';
import { FAKE_OKTA_TOKEN } from './config.js';

export type OktaConfig = OisyncConfig['okta'];

/** A complete `okta:` section as the config loader would produce it. */
export function oktaConfig(overrides: Partial<{ -readonly [K in keyof OktaConfig]: OktaConfig[K] }> = {}): OktaConfig {
  return {
    orgUrl: 'https://acme.okta.example',
    apiToken: new Secret(FAKE_OKTA_TOKEN),
    appId: '0oa1app0000000000001',
    groups: [],
    requestsPerMinute: 60_000,
    requestTimeoutMs: 5_000,
    maxRetries: 3,
    ...overrides,
  };
}

/** A debug-level JSON logger whose output is kept, and which knows no secret (so nothing is masked for us). */
export function memoryLogger(): { logger: AppLogger; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(c: Buffer, _e, cb) {
      chunks.push(c.toString());
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', format: 'json', destination, redactor: new Redactor() });
  return { logger, text: () => chunks.join('') };
}

/** Fast, deterministic retries: no real sleeping beyond a tick, jitter fixed. */
export const FAST_RETRIES: NonNullable<OktaReaderDeps['tuning']> = {
  retryBaseMs: 2,
  retryCapMs: 20,
  random: () => 0.5,
};

export function reader(config: OktaConfig, deps: Partial<OktaReaderDeps> = {}): OktaReader {
  return createOktaReader(config, { logger: deps.logger ?? memoryLogger().logger, tuning: FAST_RETRIES, ...deps });
}
