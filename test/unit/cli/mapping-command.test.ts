import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyHash } from '../../../src/domain/canonical-json.js';
import { runCli } from '../../helpers/cli.js';
import { FAKE_OKTA_TOKEN, FAKE_SCIM_TOKEN, TEST_ENV, minimalConfig, tempDir } from '../../helpers/config.js';
import { CUSTOM_NS, userMapping } from '../../helpers/mapping.js';

const SHIPPED = 'config/mapping.yaml';
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

const ALICE = {
  id: '00u1alice',
  status: 'ACTIVE',
  profile: { login: 'Alice@Acme.com', email: 'ALICE@acme.com', firstName: 'Alice', lastName: 'Smith', mobilePhone: '+86 138 0013 8000', postalAddress: '1 Main St, Hangzhou' },
  appProfile: {},
};

function withConfig(files: Record<string, string>, extra = ''): string {
  const dir = tempDir({ 'oisync.yaml': minimalConfig(extra), ...files });
  return join(dir, 'oisync.yaml');
}

describe('oisync mapping validate', () => {
  it('passes the shipped mapping; without a config it says which namespace it assumed', async () => {
    const r = await runCli(['mapping', 'validate', SHIPPED], {}, process.cwd());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mapping OK: config/mapping.yaml');
    expect(r.stdout).toMatch(/hash +[0-9a-f]{64}/);
    expect(r.stdout).toContain('rules        9 user, 2 group');
    expect(r.stderr).toContain(`note: no config loaded (CONFIG_NOT_FOUND); using the default custom-field namespace ${CUSTOM_NS}`);
  });

  it('defaults to the mapping the config names, and checks against its namespace', async () => {
    const cfg = withConfig({ 'mapping.yaml': userMapping(`${CUSTOM_NS}:user_address: { from: profile.postalAddress }`) }, '  customFieldNamespace: urn:acme:fields\n');
    const r = await runCli(['mapping', 'validate', '--config', cfg], TEST_ENV);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error MAPPING_INVALID');
    expect(r.stderr).toMatch(/mapping\.yaml:3:3 user\.urn:.*differs from idaas\.customFieldNamespace "urn:acme:fields"/);
    expect(r.stdout + r.stderr).not.toContain(FAKE_SCIM_TOKEN);
  });

  it('exits 2 with every problem at file:line:col, and the warnings too', async () => {
    const dir = tempDir({ 'm.yaml': userMapping('usrName: { from: profil.login }\nname.givenName: { from: profile.fristName }\ntitle: { from: id, transform: [lowercse] }') });
    const r = await runCli(['mapping', 'validate', join(dir, 'm.yaml')], {});
    expect(r.code).toBe(2);
    const located = r.stderr.split('\n').filter((l) => /m\.yaml:\d+:\d+/.test(l));
    expect(located.map((l) => /m\.yaml:(\d+:\d+)/.exec(l)?.[1])).toEqual(['3:3', '3:20', '5:34', '4:27']);
    expect(r.stderr).toContain('did you mean "userName"?');
    expect(r.stderr).toContain('did you mean "lowercase"?');
    expect(r.stderr).toContain('warnings (1):');
  });

  it('exits 0 with warnings printed', async () => {
    const dir = tempDir({ 'm.yaml': userMapping('name.givenName: { from: profile.fristName }') });
    const r = await runCli(['mapping', 'validate', join(dir, 'm.yaml')], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('warnings (1):');
    expect(r.stdout).toMatch(/m\.yaml:3:27 user\.name\.givenName\.from: "profile\.fristName" is not a default Okta attribute.*\(did you mean "profile\.firstName"\?\)/);
  });

  it('--json: one document, with hash, rule counts and warnings', async () => {
    const r = await runCli(['--json', 'mapping', 'validate', SHIPPED], {});
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ ok: true, customFieldNamespace: CUSTOM_NS, namespaceFrom: 'default (no config loaded)', rules: { user: 9, group: 2 }, warnings: [] });
    expect(doc['hash']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('--json on a bad file: the problem list and warnings on stdout', async () => {
    const dir = tempDir({ 'm.yaml': userMapping('title: { from: nope }\nnickName: { from: profile.nickNmae }') });
    const r = await runCli(['--json', 'mapping', 'validate', join(dir, 'm.yaml')], {});
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; problems: { line: number; col: number; path: string }[] }; warnings: unknown[] };
    expect(doc.ok).toBe(false);
    expect(doc.error.code).toBe('MAPPING_INVALID');
    expect(doc.error.problems).toEqual([expect.objectContaining({ line: 3, col: 18, path: 'user.title.from' })]);
    expect(doc.warnings).toHaveLength(1);
  });

  it('exits 2 naming the file when it does not exist', async () => {
    const r = await runCli(['mapping', 'validate', '/nonexistent/mapping.yaml'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error MAPPING_NOT_FOUND: mapping file /nonexistent/mapping.yaml cannot be read (ENOENT)');
  });

  it('without FILE it needs the config, and says so when there is none', async () => {
    const r = await runCli(['mapping', 'validate'], {}, '/nonexistent-dir');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CONFIG_NOT_FOUND');
  });

  it('a --config that was asked for and is broken is an error, not a fallback', async () => {
    const cfg = withConfig({}, 'bogus: 1\n');
    const r = await runCli(['mapping', 'validate', SHIPPED, '--config', cfg], TEST_ENV);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('CONFIG_INVALID');
  });
});

describe('oisync mapping preview --record', () => {
  const shippedText = readFileSync(SHIPPED, 'utf8');

  function recordFile(record: unknown): string {
    const dir = tempDir({ 'record.json': JSON.stringify(record) });
    return join(dir, 'record.json');
  }

  it('prints the SCIM body and the rule behind each attribute', async () => {
    const r = await runCli(['mapping', 'preview', '--record', recordFile(ALICE), '--mapping', SHIPPED], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SCIM User body for user Alice@Acme.com (00u1alice)');
    expect(r.stdout).toContain('"userName": "alice@acme.com"');
    expect(r.stdout).toContain(`"${CUSTOM_NS}": {\n    "user_address": "1 Main St, Hangzhou"\n  }`);
    const row = (attr: string, needle: string): RegExp => new RegExp(`^  ${attr.replace(/[[\]."]/g, '\\$&')} +mapping\\.yaml:${lineOf(shippedText, needle)}$`, 'm');
    expect(r.stdout).toMatch(row('userName', 'userName:'));
    expect(r.stdout).toMatch(row('emails[type eq "work"].value', 'emails[type eq "work"].value'));
    expect(r.stdout).toMatch(row(`${CUSTOM_NS}:user_address`, ':user_address:'));
    expect(r.stdout).toMatch(/^ {2}emails\[type eq "work"\]\.primary +implicit \(the first entry is primary\)$/m);
  });

  it('--json gives the body, its hash and the attribute → rule list', async () => {
    const r = await runCli(['--json', 'mapping', 'preview', '--record', recordFile(ALICE), '--mapping', SHIPPED], {});
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; body: Record<string, unknown>; bodyHash: string; attributes: { attribute: string; rule: string; value: unknown }[]; mappingHash: string };
    expect(doc.ok).toBe(true);
    expect(doc.body['active']).toBe(true);
    expect(doc.bodyHash).toBe(bodyHash(doc.body));
    expect(doc.attributes).toContainEqual({ attribute: 'userName', rule: `mapping.yaml:${lineOf(shippedText, 'userName:')}`, value: 'alice@acme.com' });
  });

  it('lists what was left out, and why', async () => {
    const r = await runCli(['mapping', 'preview', '--record', recordFile({ ...ALICE, profile: { login: 'a@b.c' } }), '--mapping', SHIPPED], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/left out:\n(.*\n)* {2}phoneNumbers\[type eq "mobile"\]\.value +mapping\.yaml:\d+ +empty/);
  });

  it('exits 1 and shows the problems when the record cannot be mapped', async () => {
    const r = await runCli(['mapping', 'preview', '--record', recordFile({ ...ALICE, profile: { ...ALICE.profile, login: 'alice smith' } }), '--mapping', SHIPPED], {});
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('user alice smith (00u1alice) cannot be mapped');
    expect(r.stdout).toMatch(/userName \(mapping\.yaml:\d+\): is not a valid IDaaS userName.*; value "alice smith"/);
  });

  it('previews a group with --group', async () => {
    const r = await runCli(['--json', 'mapping', 'preview', '--group', '--record', recordFile({ id: '00g1', type: 'OKTA_GROUP', profile: { name: 'Engineering' } }), '--mapping', SHIPPED], {});
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, kind: 'group', body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Engineering', externalId: '00g1' } });
  });

  it('takes an Okta API user object as it is (extra keys ignored)', async () => {
    const okta = { ...ALICE, created: '2024-01-01T00:00:00.000Z', credentials: { provider: { type: 'OKTA' } }, _links: { self: { href: 'https://acme.okta.com/api/v1/users/00u1alice' } }, appProfile: undefined };
    const r = await runCli(['--json', 'mapping', 'preview', '--record', recordFile(okta), '--mapping', SHIPPED], {});
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, body: { externalId: '00u1alice' } });
  });

  it('uses the mapping and namespace the config names by default', async () => {
    const cfg = withConfig({ 'mapping.yaml': userMapping('urn:acme:fields:addr: { from: profile.postalAddress }') }, '  customFieldNamespace: urn:acme:fields\n');
    const r = await runCli(['--json', 'mapping', 'preview', '--record', recordFile(ALICE), '--config', cfg], TEST_ENV);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ body: { schemas: expect.arrayContaining(['urn:acme:fields']), 'urn:acme:fields': { addr: '1 Main St, Hangzhou' } } });
    expect(r.stdout + r.stderr).not.toContain(FAKE_OKTA_TOKEN);
  });

  it.each([
    ['not JSON', '{ nope', 'is not valid JSON'],
    ['no id', JSON.stringify({ status: 'ACTIVE', profile: {} }), '"id" must be a non-empty string'],
    ['no status', JSON.stringify({ id: 'x', profile: {} }), '"status" must be an Okta user status'],
    ['profile not an object', JSON.stringify({ id: 'x', status: 'ACTIVE', profile: 'p' }), '"profile" must be an object'],
  ])('exits 2 on a bad record file (%s)', async (_what, text, message) => {
    const dir = tempDir({ 'r.json': text });
    const r = await runCli(['mapping', 'preview', '--record', join(dir, 'r.json'), '--mapping', SHIPPED], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error USAGE: record file');
    expect(r.stderr).toContain(message);
  });

  it('needs exactly one of --user and --record', async () => {
    const r = await runCli(['mapping', 'preview', '--mapping', SHIPPED], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exactly one of --user LOGIN (read from Okta) or --record FILE.json');
  });

  it('exits 2 when the mapping is invalid, with its problems', async () => {
    const dir = tempDir({ 'm.yaml': userMapping('title: { from: nope }') });
    const r = await runCli(['mapping', 'preview', '--record', recordFile(ALICE), '--mapping', join(dir, 'm.yaml')], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/m\.yaml:3:18 user\.title\.from/);
  });
});

describe('oisync mapping schema', () => {
  it('prints the JSON Schema committed as config/mapping.schema.json', async () => {
    const r = await runCli(['mapping', 'schema']);
    expect(r.code).toBe(0);
    expect(readFileSync('config/mapping.schema.json', 'utf8'), 'run: npm run schemas').toBe(r.stdout);
  });
});

describe('oisync config validate compiles the mapping', () => {
  it('exits 2 with the mapping problems at file:line:col', async () => {
    const cfg = withConfig({ 'mapping.yaml': userMapping('title: { from: nope }\nactive: { value: yes }') });
    const r = await runCli(['config', 'validate', '--config', cfg], TEST_ENV);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error MAPPING_INVALID');
    expect(r.stderr).toMatch(/mapping\.yaml:3:18 user\.title\.from:/);
    expect(r.stderr).toMatch(/mapping\.yaml:4:20 user\.active\.value:/);
  });

  it('--json carries the mapping problems', async () => {
    const cfg = withConfig({ 'mapping.yaml': userMapping('title: { from: nope }') });
    const r = await runCli(['--json', 'config', 'validate', '--config', cfg], TEST_ENV);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code: 'MAPPING_INVALID', problems: [{ line: 3, col: 18 }] } });
  });

  it('uses idaas.customFieldNamespace from the config', async () => {
    const cfg = withConfig({ 'mapping.yaml': userMapping(`${CUSTOM_NS}:user_address: { from: profile.postalAddress }`) }, '  customFieldNamespace: urn:acme:fields\n');
    const r = await runCli(['config', 'validate', '--config', cfg], TEST_ENV);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('differs from idaas.customFieldNamespace "urn:acme:fields"');
  });

  it('reports the mapping hash and rule counts, and its warnings, when all is well', async () => {
    const cfg = withConfig({ 'mapping.yaml': userMapping('name.givenName: { from: profile.fristName }') });
    const r = await runCli(['config', 'validate', '--config', cfg], TEST_ENV);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/mapping +.*mapping\.yaml \(2 user rules, 1 group rules, hash [0-9a-f]{12}\)/);
    expect(r.stdout).toContain('mapping warnings (1):');
    const json = await runCli(['--json', 'config', 'validate', '--config', cfg], TEST_ENV);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, mapping: { hash: expect.stringMatching(/^[0-9a-f]{64}$/), warnings: [expect.objectContaining({ line: 3 })] } });
  });
});
