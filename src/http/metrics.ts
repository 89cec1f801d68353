import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { failedRecords, FINAL_RUN_STATUSES, isFinalRun, type RunRecord, type RunStatus } from '../domain/runs.js';
import type { MappingStatus } from '../mapping/index.js';
import type { OktaRequestStats } from '../okta/index.js';
import type { OutcomeEvent } from '../queue/workers.js';
import type { ClusterView } from './cluster.js';

/** One SCIM request as the runtime reports it. */
export interface ScimRequestSample {
  readonly method: string;
  readonly route: string;
  readonly status: number | undefined;
  readonly durationMs: number;
  readonly waitedMs?: number;
}

/** Where the scrape-time figures come from; attached once the runtime exists. */
export interface MetricSources {
  readonly cluster: () => Promise<ClusterView>;
  readonly oktaStats?: () => OktaRequestStats;
  readonly mappingStatus?: () => MappingStatus;
}

const STATUSES: readonly RunStatus[] = ['queued', 'running', ...FINAL_RUN_STATUSES];

/**
 * The Prometheus metrics of one process (names in docs/operations.md). Two kinds:
 * - counted here, per process, from the runtime's hooks: record outcomes and SCIM request
 *   latency (each worker process counts its own; sum them in Prometheus);
 * - read at scrape time: queue depths, workers, runs, open flags (cluster-wide, from Redis,
 *   through a short cache so scrapes stay cheap), Okta rate-limit figures and mapping reload
 *   errors (this process).
 */
export class OperatorMetrics {
  readonly registry = new Registry();
  private sources: MetricSources | undefined;
  private readonly records: Counter<'job' | 'kind' | 'outcome'>;
  private readonly scimLatency: Histogram<'method' | 'status'>;
  private readonly scimRequests: Counter<'method' | 'route' | 'status'>;
  private readonly budgetWait: Histogram;
  /** Last seen values of the Okta and mapping counters, to turn snapshots into increments. */
  private readonly seen = new Map<string, number>();

  constructor(opts: { defaultMetrics?: boolean; version?: string } = {}) {
    const registers = [this.registry];
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'oisync_' });
    new Gauge({ name: 'oisync_build_info', help: 'Version of this process (always 1)', labelNames: ['version'], registers }).set({ version: opts.version ?? 'unknown' }, 1);

    this.records = new Counter({
      name: 'oisync_records_total',
      help: 'Records pushed by this process, by final outcome (created, updated, unchanged, failed, ...)',
      labelNames: ['job', 'kind', 'outcome'],
      registers,
    });
    this.scimLatency = new Histogram({
      name: 'oisync_scim_request_duration_seconds',
      help: 'IDaaS SCIM request latency (sent to answered; budget wait excluded), by method and HTTP status ("none" when no answer came)',
      labelNames: ['method', 'status'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.budgetWait = new Histogram({
      name: 'oisync_scim_budget_wait_seconds',
      help: 'Time SCIM requests waited for the global IDaaS request budget (idaas.requestsPerSecond) before being sent',
      buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.scimRequests = new Counter({
      name: 'oisync_scim_requests_total',
      help: 'IDaaS SCIM requests sent, by method, route template and HTTP status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.clusterGauges(registers);
    this.processGauges(registers);
  }

  /** Connect the scrape-time sources (once the runtime exists). */
  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  readonly onScimRequest = (e: ScimRequestSample): void => {
    const status = e.status === undefined ? 'none' : String(e.status);
    this.scimLatency.observe({ method: e.method, status }, e.durationMs / 1000);
    if (e.waitedMs !== undefined) this.budgetWait.observe(e.waitedMs / 1000);
    this.scimRequests.inc({ method: e.method, route: e.route, status });
  };

  readonly onOutcome = (e: OutcomeEvent): void => {
    this.records.inc({ job: e.job, kind: e.kind, outcome: e.outcome });
  };

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private cluster(): Promise<ClusterView | undefined> {
    return this.sources ? this.sources.cluster() : Promise.resolve(undefined);
  }

  private clusterGauges(registers: Registry[]): void {
    // `collect` runs with the metric as `this`; the sources are reached through this closure.
    const cluster = (): Promise<ClusterView | undefined> => this.cluster();
    new Gauge({
      name: 'oisync_redis_up',
      help: 'Whether Redis answered the last cluster read (1) or not (0)',
      registers,
      async collect() {
        const c = await cluster();
        this.set(c?.redisUp ? 1 : 0);
      },
    });
    /** A gauge refilled from the cluster view at each scrape; series that vanished are dropped. */
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      fill: (set: (labels: Partial<Record<L, string>>, value: number) => void, c: ClusterView) => void,
    ): void => {
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          this.reset();
          const c = await cluster();
          if (c?.redisUp) fill((labels, value) => this.set(labels, value), c);
        },
      });
    };
    gauge('oisync_queue_jobs', 'Jobs per queue and state (waiting, active, delayed, failed), cluster-wide', ['queue', 'state'], (set, c) => {
      for (const [queue, counts] of Object.entries(c.queues)) for (const [state, n] of Object.entries(counts)) set({ queue, state }, n);
    });
    gauge('oisync_workers', 'Worker processes connected per queue, cluster-wide', ['queue'], (set, c) => {
      for (const [queue, n] of Object.entries(c.workers)) set({ queue }, n);
    });
    gauge('oisync_flags_open', 'Open flags (manual-cleanup queue) by kind', ['kind'], (set, c) => {
      for (const [kind, n] of Object.entries(c.openFlags)) set({ kind }, n);
    });
    gauge('oisync_runs_held', 'Recent runs whose destructive steps wait for approval (oisync plan approve)', [], (set, c) => {
      set({}, c.runs.filter((r) => r.status === 'held').length);
    });

    /** The last finished run of each kind (runs come newest first). */
    const lastRuns = (c: ClusterView): Map<string, RunRecord> => {
      const out = new Map<string, RunRecord>();
      for (const r of c.runs) if (isFinalRun(r) && !out.has(r.kind)) out.set(r.kind, r);
      return out;
    };
    const perLastRun = (name: string, help: string, value: (r: RunRecord) => number | undefined): void =>
      gauge(name, help, ['kind'], (set, c) => {
        for (const [kind, r] of lastRuns(c)) {
          const v = value(r);
          if (v !== undefined) set({ kind }, v);
        }
      });
    const seconds = (iso: string | undefined): number | undefined => (iso ? Date.parse(iso) / 1000 : undefined);
    perLastRun('oisync_last_run_start_timestamp_seconds', 'Start time of the last finished run, by kind', (r) => seconds(r.startedAt));
    perLastRun('oisync_last_run_end_timestamp_seconds', 'End time of the last finished run, by kind', (r) => seconds(r.finishedAt));
    perLastRun('oisync_last_run_failed_records', 'Failed records of the last finished run, by kind', (r) => failedRecords(r));
    gauge('oisync_last_run_status', 'Status of the last finished run, by kind: 1 for its status, 0 for the others', ['kind', 'status'], (set, c) => {
      for (const [kind, r] of lastRuns(c)) for (const status of STATUSES) set({ kind, status }, r.status === status ? 1 : 0);
    });
    gauge('oisync_last_success_timestamp_seconds', 'End time of the last succeeded run among the recent ones, by kind (alert when it gets old)', ['kind'], (set, c) => {
      const seen = new Set<string>();
      for (const r of c.runs) {
        if (r.status !== 'succeeded' || seen.has(r.kind) || !r.finishedAt) continue;
        seen.add(r.kind);
        set({ kind: r.kind }, Date.parse(r.finishedAt) / 1000);
      }
    });
  }

  private processGauges(registers: Registry[]): void {
    const sources = (): MetricSources | undefined => this.sources;
    const increments = (name: string, value: number): number => {
      const before = this.seen.get(name) ?? 0;
      this.seen.set(name, value);
      return Math.max(0, value - before);
    };
    new Gauge({
      name: 'oisync_okta_rate_limit_remaining',
      help: 'Okta X-Rate-Limit-Remaining last seen by this process, per rate-limit bucket',
      labelNames: ['bucket'],
      registers,
      collect() {
        this.reset();
        for (const [bucket, f] of Object.entries(sources()?.oktaStats?.().buckets ?? {})) this.set({ bucket }, f.remaining);
      },
    });
    new Gauge({
      name: 'oisync_okta_rate_limit_limit',
      help: 'Okta X-Rate-Limit-Limit last seen by this process, per rate-limit bucket',
      labelNames: ['bucket'],
      registers,
      collect() {
        this.reset();
        for (const [bucket, f] of Object.entries(sources()?.oktaStats?.().buckets ?? {})) this.set({ bucket }, f.limit);
      },
    });
    for (const [name, help, pick] of [
      ['oisync_okta_requests_total', 'Okta HTTP requests sent by this process, retries included', (s: OktaRequestStats) => s.requests],
      ['oisync_okta_rate_limited_total', 'Okta 429 answers received by this process', (s: OktaRequestStats) => s.rateLimited],
      ['oisync_okta_retries_total', 'Okta requests this process retried (429, 5xx, network)', (s: OktaRequestStats) => s.retries],
    ] as const) {
      new Counter({
        name,
        help,
        registers,
        collect() {
          const stats = sources()?.oktaStats?.();
          if (stats) this.inc(increments(name, pick(stats)));
        },
      });
    }
    new Counter({
      name: 'oisync_mapping_reload_errors_total',
      help: 'Mapping file edits this process rejected (the last good mapping stayed in use)',
      registers,
      collect() {
        const status = sources()?.mappingStatus?.();
        if (status) this.inc(increments('mapping', status.reloadErrors));
      },
    });
    new Gauge({
      name: 'oisync_mapping_ok',
      help: 'Whether the mapping file on disk is the mapping in use (1), or its last reload failed (0)',
      registers,
      collect() {
        const status = sources()?.mappingStatus?.();
        if (status) this.set(status.ok ? 1 : 0);
      },
    });
  }
}
