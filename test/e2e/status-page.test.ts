import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_ADMIN_TOKEN } from '../helpers/config.js';
import { startDaemon, type RunningDaemon } from '../helpers/daemon.js';
import { conflictingRename, deactivateInOkta } from '../helpers/scenarios.js';
import { Stack } from '../helpers/stack.js';
import { hasChromium, launchBrowser, waitForText, type Browser } from './browser.js';

/** What a daemon for the browser test runs with: its own port, no schedule, a brake of zero. */
export const DAEMON_CONFIG = {
  safety: 'safety:\n  maxDestructive: { count: 0, percent: 0 }',
  configYaml: ['server:', '  host: 127.0.0.1', '  port: 0', `  adminToken: ${FAKE_ADMIN_TOKEN}`, 'schedule:', '  fullSync: "off"', 'log:', '  level: warn'].join('\n'),
};

if (!hasChromium()) {
  console.warn('SKIPPED: the status page browser test needs Debian\'s Chromium at /usr/bin/chromium (.ci/run installs it: apt-get install -y chromium)');
}

/**
 * The status page in a real browser, served by a real `oisync daemon` process syncing the Okta
 * emulator into the IDaaS emulator through Redis: refused without the token, log in, watch a
 * run complete, find a failed record with its SCIM detail and retry it, approve a held plan.
 */
describe.skipIf(!hasChromium())('status page in Chromium against a running daemon', { timeout: 120_000 }, () => {
  let stack: Stack;
  let daemon: RunningDaemon;
  let browser: Browser;

  beforeAll(async () => {
    stack = await Stack.start(DAEMON_CONFIG);
    daemon = await startDaemon(stack.config.source, { OKTA_TOKEN: stack.okta.token, IDAAS_TOKEN: stack.idaas.token });
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    const code = await daemon?.stop();
    await stack?.close();
    // SIGTERM drains and exits 0
    expect(code, daemon?.output()).toBe(0);
  }, 60_000);

  const startSync = async (): Promise<void> => {
    await browser.page.getByRole('button', { name: 'Start full sync' }).click();
    await waitForText(browser.page, '.notice', /Full sync queued/);
  };

  it('refuses the page, the API and a wrong token without the admin token', async () => {
    const { page } = browser;
    await page.goto(daemon.url);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await waitForText(page, 'h2', /Sign in/);
    const api = await page.evaluate(async () => (await fetch('/api/status')).status);
    expect(api).toBe(401);
    await page.fill('#token', 'certainly-not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(page, '.notice', /That is not the admin token/);
    expect(await page.locator('#runs').count()).toBe(0);
  });

  it('logs in and sees a run complete', async () => {
    const { page } = browser;
    await page.fill('#token', FAKE_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(page, '#runs', /No runs yet/);
    await startSync();
    // The page follows the run and reloads itself when it ends.
    const row = await waitForText(page, '#runs tbody tr', /succeeded/, { timeoutMs: 60_000 });
    expect(row).toMatch(/full-sync.*succeeded.*status-page/s);
    await waitForText(page, '#current', /Last run .* succeeded/s);
    expect(await page.locator('#health').textContent()).toContain('Redis');
  });

  it('shows a failed record with its SCIM detail, and retries it', async () => {
    const { page } = browser;
    const { clearConflict } = conflictingRename(stack, 'bjorn.andersson@acme.example', 'taken.in.console@acme.example');
    await startSync();
    const failure = await waitForText(page, '#failures', /IDaaS said: uniqueness: userName "taken\.in\.console@acme\.example" is already used/, { timeoutMs: 60_000 });
    expect(failure).toContain('SCIM_CONFLICT');
    await page.locator('#failures details summary').first().click();
    expect(await page.locator('#failures pre').first().textContent()).toContain('"userName": "taken.in.console@acme.example"');

    clearConflict(); // the IDaaS admin removes the hand-made account
    await page.locator('#failures').getByRole('button', { name: 'Retry' }).click();
    await waitForText(page, '.notice', /Retry queued/);
    // The run turns succeeded when its last failure is gone; the page notices and reloads.
    await waitForText(page, '#runs tbody tr.selected', /succeeded/, { timeoutMs: 60_000 });
    expect(await page.locator('#failures').textContent()).toContain('This run has no failed records');
    expect(stack.idaas.state().users.some((u) => u.userName === 'taken.in.console@acme.example')).toBe(true);
  });

  it('approves a held plan', async () => {
    const { page } = browser;
    deactivateInOkta(stack, 'dmitri.ivanov@acme.example');
    await startSync();
    const held = await waitForText(page, '#held', /dmitri\.ivanov@acme\.example/, { timeoutMs: 60_000 });
    expect(held).toContain('deactivate in IDaaS (active: false)');
    await page.locator('#held').getByRole('button', { name: /Approve 1 step/ }).click();
    await waitForText(page, '.notice', /Held steps approved/);
    await waitForText(page, '#held', /Nothing waits for approval/, { timeoutMs: 60_000 });
    await waitForText(page, '#runs tbody tr', /succeeded/);
    expect(stack.idaas.state().users.find((u) => u.userName === 'dmitri.ivanov@acme.example')?.active).toBe(false);
  });

  it('opens the queue dashboard behind the same login', async () => {
    const { page } = browser;
    await page.goto(`${daemon.url}admin/queues`);
    await waitForText(page, 'body', /push/, { timeoutMs: 30_000 });
    expect(await page.title()).toBe('oisync queues');
  });

  it('never shows a token, and logging out locks the page again', async () => {
    const { page } = browser;
    await page.goto(daemon.url);
    await waitForText(page, '#runs', /succeeded/);
    const html = await page.content();
    for (const secret of [FAKE_ADMIN_TOKEN, stack.okta.token, stack.idaas.token]) expect(html).not.toContain(secret);
    const cookies = await browser.context.cookies();
    expect(cookies.find((c) => c.name === 'oisync_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.getByRole('button', { name: 'Log out' }).click();
    await waitForText(page, 'h2', /Sign in/);
    await page.goto(daemon.url);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
  });
});
