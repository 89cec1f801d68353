import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import type { RunRecord } from '../../../src/domain/runs.js';
import { OperatorMetrics } from '../../../src/http/metrics.js';
import type { OperatorServer } from '../../../src/http/server.js';
import { runCli } from '../../helpers/cli.js';
import { bearer, formPost, login, until } from '../../helpers/operator.js';
import { conflictingRename, deactivateInOkta, unassignInOkta } from '../../helpers/scenarios.js';
import { Stack } from '../../helpers/stack.js';

/**
 * What an operator does on the status page during a migration, against the real engine:
 * a failed record with its SCIM detail is retried and skipped, a held plan approved, a flag
 * resolved, a sync started — and `runs show` agrees with the page afterwards.
 */
describe('operator actions through the HTTP server', () => {
  let stack: Stack;
  let rt: Runtime;
  let server: OperatorServer;
  let metrics: OperatorMetrics;
  let session: { cookie: string; csrf: string };

  const api = async <T>(url: string): Promise<T> => {
    const res = await server.app.inject({ url, headers: bearer() });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json<T>();
  };
  const page = async (url = '/'): Promise<string> => (await server.app.inject({ url, cookies: { oisync_session: session.cookie } })).body;
  const runCount = (run: RunRecord, key: string): number => run.counts[key] ?? 0;

  beforeAll(async () => {
    stack = await Stack.start({ safety: 'safety:\n  maxDestructive: { count: 0, percent: 0 }' });
    metrics = new OperatorMetrics({ version: 'test' });
    rt = await stack.runtime({ onScimRequest: metrics.onScimRequest, onOutcome: metrics.onOutcome });
    rt.startWorkers(['control', 'push']);
    server = await stack.server(rt, { metrics });
    session = await login(server.app);
  });
  afterAll(async () => {
    await server?.close();
    await rt?.close(1000);
    await stack?.close();
  });

  it('starts a full sync from the page and shows it in the history', async () => {
    const res = await formPost(server.app, '/api/runs', session, { dryRun: 'false' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/?notice=sync-started#current');
    const runs = await until(
      () => api<{ runs: (RunRecord & { failed: number })[] }>('/api/runs'),
      (r) => r.runs[0]?.status === 'succeeded',
    );
    expect(runs.runs[0]).toMatchObject({ trigger: 'status-page', dryRun: false, failed: 0 });
    expect(runCount(runs.runs[0] as RunRecord, 'user.created')).toBe(stack.okta.org.assignedUserIds().length);
    const html = await page(res.headers.location);
    expect(html).toContain('Full sync queued');
    expect(html).toContain(runs.runs[0]?.id);
  });

  it('shows a failed record with its SCIM detail and the record; retry succeeds once the cause is gone', async () => {
    const { clearConflict } = conflictingRename(stack, 'bjorn.andersson@acme.example', 'taken.by.hand@acme.example');
    const run = await stack.sync(rt);
    expect(run.status).toBe('failed');
    const failures = await api<{ total: number; failures: { key: string; code: string; detail?: string; job: { state: string; data: { body: { userName: string } } } | null }[] }>(
      `/api/runs/${run.id}/failures`,
    );
    expect(failures.total).toBe(1);
    const failure = failures.failures[0];
    expect(failure).toMatchObject({ code: 'SCIM_CONFLICT', detail: expect.stringContaining('userName "taken.by.hand@acme.example" is already used') });
    expect(failure?.job).toMatchObject({ state: 'failed', data: { body: { userName: 'taken.by.hand@acme.example' } } });

    const html = await page();
    expect(html).toContain('IDaaS said: uniqueness: userName &quot;taken.by.hand@acme.example&quot; is already used');
    expect(html).toContain(`/api/runs/${run.id}/failures/${encodeURIComponent(failure?.key ?? '')}/retry`);

    // Retrying while IDaaS still holds the conflicting account fails again, and says so.
    clearConflict();
    const res = await formPost(server.app, `/api/runs/${run.id}/failures/${encodeURIComponent(failure?.key ?? '')}/retry`, session);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/?run=${run.id}&notice=retried#failures`);
    const after = await until(
      () => rt.state.getRun(run.id),
      (r) => r?.status === 'succeeded',
    );
    expect(runCount(after as RunRecord, 'user.failed')).toBe(0);
    expect(runCount(after as RunRecord, 'user.updated')).toBe(1);
    expect(after?.notes.join('\n')).toMatch(/retry requested by status page .*\n.*status failed → succeeded/s);
    expect(stack.idaas.state().users.some((u) => u.userName === 'taken.by.hand@acme.example')).toBe(true);

    // `runs show` agrees with the page.
    const shown = await runCli(['--config', stack.config.source, '--json', 'runs', 'show', run.id], { OKTA_TOKEN: stack.okta.token, IDAAS_TOKEN: stack.idaas.token });
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ run: { status: 'succeeded' }, failures: [] });
  });

  it('skip records the decision, removes the failed job, and settles the run', async () => {
    const { clearConflict } = conflictingRename(stack, 'sofia.fernandez@acme.example', 'also.taken@acme.example');
    const run = await stack.sync(rt);
    expect(run.status).toBe('failed');
    const [failure] = (await rt.state.getFailures(run.id)) ?? [];
    expect(failure?.jobId).toBeTruthy();
    const res = await server.app.inject({ method: 'POST', url: `/api/runs/${run.id}/failures/${encodeURIComponent(failure?.key ?? '')}/skip`, headers: bearer() });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'skipped', run: { status: 'succeeded', failed: 0 } });
    const after = (await rt.state.getRun(run.id)) as RunRecord;
    expect(runCount(after, 'user.skipped')).toBe(1);
    expect(after.notes.join('\n')).toMatch(/skipped by API client .* \(it failed with SCIM_CONFLICT\)/);
    expect(await rt.queues.byName.push.getJob(failure?.jobId ?? '')).toBeUndefined();
    // A second skip (another tab) finds nothing to do.
    const again = await server.app.inject({ method: 'POST', url: `/api/runs/${run.id}/failures/${encodeURIComponent(failure?.key ?? '')}/skip`, headers: bearer() });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'FAILURE_NOT_FOUND' } });
    clearConflict(); // the next sync writes the record again
  });

  it('lists a held plan and approves it; the released steps run under the same run', async () => {
    deactivateInOkta(stack, 'dmitri.ivanov@acme.example');
    const run = await stack.sync(rt);
    expect(run.status).toBe('held');
    const detail = await api<{ held: { total: number; steps: { label: string; what: string }[] } }>(`/api/runs/${run.id}`);
    expect(detail.held).toEqual({ total: 1, steps: [{ job: 'push-user', label: 'dmitri.ivanov@acme.example', what: 'deactivate in IDaaS (active: false)' }] });
    const html = await page();
    expect(html).toContain('dmitri.ivanov@acme.example');
    expect(html).toContain(`action="/api/runs/${run.id}/approve"`);

    const res = await formPost(server.app, `/api/runs/${run.id}/approve`, session);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/?run=${run.id}&notice=approved#held`);
    const after = await until(
      () => rt.state.getRun(run.id),
      (r) => r?.status === 'succeeded',
    );
    expect(after?.notes.join('\n')).toMatch(/1 held step\(s\) approved by status page/);
    expect(stack.idaas.state().users.find((u) => u.userName === 'dmitri.ivanov@acme.example')?.active).toBe(false);
    // Nothing left to approve.
    const again = await server.app.inject({ method: 'POST', url: `/api/runs/${run.id}/approve`, headers: bearer() });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'PLAN_NOT_FOUND' } });
  });

  it('lists open flags and resolves one with a note', async () => {
    unassignInOkta(stack, 'grace.hopper@acme.example');
    unassignInOkta(stack, 'jose.garcia@acme.example');
    await stack.sync(rt);
    const { flags } = await api<{ flags: { id: string; kind: string; login?: string }[] }>('/api/flags');
    const flag = flags.find((f) => f.login === 'grace.hopper@acme.example');
    expect(flag).toMatchObject({ kind: 'unassigned' });
    expect(await page()).toContain(`action="/api/flags/${flag?.id}/resolve"`);

    const missingNote = await formPost(server.app, `/api/flags/${flag?.id}/resolve`, session, { note: '' });
    expect(missingNote.headers.location).toBe('/?error=API_BAD_REQUEST');
    const res = await formPost(server.app, `/api/flags/${flag?.id}/resolve`, session, { note: 'account disabled in IDaaS, ticket OPS-1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/?notice=resolved#flags');
    expect(await rt.state.getFlag(flag?.id ?? '')).toMatchObject({ state: 'resolved', resolution: { note: 'account disabled in IDaaS, ticket OPS-1', by: expect.stringMatching(/^status page/) } });
    const open = await api<{ flags: { id: string }[] }>('/api/flags');
    expect(open.flags.map((f) => f.id)).not.toContain(flag?.id);
    const resolved = await api<{ flags: { id: string }[] }>('/api/flags?state=resolved');
    expect(resolved.flags.map((f) => f.id)).toContain(flag?.id);
    const unknown = await server.app.inject({ method: 'POST', url: '/api/flags/no-such-flag/resolve', headers: bearer(), payload: { note: 'x' } });
    expect(unknown.statusCode).toBe(404);
  });

  it('rejects malformed ids and bodies with API_BAD_REQUEST, and unknown runs with RUN_NOT_FOUND', async () => {
    for (const url of ['/api/runs/has%20space', '/api/runs/x/failures?limit=0', '/api/flags?state=maybe']) {
      const res = await server.app.inject({ url, headers: bearer() });
      expect(res.statusCode, url).toBe(400);
      expect(res.json(), url).toMatchObject({ error: { code: 'API_BAD_REQUEST' } });
    }
    const retry = await server.app.inject({ method: 'POST', url: '/api/runs/r1/failures/x:1/retry', headers: bearer() });
    expect(retry.statusCode).toBe(400);
    const missing = await server.app.inject({ url: '/api/runs/r20000101T000000Z-none', headers: bearer() });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: 'RUN_NOT_FOUND' } });
  });

  it('/api/status reports progress fields, health, queues, flags and the mapping', async () => {
    await server.prober.runOnce();
    const s = await api<Record<string, unknown>>('/api/status');
    expect(s).toMatchObject({
      current: null,
      last: { status: expect.any(String), final: true, elapsed: expect.any(String) },
      health: { redis: true, workers: true, okta: { ok: true }, scim: { ok: true } },
      queues: { push: { waiting: 0, active: 0 }, control: expect.any(Object) },
      mapping: { ok: true, reloadErrors: 0 },
      okta: { requests: expect.any(Number) },
    });
    expect(await api('/api/mapping')).toMatchObject({ mapping: { ok: true, hash: expect.any(String) } });
  });

  it('exposes the metrics the issue lists', async () => {
    // Cluster-wide figures come through a 2-second cache: wait for it to show the last run.
    const text = await until(
      async () => (await server.app.inject({ url: '/metrics', headers: bearer() })).body,
      (t) => /^oisync_last_run_status\{kind="full-sync",status="succeeded"\} 1$/m.test(t),
    );
    expect(text).toMatch(/^oisync_records_total\{job="push-user",kind="user",outcome="created"\} \d+$/m);
    expect(text).toMatch(/^oisync_records_total\{job="push-user",kind="user",outcome="failed"\} [1-9]/m);
    expect(text).toMatch(/^oisync_scim_request_duration_seconds_bucket\{le="\+Inf",method="POST",status="201"\} [1-9]/m);
    expect(text).toMatch(/^oisync_scim_request_duration_seconds_count\{method="PUT",status="409"\} [1-9]/m);
    expect(text).toMatch(/^oisync_scim_budget_wait_seconds_count [1-9]/m);
    for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(text).toMatch(new RegExp(`^oisync_queue_jobs\\{queue="push",state="${state}"\\} \\d+$`, 'm'));
    expect(text).toMatch(/^oisync_okta_rate_limit_remaining\{bucket="apps"\} \d+$/m);
    expect(text).toMatch(/^oisync_last_run_status\{kind="full-sync",status="succeeded"\} 1$/m);
    expect(text).toMatch(/^oisync_last_run_end_timestamp_seconds\{kind="full-sync"\} \d/m);
    expect(text).toMatch(/^oisync_last_success_timestamp_seconds\{kind="full-sync"\} \d/m);
    expect(text).toMatch(/^oisync_flags_open\{kind="unassigned"\} 1$/m); // two raised, one resolved
    expect(text).toMatch(/^oisync_mapping_reload_errors_total 0$/m);
    expect(text).toMatch(/^oisync_mapping_ok 1$/m);
    expect(text).toMatch(/^oisync_redis_up 1$/m);
    expect(text).toMatch(/^oisync_workers\{queue="push"\} [1-9]/m);
  });

  it('bull-board shows our queues read-only, behind the token', async () => {
    const queues = await api<{ queues: { name: string; readOnlyMode: boolean }[] }>('/admin/queues/api/queues');
    expect(queues.queues.map((q) => [q.name, q.readOnlyMode]).sort()).toEqual([
      ['control', true],
      ['push', true],
    ]);
    const pause = await server.app.inject({ method: 'PUT', url: '/admin/queues/api/queues/push/pause', headers: bearer() });
    expect(pause.statusCode).toBe(405);
  });

  it('shows "no reconcile has run yet", then the last reconcile\'s drift report', async () => {
    expect(await api('/api/drift')).toEqual({ run: null, report: null, available: true });
    expect(await page()).toContain('No reconcile has run yet.');

    const reconcileId = 'r20990101T000000Z-recon1';
    await rt.state.createRun({
      id: reconcileId,
      kind: 'reconcile',
      status: 'succeeded',
      phase: 'done',
      dryRun: false,
      trigger: 'test',
      startedAt: new Date().toISOString(),
      planned: 0,
      done: 0,
      counts: {},
      notes: [],
    });
    await rt.state.addCount(reconcileId, 'drift.user.in-sync', 20);
    await rt.state.addCount(reconcileId, 'drift.user.drifted', 1);
    await rt.state.appendReport(reconcileId, [
      {
        class: 'drifted',
        kind: 'user',
        label: 'zoe.muller@acme.example',
        changes: [{ path: 'title', old: 'Engineer', new: 'Staff Engineer' }],
        action: 'repair',
        reason: 'IDaaS differs from Okta',
      },
    ]);
    expect(await api('/api/drift')).toMatchObject({
      run: { id: reconcileId },
      report: {
        runId: reconcileId,
        counts: { 'in-sync': 20, drifted: 1 },
        total: 1,
        items: [{ class: 'drifted', kind: 'user', label: 'zoe.muller@acme.example', changes: [{ path: 'title', old: 'Engineer', new: 'Staff Engineer' }], action: 'repair' }],
      },
      available: true,
    });
    const html = await page();
    expect(html).toContain('title: &quot;Engineer&quot; → &quot;Staff Engineer&quot;');
    expect(html).toMatch(/<b>20<\/b> in-sync/);
  });

  it('/readyz is 503 when this process runs no workers', async () => {
    const idle = await stack.runtime();
    const noWorkers = await stack.server(idle);
    try {
      const res = await noWorkers.app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'not-ready', checks: { redis: { ok: true }, workers: { ok: false } } });
    } finally {
      await noWorkers.close();
      await idle.close(500);
    }
  });
});
