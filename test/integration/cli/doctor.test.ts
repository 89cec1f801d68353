import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/doctor/check.js';
import { runCli } from '../../helpers/cli.js';
import { Stack, type StackOptions } from '../../helpers/stack.js';

/** `oisync doctor --json` against a stack; returns the exit code and the verdict per check id. */
async function doctor(stack: Stack, env: Record<string, string> = {}): Promise<{ code: number; checks: Record<string, CheckResult> }> {
  const res = await runCli(['--config', stack.config.source, '--json', 'doctor'], { OKTA_TOKEN: stack.okta.token, IDAAS_TOKEN: stack.idaas.token, ...env });
  const out = JSON.parse(res.stdout) as { ok: boolean; checks: CheckResult[] };
  expect(out.ok).toBe(res.code === 0);
  return { code: res.code, checks: Object.fromEntries(out.checks.map((c) => [c.id, c])) };
}

const verdicts = (checks: Record<string, CheckResult>): Record<string, string> => Object.fromEntries(Object.entries(checks).map(([id, c]) => [id, c.verdict]));

/** A set-up a migration team would call right: IDaaS asks no more than the demo org's Okta policies give. */
const GOOD: StackOptions = { idaasYaml: '  passwordPolicy: { special: 0 }' };

describe('oisync doctor against the emulators', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('passes a correct set-up; the test Redis that keeps nothing on disk is a warning, not a failure', async () => {
    stack = await Stack.start(GOOD);
    const { code, checks } = await doctor(stack);
    expect(verdicts(checks)).toEqual({
      config: 'PASS',
      'okta.token': 'PASS',
      'okta.permissions': 'PASS',
      'okta.app': 'PASS',
      'okta.groups': 'PASS',
      'okta.password-policy': 'PASS',
      'idaas.connector': 'PASS',
      'idaas.discovery': 'PASS',
      'idaas.namespace': 'PASS',
      redis: 'PASS',
      'redis.persistence': 'WARN',
      'redis.eviction': 'PASS',
      clock: 'PASS',
    });
    expect(code).toBe(0);
    expect(checks['idaas.connector']?.detail).toBe('connector test passed: IDaaS holds 0 users and 0 groups');
    expect(checks['idaas.namespace']?.detail).toContain('is advertised with user_address');
    expect(checks['okta.groups']?.detail).toMatch(/^4 group\(s\) selected: /);
    expect(checks['redis.persistence']?.fix).toContain('appendonly yes');
  });

  it('a wrong Okta token fails with the fix, and the Okta checks that need it are skipped', async () => {
    stack = await Stack.start(GOOD);
    const { code, checks } = await doctor(stack, { OKTA_TOKEN: 'not-the-token-00000000000' });
    expect(code).toBe(1);
    expect(checks['okta.token']).toMatchObject({ verdict: 'FAIL', detail: expect.stringContaining('refused the SSWS token'), fix: expect.stringContaining('Security > API > Tokens') });
    for (const id of ['okta.permissions', 'okta.app', 'okta.groups', 'okta.password-policy']) expect(checks[id]?.verdict, id).toBe('SKIP');
    expect(checks['idaas.connector']?.verdict).toBe('PASS');
  });

  it('a weak Okta password policy fails, field by field', async () => {
    stack = await Stack.start(); // idaas.passwordPolicy defaults: 8 chars and one of each class
    const { code, checks } = await doctor(stack);
    expect(code).toBe(1);
    expect(checks['okta.password-policy']).toMatchObject({
      verdict: 'FAIL',
      detail: expect.stringContaining('"Default Policy": minSymbol 0 < special 1'),
      fix: expect.stringContaining('Security > Authenticators > Password'),
    });
    expect(checks['okta.password-policy']?.detail).not.toContain('Finance Password Policy');
  });

  it('a custom field namespace IDaaS does not advertise fails', async () => {
    stack = await Stack.start({ ...GOOD, idaas: { customFieldNamespace: 'urn:example:params:scim:schemas:extension:acme:2.0:User' } });
    const { code, checks } = await doctor(stack);
    expect(code).toBe(1);
    expect(checks['idaas.namespace']).toMatchObject({
      verdict: 'FAIL',
      detail: expect.stringContaining('"urn:ietf:params:scim:schemas:extension:customfield:2.0:User" is not advertised'),
      fix: expect.stringContaining('Custom Field Namespace'),
    });
    expect(checks['idaas.namespace']?.detail).toContain('user_address would be refused');
  });

  it('a custom field IDaaS does not sync fails', async () => {
    stack = await Stack.start({ ...GOOD, idaas: { allowedCustomFields: ['cost_center'] } });
    const { checks } = await doctor(stack);
    expect(checks['idaas.namespace']).toMatchObject({ verdict: 'FAIL', detail: expect.stringContaining('writes user_address') });
  });

  it('names the reads the token may not make (403 E0000006)', async () => {
    stack = await Stack.start({ ...GOOD, okta: { faults: [{ path: '/api/v1/logs', status: 403, times: 0 }, { path: '/api/v1/policies', status: 403, times: 0 }] } });
    const { code, checks } = await doctor(stack);
    expect(code).toBe(1);
    expect(checks['okta.permissions']).toMatchObject({ verdict: 'FAIL', detail: 'Okta answered 403 (E0000006) to reads of: logs (okta.logs.read), policies (okta.policies.read)' });
    expect(checks['okta.password-policy']?.verdict).toBe('SKIP');
  });

  it('a wrong app id and a group selector that matches nothing fail', async () => {
    stack = await Stack.start({ ...GOOD, groups: '[{ name: Engineering }, { name: Enginering }]' });
    const file = stack.config.source;
    const { readFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/appId: .*/, 'appId: 0oa1doesnotexist'));
    const { checks } = await doctor(stack);
    expect(checks['okta.app']).toMatchObject({ verdict: 'FAIL', detail: expect.stringContaining('0oa1doesnotexist is not an app') });
    expect(checks['okta.groups']).toMatchObject({ verdict: 'FAIL', detail: expect.stringContaining('okta.groups[1] {"name":"Enginering"} matches no Okta group') });
  });

  it('a wrong IDaaS token fails the connector test', async () => {
    stack = await Stack.start(GOOD);
    const { checks } = await doctor(stack, { IDAAS_TOKEN: 'wrong-bearer-token-000000000' });
    expect(checks['idaas.connector']).toMatchObject({ verdict: 'FAIL', fix: expect.stringContaining('Bearer Token') });
    expect(checks['idaas.namespace']?.verdict).toBe('SKIP');
  });

  it('a clock minutes off fails (Okta refuses JWT assertions with skew)', async () => {
    stack = await Stack.start({ ...GOOD, okta: { clock: () => Date.now() + 10 * 60_000 } });
    const { code, checks } = await doctor(stack);
    expect(code).toBe(1);
    expect(checks['clock']).toMatchObject({ verdict: 'FAIL', detail: expect.stringMatching(/^Okta is (599|600|601) s ahead of this machine; IDaaS is (in step|1 s (ahead of|behind) this machine): more than 5 minutes off/) });
  });

  it('an invalid config fails with its problems and skips the rest', async () => {
    stack = await Stack.start(GOOD);
    const file = join(stack.dir, 'broken.yaml');
    writeFileSync(file, 'okta:\n  orgUrl: http://okta.example.com\n  apiToken: x\n  appId: a\nidaas:\n  scimBaseUrl: https://x.example/scim\n  bearerToken: y\n  requestsPerSecnd: 3\n');
    const res = await runCli(['--config', file, '--json', 'doctor']);
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout) as { checks: CheckResult[] };
    expect(out.checks[0]).toMatchObject({ id: 'config', verdict: 'FAIL', detail: expect.stringContaining('okta.orgUrl: plain http:// is only allowed for loopback hosts') });
    expect(out.checks[0]?.detail).toContain('idaas.requestsPerSecnd');
    expect(out.checks.slice(1).every((c) => c.verdict === 'SKIP')).toBe(true);
  });

  it('prints a readable report with the fixes', async () => {
    stack = await Stack.start();
    const res = await runCli(['--config', stack.config.source, 'doctor'], { OKTA_TOKEN: stack.okta.token, IDAAS_TOKEN: stack.idaas.token });
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^PASS {2}okta\.token {12}Okta http:\/\/127\.0\.0\.1:\d+ accepts the SSWS token$/m);
    expect(res.stdout).toMatch(/^FAIL {2}okta\.password-policy {2}Okta passwords may not meet/m);
    expect(res.stdout).toMatch(/^ +fix: In the Okta Admin Console/m);
    expect(res.stdout).toMatch(/\d+ passed, 1 warning\(s\), 1 failed, 0 skipped$/m);
    expect(res.stdout).not.toContain(stack.okta.token);
    expect(res.stdout).not.toContain(stack.idaas.token);
  });
});
