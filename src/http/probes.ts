import { performance } from 'node:perf_hooks';
import { describeError } from '../domain/errors.js';
import type { Clock, Logger } from '../domain/ports.js';

export type ProbeSide = 'okta' | 'scim';

export interface ProbeResult {
  readonly ok: boolean;
  readonly at: string;
  readonly durationMs: number;
  /** Error code when it failed (public: `/readyz` shows it). */
  readonly code?: string;
  /** The error message (shown only behind the admin token). */
  readonly message?: string;
}

/**
 * Probes Okta (the app, with the token) and IDaaS (Okta's "test connector" reads) now and then,
 * so `/readyz` and the status page can say whether both answer without waiting for a sync to
 * fail. Transitions are logged once, not every failing probe.
 */
export class Prober {
  private readonly last: Partial<Record<ProbeSide, ProbeResult>> = {};
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly probe: ((side: ProbeSide) => Promise<void>) | undefined,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (!this.probe || this.timer) return;
    void this.runOnce();
    if (this.intervalMs > 0) {
      this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  results(): Readonly<Partial<Record<ProbeSide, ProbeResult>>> {
    return this.last;
  }

  /** Probe both sides now (one round at a time); never throws. */
  runOnce(): Promise<void> {
    this.running ??= Promise.all((['okta', 'scim'] as const).map((side) => this.one(side)))
      .then(() => undefined)
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async one(side: ProbeSide): Promise<void> {
    if (!this.probe) return;
    const started = performance.now();
    let result: ProbeResult;
    try {
      await this.probe(side);
      result = { ok: true, at: this.clock.now().toISOString(), durationMs: Math.round(performance.now() - started) };
    } catch (err) {
      const { code, message } = describeError(err);
      result = { ok: false, at: this.clock.now().toISOString(), durationMs: Math.round(performance.now() - started), code, message };
    }
    const before = this.last[side];
    this.last[side] = result;
    if (result.ok && before && !before.ok) this.logger.info({ side }, `${side} probe: answering again`);
    if (!result.ok && (!before || before.ok)) this.logger.warn({ side, code: result.code }, `${side} probe failed: ${result.message ?? ''}`);
  }
}
