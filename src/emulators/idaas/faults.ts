import { seededRandom } from './random.js';

/** Faults the emulator injects into SCIM requests (never into `/__admin`). All optional. */
export interface FaultSettings {
  /** Added to every request before it is answered, milliseconds. */
  latencyMs?: number;
  /** Plus a uniform random extra in [0, latencyJitterMs), milliseconds. */
  latencyJitterMs?: number;
  /** Share of requests (0..1) answered with `errorStatus`. */
  errorRate?: number;
  /** The 5xx status of `errorRate` answers; 503 by default (it carries Retry-After). */
  errorStatus?: number;
  /** Share of requests (0..1) answered 429. */
  throttleRate?: number;
  /** Every Nth request is answered 429 (N ≥ 1). */
  throttleEvery?: number;
  /** Retry-After sent with 429 and 503 answers, seconds. */
  retryAfterSeconds?: number;
  /** Send Retry-After as delta seconds (default) or as an HTTP-date. */
  retryAfterFormat?: 'seconds' | 'http-date';
  /** Requests admitted per clock second; the rest get 429 + Retry-After. */
  maxRequestsPerSecond?: number;
  /** Seed of the random choices (rates, jitter); the same seed replays the same pattern. */
  seed?: number;
}

/** What the injector decided for one request. */
export type FaultDecision =
  | { readonly kind: 'pass'; readonly delayMs: number }
  | { readonly kind: 'fail'; readonly delayMs: number; readonly status: number; readonly headers: Record<string, string>; readonly detail: string };

const DEFAULT_SEED = 0x5eed;

export function validateFaults(f: FaultSettings): FaultSettings {
  const problems: string[] = [];
  const rate = (k: keyof FaultSettings) => {
    const v = f[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && v <= 1))) problems.push(`${k} must be a number in 0..1`);
  };
  const nonNeg = (k: keyof FaultSettings) => {
    const v = f[k];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) problems.push(`${k} must be a number ≥ 0`);
  };
  rate('errorRate');
  rate('throttleRate');
  nonNeg('latencyMs');
  nonNeg('latencyJitterMs');
  nonNeg('retryAfterSeconds');
  if (f.throttleEvery !== undefined && !(Number.isInteger(f.throttleEvery) && f.throttleEvery >= 1)) problems.push('throttleEvery must be an integer ≥ 1');
  if (f.maxRequestsPerSecond !== undefined && !(typeof f.maxRequestsPerSecond === 'number' && f.maxRequestsPerSecond > 0)) {
    problems.push('maxRequestsPerSecond must be a number > 0');
  }
  if (f.errorStatus !== undefined && !(Number.isInteger(f.errorStatus) && f.errorStatus >= 500 && f.errorStatus <= 599)) {
    problems.push('errorStatus must be a 5xx status');
  }
  if (f.retryAfterFormat !== undefined && f.retryAfterFormat !== 'seconds' && f.retryAfterFormat !== 'http-date') {
    problems.push('retryAfterFormat must be "seconds" or "http-date"');
  }
  if (f.seed !== undefined && !Number.isInteger(f.seed)) problems.push('seed must be an integer');
  const known = new Set([
    'latencyMs', 'latencyJitterMs', 'errorRate', 'errorStatus', 'throttleRate', 'throttleEvery',
    'retryAfterSeconds', 'retryAfterFormat', 'maxRequestsPerSecond', 'seed',
  ]);
  for (const k of Object.keys(f)) if (!known.has(k)) problems.push(`unknown fault setting "${k}"`);
  if (problems.length > 0) throw new Error(`invalid fault settings: ${problems.join('; ')}`);
  return { ...f };
}

/**
 * Decides, per SCIM request, whether to delay it and whether to fail it. The rate cap works on
 * clock-second windows so it lines up with the per-second histogram the counters keep.
 */
export class FaultInjector {
  private settings: FaultSettings = {};
  private random: () => number = seededRandom(DEFAULT_SEED);
  private seen = 0;
  private window = { second: -1, admitted: 0 };

  constructor(initial: FaultSettings = {}) {
    this.replace(initial);
  }

  get(): FaultSettings {
    return { ...this.settings };
  }

  /** Merge into the current settings (an `undefined` value removes that setting). */
  set(patch: FaultSettings): void {
    const merged: FaultSettings = { ...this.settings, ...patch };
    for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k as keyof FaultSettings];
    this.replace(merged);
  }

  replace(next: FaultSettings): void {
    this.settings = validateFaults(next);
    this.random = seededRandom(this.settings.seed ?? DEFAULT_SEED);
    this.seen = 0;
  }

  clear(): void {
    this.replace({});
  }

  decide(nowMs: number): FaultDecision {
    const f = this.settings;
    this.seen += 1;
    const delayMs = (f.latencyMs ?? 0) + (f.latencyJitterMs ? Math.floor(this.random() * f.latencyJitterMs) : 0);

    if (f.maxRequestsPerSecond !== undefined) {
      const second = Math.floor(nowMs / 1000);
      if (second !== this.window.second) this.window = { second, admitted: 0 };
      if (this.window.admitted >= f.maxRequestsPerSecond) {
        // Retry-After is whole seconds, so "the next second" is the honest answer.
        return { kind: 'fail', delayMs: 0, status: 429, headers: { 'retry-after': '1' }, detail: `rate limit of ${f.maxRequestsPerSecond} requests per second exceeded` };
      }
      this.window.admitted += 1;
    }
    if ((f.throttleEvery !== undefined && this.seen % f.throttleEvery === 0) || (f.throttleRate !== undefined && this.random() < f.throttleRate)) {
      return { kind: 'fail', delayMs, status: 429, headers: this.retryAfter(nowMs), detail: 'too many requests (injected)' };
    }
    if (f.errorRate !== undefined && this.random() < f.errorRate) {
      const status = f.errorStatus ?? 503;
      const headers = status === 503 ? this.retryAfter(nowMs) : {};
      return { kind: 'fail', delayMs, status, headers, detail: `service unavailable (injected ${status})` };
    }
    return { kind: 'pass', delayMs };
  }

  private retryAfter(nowMs: number): Record<string, string> {
    const seconds = this.settings.retryAfterSeconds ?? 1;
    if (this.settings.retryAfterFormat === 'http-date') {
      return { 'retry-after': new Date(nowMs + seconds * 1000).toUTCString() };
    }
    return { 'retry-after': String(Math.ceil(seconds)) };
  }
}
