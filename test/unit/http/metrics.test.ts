import { describe, expect, it } from 'vitest';
import { CachedCluster, type ClusterView } from '../../../src/http/cluster.js';
import { OperatorMetrics } from '../../../src/http/metrics.js';
import type { OktaRequestStats } from '../../../src/okta/index.js';

const view = (at: number, over: Partial<ClusterView> = {}): ClusterView => ({
  redisUp: true,
  at,
  queues: { control: { waiting: 0, active: 1, delayed: 0, failed: 0 }, push: { waiting: 5, active: 2, delayed: 1, failed: 3 } },
  workers: { control: 1, push: 2 },
  runs: [],
  openFlags: { unassigned: 2 },
  ...over,
});

describe('OperatorMetrics', () => {
  it('counts outcomes and SCIM latency from the runtime hooks, the budget wait apart', async () => {
    const m = new OperatorMetrics({ version: '1.2.3' });
    m.onOutcome({ job: 'push-user', kind: 'user', outcome: 'created' });
    m.onOutcome({ job: 'push-user', kind: 'user', outcome: 'created' });
    m.onScimRequest({ method: 'POST', route: 'POST /Users', status: 201, durationMs: 40, waitedMs: 300 });
    m.onScimRequest({ method: 'GET', route: 'GET /Users', status: undefined, durationMs: 5000 });
    const text = await m.text();
    expect(text).toContain('oisync_build_info{version="1.2.3"} 1');
    expect(text).toContain('oisync_records_total{job="push-user",kind="user",outcome="created"} 2');
    expect(text).toContain('oisync_scim_request_duration_seconds_bucket{le="0.05",method="POST",status="201"} 1');
    expect(text).toContain('oisync_scim_request_duration_seconds_count{method="GET",status="none"} 1');
    expect(text).toContain('oisync_scim_budget_wait_seconds_sum 0.3');
    expect(text).toContain('oisync_scim_requests_total{method="POST",route="POST /Users",status="201"} 1');
  });

  it('reads cluster figures, Okta rate limits and mapping errors at scrape time', async () => {
    const m = new OperatorMetrics();
    let stats: OktaRequestStats = { requests: 10, retries: 1, rateLimited: 1, serverErrors: 0, networkErrors: 0, throttledMs: 0, retryWaitMs: 0, buckets: { apps: { limit: 100, remaining: 42, reset: 1 } } };
    let reloadErrors = 1;
    m.attach({
      cluster: () => Promise.resolve(view(0, { runs: [{ id: 'r2', kind: 'full-sync', status: 'failed', phase: 'done', dryRun: false, trigger: 's', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:10Z', planned: 1, done: 1, counts: { 'user.failed': 1 }, notes: [] }] })),
      oktaStats: () => stats,
      mappingStatus: () => ({ ok: false, file: 'm', hash: 'h', loadedAt: '', warnings: [], reloadErrors }),
    });
    let text = await m.text();
    expect(text).toContain('oisync_queue_jobs{queue="push",state="waiting"} 5');
    expect(text).toContain('oisync_queue_jobs{queue="push",state="failed"} 3');
    expect(text).toContain('oisync_workers{queue="push"} 2');
    expect(text).toContain('oisync_flags_open{kind="unassigned"} 2');
    expect(text).toContain('oisync_last_run_status{kind="full-sync",status="failed"} 1');
    expect(text).toContain('oisync_last_run_status{kind="full-sync",status="succeeded"} 0');
    expect(text).toContain('oisync_last_run_failed_records{kind="full-sync"} 1');
    expect(text).toMatch(/^oisync_runs_held 0$/m);
    expect(text).toContain(`oisync_last_run_end_timestamp_seconds{kind="full-sync"} ${Date.parse('2026-01-01T00:00:10Z') / 1000}`);
    expect(text).not.toContain('oisync_last_success_timestamp_seconds{');
    expect(text).toContain('oisync_okta_rate_limit_remaining{bucket="apps"} 42');
    expect(text).toContain('oisync_okta_requests_total 10');
    expect(text).toContain('oisync_mapping_reload_errors_total 1');
    expect(text).toContain('oisync_mapping_ok 0');
    // counters follow the snapshots without double counting
    stats = { ...stats, requests: 15 };
    reloadErrors = 3;
    text = await m.text();
    expect(text).toContain('oisync_okta_requests_total 15');
    expect(text).toContain('oisync_mapping_reload_errors_total 3');
  });

  it('says Redis is down instead of failing the scrape', async () => {
    const m = new OperatorMetrics();
    m.attach({ cluster: () => Promise.resolve({ ...view(0), redisUp: false }) });
    const text = await m.text();
    expect(text).toContain('oisync_redis_up 0');
    expect(text).not.toContain('oisync_queue_jobs{');
  });
});

describe('CachedCluster', () => {
  it('shares reads within the TTL and in flight; fresh and invalidate read again', async () => {
    let reads = 0;
    let now = 1000;
    const c = new CachedCluster(() => Promise.resolve(view(now, { workers: { control: ++reads, push: 0 } })), () => now, 2000);
    const [a, b] = await Promise.all([c.get(), c.get()]);
    expect(reads).toBe(1);
    expect(a).toBe(b);
    now += 1500;
    await c.get();
    expect(reads).toBe(1);
    now += 600;
    await c.get();
    expect(reads).toBe(2);
    await c.get({ fresh: true });
    expect(reads).toBe(3);
    c.invalidate();
    await c.get();
    expect(reads).toBe(4);
  });
});
