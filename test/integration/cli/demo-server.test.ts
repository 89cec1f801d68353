import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { testRedisUrl } from '../../helpers/redis.js';

/**
 * `oisync demo` starts the status page before its first sync and, since the demo config has
 * no admin token, prints a one-time one next to the URL — on the terminal, never in the log.
 */
describe('oisync demo: the status page and its one-time token', () => {
  it('prints the URL and the token; the log does not carry it', async () => {
    const res = await runCli(['demo', '--once'], { OISYNC_REDIS_URL: testRedisUrl() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^Status page {5}http:\/\/127\.0\.0\.1:\d+\/ {2}\(queue dashboard /m);
    const token = /^Admin token {5}(\S+) {2}\(one-time/m.exec(res.stdout)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(res.stderr).not.toContain(token);
  });

  it('with --json, points at a file holding the token, removed when the demo ends', async () => {
    const res = await runCli(['--json', 'demo', '--once'], { OISYNC_REDIS_URL: testRedisUrl() });
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as { dashboard: { url: string; adminTokenFile?: string } };
    expect(out.dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(out.dashboard.adminTokenFile).toMatch(/oisync-admin-[^/]+\/admin-token$/);
    expect(existsSync(out.dashboard.adminTokenFile ?? '')).toBe(false);
  });
});
