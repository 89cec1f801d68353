import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageInfo } from '../../../src/cli/package-info.js';
import { runCli } from '../../helpers/cli.js';
import { FAKE_OKTA_TOKEN, FAKE_SCIM_TOKEN, MINIMAL_MAPPING, TEST_ENV, minimalConfig, tempDir } from '../../helpers/config.js';

describe('oisync config validate', () => {
  it('passes the shipped example with the env vars set, and prints a summary without secrets', async () => {
    const r = await runCli(['config', 'validate', '--config', 'config/oisync.example.yaml'], TEST_ENV);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('config OK');
    expect(r.stdout).toContain('https://acme.okta.com');
    expect(r.stdout + r.stderr).not.toContain(FAKE_OKTA_TOKEN);
    expect(r.stdout + r.stderr).not.toContain(FAKE_SCIM_TOKEN);
  });

  it('prints one JSON document with --json', async () => {
    const r = await runCli(['--json', 'config', 'validate', '--config', 'config/oisync.example.yaml'], TEST_ENV);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; summary: Record<string, string> };
    expect(doc.ok).toBe(true);
    expect(doc.summary['idaas']).toContain('put');
  });

  it('exits 2 with three located errors for three planted mistakes, and no secret', async () => {
    const dir = tempDir({ 'mapping.yaml': MINIMAL_MAPPING });
    const text = minimalConfig('  concurrency: "8x"\n')
      .replace('  appId: 0oa1app', '  appId: 0oa1app\n  aplId: typo')
      .replace('${IDAAS_SCIM_TOKEN}', '${IDAAS_TOKEN_NOT_SET}');
    writeFileSync(join(dir, 'oisync.yaml'), text);
    const r = await runCli(['config', 'validate', '--config', join(dir, 'oisync.yaml')], TEST_ENV);
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n').filter((l) => /oisync\.yaml:\d+:\d+/.test(l));
    expect(lines.map((l) => /oisync\.yaml:(\d+:\d+)/.exec(l)?.[1])).toEqual(['5:3', '8:16', '9:16']);
    expect(r.stderr).toContain('IDAAS_TOKEN_NOT_SET');
    expect(r.stderr).toContain('did you mean "appId"?');
    expect(r.stdout + r.stderr).not.toContain(FAKE_OKTA_TOKEN);
  });

  it('with --json, the error list is on stdout', async () => {
    const dir = tempDir({ 'oisync.yaml': minimalConfig('bogus: 1\n') });
    const r = await runCli(['--json', 'config', 'validate', '--config', join(dir, 'oisync.yaml')], TEST_ENV);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; problems: { path: string; line: number }[] } };
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('CONFIG_INVALID');
    expect(doc.error.problems).toEqual([expect.objectContaining({ path: 'bogus', line: 8 })]);
  });

  it('exits 2 when the mapping file named by the config is missing', async () => {
    const dir = tempDir({ 'oisync.yaml': minimalConfig() });
    const r = await runCli(['config', 'validate', '--config', join(dir, 'oisync.yaml')], TEST_ENV);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mapping.yaml');
  });

  it('exits 2 when the config file does not exist, naming it', async () => {
    const r = await runCli(['config', 'validate'], TEST_ENV, '/nonexistent-dir');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('/nonexistent-dir/config/oisync.yaml');
  });

  it('finds the config through $OISYNC_CONFIG', async () => {
    const r = await runCli(['config', 'validate'], { ...TEST_ENV, OISYNC_CONFIG: 'config/oisync.example.yaml' });
    expect(r.code).toBe(0);
  });
});

describe('oisync entry', () => {
  it('prints the version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(packageInfo().version);
  });

  it('exits 2 on an unknown command or option', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['config', 'validate', '--nope'])).code).toBe(2);
  });
});

describe('oisync config schema', () => {
  it('prints the JSON Schema that is committed as config/oisync.schema.json', async () => {
    const r = await runCli(['config', 'schema']);
    expect(r.code).toBe(0);
    const committed = readFileSync('config/oisync.schema.json', 'utf8');
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(committed));
    expect(committed, 'run: npx tsx src/cli/main.ts config schema > config/oisync.schema.json').toBe(r.stdout);
  });
});
