/**
 * Retry delay for 5xx and network errors: exponential with full jitter (AWS "full jitter"),
 * so many readers retrying after the same outage do not come back in lockstep.
 */
export function backoffDelayMs(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Wait before retrying a 429: until `X-Rate-Limit-Reset`, measured against the response's
 * `Date` header rather than our clock (as Okta advises and the SDK does), plus a little
 * jitter. Undefined when the headers are missing or duplicated; then back off normally.
 */
export function rateLimitDelayMs(headers: { get(name: string): string | null }, random: () => number, capMs: number): number | undefined {
  const reset = headers.get('x-rate-limit-reset');
  const date = headers.get('date');
  if (!reset || reset.includes(',') || !date) return undefined;
  const resetMs = Number(reset) * 1000;
  const dateMs = Date.parse(date);
  if (!Number.isFinite(resetMs) || Number.isNaN(dateMs)) return undefined;
  // +1 s like the SDK: Date has whole-second resolution.
  const wait = Math.max(0, resetMs - dateMs + 1000);
  return Math.min(capMs, wait) + Math.round(random() * 250);
}
