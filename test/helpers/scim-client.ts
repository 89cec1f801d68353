import { Writable } from 'node:stream';
import type { Clock } from '../../src/domain/ports.js';
import { SCHEMA_CUSTOMFIELD_USER } from '../../src/domain/scim.js';
import { Secret } from '../../src/domain/secret.js';
import { createLogger, type AppLogger } from '../../src/log/logger.js';
import { createScimClient, type CreateScimClientDeps, type IdaasConfig, type ScimTarget } from '../../src/scim/index.js';
import { FAKE_SCIM_TOKEN } from './config.js';

/** A base URL nock intercepts (nothing listens there; net connect is disabled in unit tests). */
export const NOCK_ORIGIN = 'https://tenant.idaas.example';
export const NOCK_PATH = '/api/v2/app_nock/scim/v2';
export const NOCK_BASE = `${NOCK_ORIGIN}${NOCK_PATH}`;

export function idaasConfig(overrides: Partial<IdaasConfig> = {}): IdaasConfig {
  return {
    scimBaseUrl: NOCK_BASE,
    bearerToken: new Secret(FAKE_SCIM_TOKEN),
    requestsPerSecond: 20,
    concurrency: 4,
    timeoutMs: 5_000,
    updateMethod: 'put',
    membershipBatchSize: 100,
    customFieldNamespace: SCHEMA_CUSTOMFIELD_USER,
    requireCustomFieldNamespace: true,
    passwordPolicy: { minLength: 8, lowercase: 1, uppercase: 1, digits: 1, special: 1 },
    ...overrides,
  };
}

/** A debug-level JSON logger whose lines the test can read back. */
export function captureLogger(): { logger: AppLogger; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(c: Buffer, _e, cb) {
      chunks.push(c.toString());
      cb();
    },
  });
  return { logger: createLogger({ level: 'debug', format: 'json', destination: stream }), text: () => chunks.join('') };
}

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

export function testClient(overrides: Partial<IdaasConfig> = {}, deps: Partial<CreateScimClientDeps> = {}): ScimTarget & { logs: () => string } {
  const cap = captureLogger();
  const client = createScimClient(idaasConfig(overrides), { logger: cap.logger, ...deps });
  return Object.assign(client, { logs: cap.text });
}

/** Collects every page of an async listing. */
export async function pages<T>(it: AsyncIterable<readonly T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const p of it) out.push([...p]);
  return out;
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
