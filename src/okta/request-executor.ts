import okta from '@okta/okta-sdk-nodejs';
import type { RequestOptions } from '@okta/okta-sdk-nodejs/src/types/request-options.js';
import type { Response } from 'node-fetch';
import type { Logger } from '../domain/ports.js';
import { backoffDelayMs, rateLimitDelayMs } from './backoff.js';
import { requestLabel } from './org-url.js';
import { Pacer } from './pacer.js';
import { rateLimitBucket } from './rate-limit-bucket.js';
import type { BucketFigures, OktaRequestStats } from './request-stats.js';

export interface ExecutorOptions {
  /** Retries of one request on 429, 5xx, network errors and timeouts. */
  readonly maxRetries: number;
  /** Per attempt, including reading the body, ms. */
  readonly requestTimeoutMs: number;
  readonly requestsPerMinute: number;
  /** Spread requests once a bucket's remaining share falls below this. Default 0.3. */
  readonly slowdownBelow?: number;
  /** First retry delay for 5xx/network errors; doubles per attempt, jittered. Default 500 ms. */
  readonly retryBaseMs?: number;
  /** Longest single retry wait, ms. Default 60 000. */
  readonly retryCapMs?: number;
  readonly logger?: Logger;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

type RetryReason = 'rate-limited' | 'server-error' | 'network';

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The SDK's OAuth code never checks the token endpoint's status: `oauth.js` calls
 * `Http.errorFilter` on the module object, where it is undefined. A refused client assertion
 * then becomes an "access token" of `undefined`, every API call goes out as
 * `Authorization: Bearer undefined`, and the operator sees "Invalid token" instead of why the
 * token was refused. So a failed token response is turned into an OktaApiError here.
 */
async function checkTokenResponse(response: Response): Promise<Response> {
  if (response.status < 400 || !new URL(response.url || 'http://x/').pathname.endsWith('/oauth2/v1/token')) return response;
  let body: { error?: unknown; error_description?: unknown; errorCode?: unknown; errorSummary?: unknown } = {};
  try {
    body = (await response.clone().json()) as typeof body;
  } catch {
    // not JSON: keep the status alone
  }
  const code = typeof body.error === 'string' ? body.error : typeof body.errorCode === 'string' ? body.errorCode : 'oauth_error';
  const why = typeof body.error_description === 'string' ? body.error_description : typeof body.errorSummary === 'string' ? body.errorSummary : '';
  throw new okta.OktaApiError(response.url, response.status, { errorCode: code, errorSummary: `OAuth token request refused${why ? `: ${why}` : ''}` }, response.headers);
}

function isNetworkError(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'FetchError' || name === 'AbortError';
}

/**
 * The SDK's request executor, extended. The stock DefaultRequestExecutor has no timeout by
 * default and retries only 429s; a sync daemon needs a timeout on every attempt (a hung socket
 * would stall a run forever), jittered retries of 5xx / network errors / timeouts, pacing under
 * our share of the org's rate limit, and figures for metrics. It keeps the SDK's conventions:
 * 429 waits are computed from X-Rate-Limit-Reset against the Date header, retries carry
 * X-Okta-Retry-For / X-Okta-Retry-Count, and `backoff` / `resume` events are emitted.
 *
 * Each response body is read inside the attempt, so a connection that dies or stalls while the
 * body streams is retried here too, not surfaced later as a parse error.
 */
export class OktaRequestExecutor extends okta.DefaultRequestExecutor {
  private readonly pacer: Pacer;
  private readonly opts: Required<Omit<ExecutorOptions, 'logger'>> & { logger?: Logger };
  private counters = { requests: 0, retries: 0, rateLimited: 0, serverErrors: 0, networkErrors: 0, throttledMs: 0, retryWaitMs: 0 };
  private readonly bucketFigures: Record<string, BucketFigures> = {};
  private lastFigures: (BucketFigures & { bucket: string }) | undefined;

  constructor(options: ExecutorOptions) {
    // The parent's own timeout and 429 handling stay off: fetch() below does both per attempt.
    super({ maxRetries: options.maxRetries, requestTimeout: 0 });
    // Field by field: an explicitly undefined knob must not wipe out its default.
    this.opts = {
      maxRetries: options.maxRetries,
      requestTimeoutMs: options.requestTimeoutMs,
      requestsPerMinute: options.requestsPerMinute,
      slowdownBelow: options.slowdownBelow ?? 0.3,
      retryBaseMs: options.retryBaseMs ?? 500,
      retryCapMs: options.retryCapMs ?? 60_000,
      now: options.now ?? Date.now,
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
      ...(options.logger ? { logger: options.logger } : {}),
    };
    this.pacer = new Pacer({ requestsPerMinute: options.requestsPerMinute, slowdownBelow: this.opts.slowdownBelow, now: this.opts.now });
  }

  stats(): OktaRequestStats {
    return {
      ...this.counters,
      buckets: { ...this.bucketFigures },
      ...(this.lastFigures ? { last: { ...this.lastFigures } } : {}),
    };
  }

  override async fetch(request: RequestOptions): Promise<Response> {
    if (!request.startTime) request.startTime = new Date();
    const url = request.url ?? '';
    const label = requestLabel(request.method, url);
    const bucket = rateLimitBucket(new URL(url, 'http://x').pathname);
    let current = request;
    for (let attempt = 0; ; attempt++) {
      const wait = this.pacer.reserve(bucket);
      if (wait > 0) {
        this.counters.throttledMs += wait;
        await this.opts.sleep(wait);
      }
      this.counters.requests++;
      current.timeout = this.opts.requestTimeoutMs;
      let response: Response;
      try {
        response = await this.send(current);
      } catch (err) {
        if (!isNetworkError(err)) throw err;
        this.counters.networkErrors++;
        if (attempt >= this.opts.maxRetries) throw err;
        current = await this.retry(current, attempt, 'network', undefined, label, err);
        continue;
      }
      const figures = this.pacer.observe(bucket, response.headers);
      if (figures) {
        this.bucketFigures[bucket] = figures;
        this.lastFigures = { ...figures, bucket };
      }
      if (response.status === 429) this.counters.rateLimited++;
      else if (response.status >= 500) this.counters.serverErrors++;
      else return checkTokenResponse(response);
      if (attempt >= this.opts.maxRetries) return checkTokenResponse(response);
      current = await this.retry(current, attempt, response.status === 429 ? 'rate-limited' : 'server-error', response, label);
    }
  }

  /** One attempt: the plain node-fetch call (with the SDK's request/response events), body buffered. */
  private async send(request: RequestOptions): Promise<Response> {
    const res = await okta.RequestExecutor.prototype.fetch.call(this, request);
    const body = await res.buffer();
    const Ctor = res.constructor as new (body: Buffer, init: { status: number; statusText: string; headers: Response['headers']; url: string }) => Response;
    return new Ctor(body, { status: res.status, statusText: res.statusText, headers: res.headers, url: res.url });
  }

  private async retry(request: RequestOptions, attempt: number, reason: RetryReason, response: Response | undefined, label: string, err?: unknown): Promise<RequestOptions> {
    const { random, retryBaseMs, retryCapMs } = this.opts;
    const delay =
      (reason === 'rate-limited' && response ? rateLimitDelayMs(response.headers, random, retryCapMs) : undefined) ??
      backoffDelayMs(attempt, retryBaseMs, retryCapMs, random);
    const requestId = response ? this.getOktaRequestId(response) : '';
    this.counters.retries++;
    this.counters.retryWaitMs += delay;
    this.opts.logger?.debug(
      { request: label, reason, attempt: attempt + 1, delayMs: delay, ...(response ? { status: response.status } : {}), ...(err ? { error: (err as Error).message } : {}) },
      'okta request retry',
    );
    if (response) this.emit('backoff', request, response, requestId, delay);
    await this.opts.sleep(delay);
    const next = this.buildRetryRequest(request, requestId || 'none', delay);
    this.emit('resume', next, requestId);
    return next;
  }
}
