/** Rate-limit figures last seen for one bucket. */
export interface BucketFigures {
  readonly limit: number;
  readonly remaining: number;
  /** Epoch seconds when the bucket resets (X-Rate-Limit-Reset). */
  readonly reset: number;
}

/**
 * What the Okta request executor has done so far; counters only grow. Shaped for Prometheus
 * (counters for requests/retries/429s/throttled time, gauges per bucket).
 */
export interface OktaRequestStats {
  /** HTTP attempts sent, retries included. */
  readonly requests: number;
  /** Attempts that were retries (429, 5xx, network error, timeout). */
  readonly retries: number;
  /** 429 answers received. */
  readonly rateLimited: number;
  /** 5xx answers received. */
  readonly serverErrors: number;
  /** Network errors and timeouts. */
  readonly networkErrors: number;
  /** Time spent waiting before sending, to stay under requestsPerMinute and the remaining budget, ms. */
  readonly throttledMs: number;
  /** Time spent waiting before retries, ms. */
  readonly retryWaitMs: number;
  /** Per rate-limit bucket (`apps`, `users`, `logs`, ...), the figures of the latest response. */
  readonly buckets: Readonly<Record<string, BucketFigures>>;
  /** The figures of the latest response of any bucket. */
  readonly last?: BucketFigures & { readonly bucket: string };
}
