import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig, resolveConfigPath } from '../../../src/config/load.js';
import { FileProblemsError, OisyncError } from '../../../src/domain/errors.js';
import { Secret } from '../../../src/domain/secret.js';
import { FAKE_OKTA_TOKEN, FAKE_SCIM_TOKEN, MINIMAL_MAPPING, TEST_ENV, minimalConfig, tempDir } from '../../helpers/config.js';

function problemsOf(fn: () => unknown): FileProblemsError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FileProblemsError) return err;
    throw err;
  }
  throw new Error('expected FileProblemsError');
}

describe('config loader', () => {
  it('loads the shipped example with defaults, absolute paths and secrets wrapped', () => {
    const file = resolve('config/oisync.example.yaml');
    const cfg = loadConfig({ explicitPath: file, env: TEST_ENV });
    expect(cfg.okta.requestsPerMinute).toBe(300);
    expect(cfg.idaas.updateMethod).toBe('put');
    expect(cfg.idaas.passwordPolicy).toEqual({ minLength: 8, lowercase: 1, uppercase: 1, digits: 1, special: 1 });
    expect(cfg.safety.maxDestructive).toEqual({ count: 50, percent: 10 });
    expect(cfg.provisioning.unassigned).toBe('flag');
    expect(cfg.mapping).toBe(resolve('config/mapping.yaml'));
    expect(cfg.source).toBe(file);
    expect(cfg.okta.apiToken).toBeInstanceOf(Secret);
    expect(cfg.okta.apiToken?.reveal()).toBe(FAKE_OKTA_TOKEN);
    expect(JSON.stringify(cfg)).not.toContain(FAKE_OKTA_TOKEN);
    expect(JSON.stringify(cfg)).not.toContain(FAKE_SCIM_TOKEN);
  });

  it('fills every default when only the required keys are given', () => {
    const cfg = parseConfig('/x/oisync.yaml', minimalConfig(), TEST_ENV);
    expect(cfg.schedule).toEqual({ fullSync: '0 */6 * * *', reconcile: '30 2 * * *', incrementalSeconds: 60, timezone: 'UTC' });
    expect(cfg.redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'oisync' });
    expect(cfg.server.port).toBe(8080);
    expect(cfg.mapping).toBe('/x/mapping.yaml');
    expect(cfg.okta.groups).toEqual([]);
  });

  it('returns a deeply frozen object', () => {
    const cfg = parseConfig('/x/oisync.yaml', minimalConfig(), TEST_ENV);
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.idaas.passwordPolicy)).toBe(true);
    expect(Object.isFrozen(cfg.okta.groups)).toBe(true);
    expect(() => {
      (cfg.idaas as { concurrency: number }).concurrency = 99;
    }).toThrow(TypeError);
  });

  it('reports three planted mistakes at once, each at its line:col, without the secret', () => {
    const text = [
      'okta:', //                                     1
      '  orgUrl: https://acme.okta.com', //           2
      '  apiToken: ${OKTA_API_TOKEN}', //             3
      '  appId: 0oa1app', //                          4
      '  requestPerMinute: 300', //                   5  unknown key (col 3)
      'idaas:', //                                    6
      '  scimBaseUrl: https://t.example.com/scim/v2', // 7
      '  bearerToken: ${IDAAS_TOKEN_MISSING}', //     8  missing env var (col 16)
      '  concurrency: eight', //                      9  wrong type (col 16)
    ].join('\n');
    const err = problemsOf(() => parseConfig('/cfg/oisync.yaml', text, TEST_ENV));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.problems.map((p) => [p.line, p.col, p.path])).toEqual([
      [5, 3, 'okta.requestPerMinute'],
      [8, 16, 'idaas.bearerToken'],
      [9, 16, 'idaas.concurrency'],
    ]);
    expect(err.problems[0]?.hint).toBe('did you mean "requestsPerMinute"?');
    expect(err.problems[1]?.message).toContain('IDAAS_TOKEN_MISSING');
    expect(err.problems[2]?.message).toContain('expected number');
    expect(err.message).toContain('/cfg/oisync.yaml:5:3');
    expect(err.message).not.toContain(FAKE_OKTA_TOKEN);
  });

  it('never echoes an interpolated secret, even when it lands in the wrong key', () => {
    const text = minimalConfig(`  concurrency: \${OKTA_API_TOKEN}\n  timeoutMs: "\${IDAAS_SCIM_TOKEN}"\nbogus: \${OKTA_API_TOKEN}\n`);
    const err = problemsOf(() => parseConfig('/c.yaml', text, TEST_ENV));
    expect(err.problems.length).toBe(3);
    const all = JSON.stringify(err.problems) + err.message;
    expect(all).not.toContain(FAKE_OKTA_TOKEN);
    expect(all).not.toContain(FAKE_SCIM_TOKEN);
  });

  it('reports YAML syntax errors with their position', () => {
    const err = problemsOf(() => parseConfig('/c.yaml', 'okta:\n  orgUrl: x\n   appId: y\n', TEST_ENV));
    expect(err.problems[0]).toMatchObject({ line: 2, col: 11 });
    expect(err.problems[0]?.message).toContain('Nested mappings');
  });

  it('reports duplicate keys', () => {
    const err = problemsOf(() => parseConfig('/c.yaml', minimalConfig('  concurrency: 2\n  concurrency: 3\n'), TEST_ENV));
    expect(err.problems[0]?.message).toMatch(/unique|duplicate/i);
    expect(err.problems[0]?.line).toBe(9);
  });

  it('refuses plain http to a host that is not loopback, and allows it for the emulators', () => {
    const bad = minimalConfig().replace('https://acme.okta.com', 'http://acme.okta.com');
    const err = problemsOf(() => parseConfig('/c.yaml', bad, TEST_ENV));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ path: 'okta.orgUrl', line: 2, col: 11 });
    expect(err.problems[0]?.message).toContain('loopback');

    for (const host of ['127.0.0.1:8081', 'localhost:9', '[::1]:7000']) {
      const ok = minimalConfig().replace('https://acme.okta.com', `http://${host}`);
      expect(parseConfig('/c.yaml', ok, TEST_ENV).okta.orgUrl).toBe(`http://${host}`);
    }
  });

  it('requires server.adminToken when the server listens beyond loopback', () => {
    const err = problemsOf(() => parseConfig('/c.yaml', minimalConfig('server:\n  host: 0.0.0.0\n'), TEST_ENV));
    expect(err.problems[0]?.path).toBe('server.adminToken');
    const ok = parseConfig('/c.yaml', minimalConfig('server:\n  host: 0.0.0.0\n  adminToken: ${OISYNC_ADMIN_TOKEN}\n'), TEST_ENV);
    expect(ok.server.adminToken).toBeInstanceOf(Secret);
  });

  it('reads ${file:PATH} relative to the config file and ${VAR:-default}', () => {
    const dir = tempDir({ 'scim.token': `${FAKE_SCIM_TOKEN}\n` });
    const text = minimalConfig('log:\n  level: ${OISYNC_LOG_LEVEL:-debug}\n').replace('${IDAAS_SCIM_TOKEN}', '${file:scim.token}');
    writeFileSync(join(dir, 'oisync.yaml'), text);
    const cfg = loadConfig({ explicitPath: join(dir, 'oisync.yaml'), env: { OKTA_API_TOKEN: FAKE_OKTA_TOKEN } });
    expect(cfg.idaas.bearerToken.reveal()).toBe(FAKE_SCIM_TOKEN);
    expect(cfg.log.level).toBe('debug');
  });

  it('names an unreadable secret file', () => {
    const text = minimalConfig().replace('${IDAAS_SCIM_TOKEN}', '${file:/nonexistent/token}');
    const err = problemsOf(() => parseConfig('/c.yaml', text, TEST_ENV));
    expect(err.problems[0]?.message).toContain('/nonexistent/token');
    expect(err.problems[0]?.message).toContain('ENOENT');
  });

  it('turns a whole unquoted ${VAR} into the type it would have had', () => {
    const cfg = parseConfig('/c.yaml', minimalConfig('server:\n  port: ${PORT}\n'), { ...TEST_ENV, PORT: '9123' });
    expect(cfg.server.port).toBe(9123);
  });

  it('checks cron patterns, regex group patterns, enums and ranges', () => {
    const text = minimalConfig(
      [
        '  updateMethod: post',
        '  requestsPerSecond: -1',
        'schedule:',
        '  fullSync: "every hour"',
        'okta_extra: 1',
      ].join('\n') + '\n',
    ).replace('  appId: 0oa1app', '  appId: 0oa1app\n  groups:\n    - pattern: "(["\n    - nam: Eng');
    const err = problemsOf(() => parseConfig('/c.yaml', text, TEST_ENV));
    const paths = err.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['okta.groups[0].pattern', 'idaas.updateMethod', 'idaas.requestsPerSecond', 'schedule.fullSync', 'okta_extra']),
    );
    expect(err.problems.find((p) => p.path === 'okta.groups[1]')).toMatchObject({ hint: 'did you mean "name"?' });
    expect(err.problems.find((p) => p.path === 'idaas.updateMethod')?.message).toContain('"put"');
  });

  it('reports a missing required key at its parent', () => {
    const text = minimalConfig().replace('  appId: 0oa1app\n', '');
    const err = problemsOf(() => parseConfig('/c.yaml', text, TEST_ENV));
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatchObject({ path: 'okta.appId', line: 2 });
    expect(err.problems[0]?.message).toContain('required');
  });

  it('resolves the config path: --config, then $OISYNC_CONFIG, then ./config/oisync.yaml', () => {
    expect(resolveConfigPath({ explicitPath: 'a.yaml', env: { OISYNC_CONFIG: '/b.yaml' }, cwd: '/w' })).toBe('/w/a.yaml');
    expect(resolveConfigPath({ env: { OISYNC_CONFIG: '/b.yaml' }, cwd: '/w' })).toBe('/b.yaml');
    expect(resolveConfigPath({ env: {}, cwd: '/w' })).toBe('/w/config/oisync.yaml');
  });

  it('says which file is missing', () => {
    expect(() => loadConfig({ explicitPath: '/nope/oisync.yaml', env: {} })).toThrow(OisyncError);
    expect(() => loadConfig({ explicitPath: '/nope/oisync.yaml', env: {} })).toThrow(/\/nope\/oisync.yaml/);
  });

  it('keeps the example config and the mapping it names in the repository', () => {
    expect(readFileSync('config/mapping.yaml', 'utf8').length).toBeGreaterThan(0);
    expect(MINIMAL_MAPPING).toContain('userName');
  });
});

describe('config secrets from files', () => {
  it('reads VAR_FILE when VAR is unset (Docker secrets)', () => {
    const dir = tempDir({ okta: `${FAKE_OKTA_TOKEN}\n` });
    const cfg = parseConfig('/c.yaml', minimalConfig(), { IDAAS_SCIM_TOKEN: FAKE_SCIM_TOKEN, OKTA_API_TOKEN_FILE: join(dir, 'okta') });
    expect(cfg.okta.apiToken?.reveal()).toBe(FAKE_OKTA_TOKEN);
  });

  it('treats an empty adminToken as unset, so loopback needs none', () => {
    const cfg = parseConfig('/c.yaml', minimalConfig('server:\n  adminToken: ${OISYNC_ADMIN_TOKEN:-}\n'), { ...TEST_ENV, OISYNC_ADMIN_TOKEN: '' });
    expect(cfg.server.adminToken).toBeUndefined();
  });
});
