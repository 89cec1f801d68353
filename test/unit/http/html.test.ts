import { describe, expect, it } from 'vitest';
import { escape, html, raw } from '../../../src/http/views/html.js';
import { statusPage } from '../../../src/http/views/status-page.js';
import type { RunView } from '../../../src/http/view-model.js';

describe('html templates', () => {
  it('escape every interpolated value, arrays included; only fragments pass as markup', () => {
    const evil = `<img src=x onerror="alert('1')">&\``;
    const out = html`<p title="${evil}">${evil}${[evil, html`<b>${evil}</b>`]}${raw('<i>ok</i>')}${null}${undefined}${false}${0}</p>`.text;
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;&#96;');
    expect(out).toContain('<b>&lt;img');
    expect(out).toContain('<i>ok</i>');
    expect(out.endsWith('0</p>')).toBe(true);
    expect(escape('a"b')).toBe('a&quot;b');
  });
});

describe('status page', () => {
  const run = (over: Partial<RunView>): RunView => ({
    id: 'r20260101T000000Z-aaaaaa',
    kind: 'full-sync',
    status: 'failed',
    phase: 'done',
    dryRun: false,
    trigger: 'schedule',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    planned: 3,
    done: 3,
    counts: { 'user.failed': 1 },
    notes: [],
    final: true,
    elapsed: '1m00s',
    failed: 1,
    changed: 0,
    ...over,
  });

  it('renders data from Okta and IDaaS as text, never as markup, and shows only fixed notices', () => {
    const label = '<script>alert(1)</script>@acme.example';
    const page = statusPage({
      status: {
        version: '0.1.0',
        now: '2026-01-01T00:02:00.000Z',
        current: null,
        last: run({}),
        health: { redis: true, workers: true, okta: null, scim: null },
        queues: { control: { waiting: 0, active: 0, delayed: 0, failed: 0 }, push: { waiting: 0, active: 0, delayed: 0, failed: 1 } },
        workers: { control: 1, push: 1 },
        flags: { open: 0, byKind: {} },
        held: [],
        mapping: null,
        okta: null,
      },
      runs: [run({})],
      failuresRun: run({}),
      failures: {
        total: 1,
        failures: [{ key: 'u:00u1', kind: 'user', oktaId: '00u1', label, code: 'SCIM_REJECTED', message: label, detail: `"><svg onload=alert(1)>`, at: '2026-01-01T00:00:30.000Z', job: null }],
      },
      held: [],
      flags: { total: 0, flags: [] },
      drift: { run: null, report: null, available: false },
      csrf: 'tok',
      notice: '<b>injected</b>',
    });
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<svg');
    expect(page).not.toContain('injected');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;@acme.example');
    expect(page).toContain('<script src="/assets/status.js" defer></script>');
  });
});

describe('status page script', () => {
  it('is valid JavaScript (it is shipped as a string, without a build step)', async () => {
    const { Script } = await import('node:vm');
    const { STATUS_SCRIPT } = await import('../../../src/http/assets/status-script.js');
    expect(() => new Script(STATUS_SCRIPT)).not.toThrow();
    expect(STATUS_SCRIPT).toContain("fetch('/api/status'");
  });
});
