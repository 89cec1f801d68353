/**
 * `Retry-After` (RFC 9110 §10.2.3) as milliseconds from `now`: either delay-seconds or an
 * HTTP-date. Unparseable or absent values give undefined, so the caller falls back to its own
 * backoff; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | readonly string[] | undefined, now: Date): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value) as string | undefined;
  if (raw === undefined) return undefined;
  const v = raw.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (/^-/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}
