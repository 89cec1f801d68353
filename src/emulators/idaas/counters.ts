/** Requests the emulator saw, for tests and benchmarks ("was the configured rate ever exceeded?"). */
export interface CounterSnapshot {
  /** SCIM requests received (admin calls are not counted). */
  readonly total: number;
  /** Received requests by `METHOD /Template`, e.g. `PATCH /Groups/{id}`. */
  readonly byRoute: Readonly<Record<string, number>>;
  /** Answers by HTTP status. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Per clock second: requests received, and those that passed fault injection and reached the SCIM handlers. */
  readonly perSecond: readonly { readonly second: number; readonly received: number; readonly served: number; readonly writes: number }[];
  readonly maxPerSecond: { readonly received: number; readonly served: number; readonly writes: number };
  /** Latency injected in total, milliseconds (lets tests check latency faults without timing anything). */
  readonly injectedDelayMs: number;
  /** TCP connections accepted (a keep-alive client opens few). */
  readonly connections: number;
}

interface Bucket {
  received: number;
  served: number;
  writes: number;
}

/** Seconds of histogram kept; older buckets are dropped so a long demo does not grow memory. */
const KEEP_SECONDS = 3600;

export class RequestCounters {
  private total = 0;
  private byRoute = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private seconds = new Map<number, Bucket>();
  private injectedDelayMs = 0;
  private connections = 0;

  received(routeKey: string, nowMs: number): void {
    this.total += 1;
    this.byRoute.set(routeKey, (this.byRoute.get(routeKey) ?? 0) + 1);
    this.bucket(nowMs).received += 1;
  }

  /** The request passed fault injection; `write` is true for anything but GET. */
  served(nowMs: number, write: boolean): void {
    const b = this.bucket(nowMs);
    b.served += 1;
    if (write) b.writes += 1;
  }

  answered(status: number): void {
    const k = String(status);
    this.byStatus.set(k, (this.byStatus.get(k) ?? 0) + 1);
  }

  connection(): void {
    this.connections += 1;
  }

  delayed(ms: number): void {
    this.injectedDelayMs += ms;
  }

  reset(): void {
    this.total = 0;
    this.byRoute.clear();
    this.byStatus.clear();
    this.seconds.clear();
    this.injectedDelayMs = 0;
    this.connections = 0;
  }

  snapshot(): CounterSnapshot {
    const perSecond = [...this.seconds.entries()].sort((a, b) => a[0] - b[0]).map(([second, b]) => ({ second, ...b }));
    const max = (k: keyof Bucket) => perSecond.reduce((m, b) => Math.max(m, b[k]), 0);
    return {
      total: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      byStatus: Object.fromEntries(this.byStatus),
      perSecond,
      maxPerSecond: { received: max('received'), served: max('served'), writes: max('writes') },
      injectedDelayMs: this.injectedDelayMs,
      connections: this.connections,
    };
  }

  private bucket(nowMs: number): Bucket {
    const second = Math.floor(nowMs / 1000);
    let b = this.seconds.get(second);
    if (!b) {
      b = { received: 0, served: 0, writes: 0 };
      this.seconds.set(second, b);
      for (const s of this.seconds.keys()) {
        if (s > second - KEEP_SECONDS) break;
        this.seconds.delete(s);
      }
    }
    return b;
  }
}
