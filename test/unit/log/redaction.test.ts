import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { OisyncError } from '../../../src/domain/errors.js';
import { Secret } from '../../../src/domain/secret.js';
import { createLogger } from '../../../src/log/logger.js';
import { Redactor } from '../../../src/log/redact.js';
import { FAKE_OKTA_TOKEN, FAKE_SCIM_TOKEN, TEST_ENV, minimalConfig } from '../../helpers/config.js';

function capture(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('secrets never reach a log line', () => {
  it('a token from config is absent from every log line and error produced while loading or failing to load', () => {
    const out = capture();
    const redactor = new Redactor();
    const log = createLogger({ destination: out.stream, format: 'json', redactor, level: 'trace' });

    const cfg = parseConfig('/c.yaml', minimalConfig(), TEST_ENV);
    redactor.add(cfg.okta.apiToken);
    redactor.add(cfg.idaas.bearerToken);
    log.info({ config: cfg }, 'loaded config');
    log.debug({ okta: cfg.okta, idaas: cfg.idaas }, 'sections');
    log.info(`token is ${cfg.okta.apiToken?.reveal() ?? ''}`);
    log.warn({ headers: { authorization: `Bearer ${FAKE_SCIM_TOKEN}` }, request: 'GET /Users' }, 'request');
    log.error({ err: new Error(`upstream said: bad token SSWS ${FAKE_OKTA_TOKEN}`) }, 'failed');
    log.error({ err: new OisyncError('SCIM_UNAUTHORIZED', 'refused', { details: { token: FAKE_SCIM_TOKEN } }) }, 'refused');

    let failure: unknown;
    try {
      parseConfig('/c.yaml', minimalConfig(`  concurrency: \${IDAAS_SCIM_TOKEN}\n`), TEST_ENV);
    } catch (err) {
      failure = err;
      log.error({ err }, 'config failed');
    }
    expect(failure).toBeInstanceOf(OisyncError);
    expect(String((failure as Error).message)).not.toContain(FAKE_SCIM_TOKEN);

    const text = out.text();
    expect(text.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(7);
    expect(text).not.toContain(FAKE_OKTA_TOKEN);
    expect(text).not.toContain(FAKE_SCIM_TOKEN);
    expect(text).toContain('[REDACTED]');
    for (const line of text.split('\n').filter(Boolean)) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  it('masks credential shapes even for values it was never told about', () => {
    const r = new Redactor();
    expect(r.text('Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123')).not.toContain('abcdefghijklmnop');
    expect(r.text('sent SSWS 00aBcDeFgHiJkLmNoPqRsTuVwXyZ')).toBe('sent SSWS [REDACTED]');
    expect(r.text('redis://:hunter2hunter2@host:6379/0')).toBe('redis://:[REDACTED]@host:6379/0');
    expect(r.value({ password: 'p@ss', nested: { apiToken: 'x'.repeat(30), ok: 'fine' } })).toEqual({
      password: '[REDACTED]',
      nested: { apiToken: '[REDACTED]', ok: 'fine' },
    });
  });

  it('Secret renders as [REDACTED] in every form', () => {
    const s = new Secret(FAKE_OKTA_TOKEN);
    expect(String(s)).toBe('[REDACTED]');
    expect(`${String(s)}`).toBe('[REDACTED]');
    expect(JSON.stringify({ s })).toBe('{"s":"[REDACTED]"}');
    expect(inspect({ s })).not.toContain(FAKE_OKTA_TOKEN);
    expect(s.reveal()).toBe(FAKE_OKTA_TOKEN);
    expect(s.equals(FAKE_OKTA_TOKEN)).toBe(true);
    expect(s.equals('nope')).toBe(false);
  });
});

describe('redaction leaves placeholders alone', () => {
  it('does not mangle an Authorization header written with a shell variable', () => {
    const r = new Redactor();
    expect(r.text('-H "Authorization: SSWS $OKTA_TOKEN"')).toBe('-H "Authorization: SSWS $OKTA_TOKEN"');
    expect(r.text('Authorization: SSWS 00aBcDeFgHiJkLmNoPqRsTuV')).toBe('Authorization: SSWS [REDACTED]');
    expect(r.text('authorization=abc123secretvalue')).toBe('authorization=[REDACTED]');
  });
});
