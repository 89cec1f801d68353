/**
 * Scripted faults for tests and demos: answer matching requests with an error status (with
 * Okta's error body, or an HTML body as a proxy would send), delay them (past a client's
 * timeout), or drop the connection. Each rule fires on chosen matches only.
 */
export interface FaultRule {
  /** HTTP method to match (any when absent). */
  readonly method?: string;
  /** Path prefix to match (no query string), e.g. `/api/v1/apps/`. Any path when absent. */
  readonly path?: string;
  /** Answer with this status (429 carries rate-limit headers; 5xx carry an Okta error body). */
  readonly status?: number;
  /** For 429: seconds until X-Rate-Limit-Reset (0 = reset already passed, so the SDK retries at once). */
  readonly retryAfterSeconds?: number;
  /** Send an HTML body instead of Okta's JSON error (the SDK then throws HttpError, not OktaApiError). */
  readonly html?: boolean;
  /** Delay before answering (or before dropping), ms. */
  readonly delayMs?: number;
  /** Destroy the socket instead of answering (a network error on the client). */
  readonly drop?: boolean;
  /** Let this many matching requests through before the rule starts firing. */
  readonly skip?: number;
  /** Fire on every n-th matching request after `skip` (1 = each). */
  readonly every?: number;
  /** Stop after firing this many times; 0 = never stop. Default 1. */
  readonly times?: number;
}

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
  fired: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  add(...rules: readonly FaultRule[]): void {
    for (const rule of rules) this.rules.push({ rule, seen: 0, fired: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that fires for this request, if any (counting the match either way). */
  match(method: string, path: string): FaultRule | undefined {
    for (const r of this.rules) {
      const { rule } = r;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.path && !path.startsWith(rule.path)) continue;
      const times = rule.times ?? 1;
      if (times !== 0 && r.fired >= times) continue;
      r.seen++;
      const skip = rule.skip ?? 0;
      if (r.seen <= skip) continue;
      const every = Math.max(1, rule.every ?? 1);
      if ((r.seen - skip - 1) % every !== 0) continue;
      r.fired++;
      return rule;
    }
    return undefined;
  }
}
