import type { BucketFigures } from './request-stats.js';

export interface PacerOptions {
  readonly requestsPerMinute: number;
  /** Start spreading a bucket's remaining requests until its reset below this share of its limit. */
  readonly slowdownBelow: number;
  readonly now: () => number;
}

interface BucketState extends BucketFigures {
  /** Local epoch ms at which the bucket resets (server reset, moved onto our clock via Date). */
  readonly resetAt: number;
  /** The latest slot handed out in this bucket. */
  lastSlot: number;
  remainingLocal: number;
}

/**
 * Decides when the next Okta request may go: never faster than `requestsPerMinute` overall,
 * and, per rate-limit bucket, slower as `X-Rate-Limit-Remaining` falls: below `slowdownBelow`
 * of the limit the remaining requests are spread evenly until the reset; at zero we wait for
 * the reset. Slots are reserved synchronously, so concurrent callers do not all take the same
 * one; the remaining count is decremented per request sent and corrected by each response.
 */
export class Pacer {
  private nextSlot = 0;
  private readonly buckets = new Map<string, BucketState>();

  constructor(private readonly opts: PacerOptions) {}

  /** Reserves a slot for a request in `bucket`; returns how long to wait before sending, ms. */
  reserve(bucket: string): number {
    const now = this.opts.now();
    let at = Math.max(now, this.nextSlot);
    this.nextSlot = at + 60_000 / this.opts.requestsPerMinute;
    const b = this.buckets.get(bucket);
    if (b && b.resetAt > at) {
      if (b.remainingLocal <= 0) {
        at = b.resetAt;
      } else if (b.remainingLocal < b.limit * this.opts.slowdownBelow) {
        const from = Math.max(at, b.lastSlot);
        at = Math.max(at, from + (b.resetAt - from) / (b.remainingLocal + 1));
      }
      b.remainingLocal--;
      b.lastSlot = at;
    }
    return Math.max(0, at - now);
  }

  /** Records a response's rate-limit headers; returns the figures when they were complete. */
  observe(bucket: string, headers: { get(name: string): string | null }): BucketFigures | undefined {
    const limit = Number(headers.get('x-rate-limit-limit'));
    const remaining = Number(headers.get('x-rate-limit-remaining'));
    const resetRaw = headers.get('x-rate-limit-reset');
    const reset = Number(resetRaw);
    if (!resetRaw || resetRaw.includes(',') || !Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset) || limit <= 0) {
      return undefined;
    }
    const now = this.opts.now();
    const serverNow = Date.parse(headers.get('date') ?? '');
    // Date has whole-second resolution and is floored, so this errs on the late side.
    const skew = Number.isNaN(serverNow) ? -1000 : serverNow - now;
    const resetAt = reset * 1000 - skew + 250;
    const prev = this.buckets.get(bucket);
    const sameWindow = prev !== undefined && prev.reset === reset;
    this.buckets.set(bucket, {
      limit,
      remaining,
      reset,
      resetAt,
      lastSlot: prev?.lastSlot ?? 0,
      // Responses can arrive out of order; within one window the lower count is the truer one.
      remainingLocal: sameWindow ? Math.min(prev.remainingLocal, remaining) : remaining,
    });
    return { limit, remaining, reset };
  }
}
