import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { exited, spawnCli } from '../helpers/child-cli.js';
import { Stack } from '../helpers/stack.js';

/** The commands an operator types, run through the real CLI against the emulators and Redis. */
describe('oisync sync / runs / plan / mapping preview (CLI, end to end)', () => {
  let stack: Stack;
  let env: NodeJS.ProcessEnv;
  let config: string;
  beforeAll(async () => {
    stack = await Stack.start({
      provisioning: 'provisioning:\n  unassigned: delete',
      safety: 'safety:\n  maxDestructive: { count: 1, percent: 100 }',
    });
    env = { OKTA_TOKEN: stack.okta.token, IDAAS_TOKEN: stack.idaas.token };
    config = `${stack.dir}/oisync.yaml`;
  });
  afterAll(async () => {
    await stack?.close();
  });

  const cli = (...args: string[]) => runCli(['--config', config, '--log-level', 'error', ...args], env);

  it('sync --dry-run prints the plan and writes nothing', async () => {
    const r = await cli('sync', '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(dry run)');
    expect(r.stdout).toMatch(/create\s+user\s+zoe\.muller@acme\.example/);
    expect(stack.idaas.state().users).toHaveLength(0);
  });

  it('sync --wait migrates end to end with in-process workers and exits 0', async () => {
    const r = await cli('sync', '--wait');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/users: 23 created/);
    expect(stack.idaas.state().users).toHaveLength(23);
  });

  it('--json gives one document with the run', async () => {
    const r = await cli('--json', 'sync', '--wait');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { ok: boolean; run: { status: string; counts: Record<string, number> } };
    expect(doc.ok).toBe(true);
    expect(doc.run.counts['user.unchanged']).toBe(23);
  });

  it('a failed record makes sync --wait exit 1 and shows in runs show with its reason', async () => {
    // a displayName over IDaaS's 64 characters fails that record, and only that record
    stack.okta.org.updateUserProfile({ user: 'grace.hopper@acme.example', profile: { firstName: 'G'.repeat(70) } });
    const r = await cli('sync', '--wait');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('failed records (1)');
    expect(r.stdout).toContain('grace.hopper@acme.example');
    const runId = /run (r\S+)/.exec(r.stdout)?.[1] ?? '';
    const show = await cli('runs', 'show', runId);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('MAPPING_RECORD');
    expect(show.stdout).toContain('displayName');
    const list = await cli('runs', 'list');
    expect(list.stdout).toContain(runId);
    expect(list.stdout.split('\n').find((l) => l.includes(runId))).toContain('failed');
    stack.okta.org.updateUserProfile({ user: 'grace.hopper@acme.example', profile: { firstName: 'Grace' } });
  });

  it('held destructive steps exit 3; plan show lists them; plan approve --wait applies them', async () => {
    stack.okta.org.unassignUser({ user: 'siobhan.obrien@acme.example' });
    stack.okta.org.unassignUser({ user: 'grace.hopper@acme.example' });
    const r = await cli('sync', '--wait');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('plan approve');
    const runId = /run (r\S+)/.exec(r.stdout)?.[1] ?? '';
    const plan = await cli('plan', 'show', runId);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/! delete\s+user\s+siobhan\.obrien@acme\.example/);
    expect(stack.idaas.state().users.find((u) => u.userName === 'siobhan.obrien@acme.example')).toBeDefined();

    const approve = await cli('plan', 'approve', runId, '--wait');
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toContain('succeeded');
    expect(stack.idaas.state().users.find((u) => u.userName === 'siobhan.obrien@acme.example')).toBeUndefined();
    const again = await cli('plan', 'approve', runId);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('PLAN_NOT_FOUND');
  });

  it('runs show of an unknown run exits 1 with RUN_NOT_FOUND', async () => {
    const r = await cli('runs', 'show', 'r-nope');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('RUN_NOT_FOUND');
  });

  it('mapping preview --user reads the user from Okta and shows each attribute with its rule', async () => {
    const r = await cli('mapping', 'preview', '--user', 'zoe.muller@acme.example');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('"user_address"');
    expect(r.stdout).toMatch(/mapping\.yaml:\d+/);
    const out = await cli('mapping', 'preview', '--user', 'oliver.smith@acme.example');
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('not assigned to the app');
    const both = await cli('mapping', 'preview');
    expect(both.code).toBe(2);
  });

  it('no secret reaches the output of any command', async () => {
    for (const args of [['sync', '--wait'], ['runs', 'list'], ['--json', 'runs', 'list']]) {
      const r = await cli(...args);
      expect(r.stdout + r.stderr).not.toContain(stack.okta.token);
      expect(r.stdout + r.stderr).not.toContain(stack.idaas.token);
    }
  });
});

describe('oisync emulate', () => {
  it('prints one JSON line with both emulators and stops cleanly on SIGTERM', async () => {
    const child = spawnCli(['--json', 'emulate', '--users', '30', '--groups', '3']);
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      child.once('exit', () => reject(new Error(`emulate exited: ${child.output()}`)));
    });
    const info = JSON.parse(line) as { okta: { url: string; token: string; appId: string }; idaas: { url: string; token: string } };
    expect(Object.keys(info)).toEqual(['okta', 'idaas']);
    const users = await fetch(`${info.okta.url}/api/v1/users?limit=200`, { headers: { authorization: `SSWS ${info.okta.token}` } });
    // a plain list leaves out deactivated users, as Okta does
    expect(((await users.json()) as unknown[]).length).toBeGreaterThan(20);
    const scim = await fetch(`${info.idaas.url}/Users`, { headers: { authorization: `Bearer ${info.idaas.token}` } });
    expect(scim.status).toBe(200);
    child.kill('SIGTERM');
    expect((await exited(child)).code).toBe(0);
  });
});

describe('oisync demo --once', () => {
  it('syncs the sample org and prints where the custom field landed', async () => {
    const child = spawnCli(['demo', '--once']);
    const { code } = await exited(child);
    expect(code, child.output()).toBe(0);
    expect(child.output()).toContain('users: 23 created');
    expect(child.output()).toContain('user_address');
  });
});
