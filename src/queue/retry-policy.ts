import { isTransient } from '../domain/errors.js';

/**
 * The one place retry decisions are made (STYLE: classify once, decide once).
 * - transient (429/5xx/network): retry with exponential backoff and full jitter; a server
 *   `Retry-After` sets the floor;
 * - anything else (rejected, unauthorized, conflict that could not be resolved, mapping): fail
 *   now — retrying cannot help, and the reason is kept for the operator.
 */
export const MAX_BACKOFF_MS = 5 * 60_000;

export function shouldRetry(err: unknown): boolean {
  return isTransient(err);
}

/**
 * Delay before attempt `attemptsMade + 1`: base·2^(n-1) with jitter in [50%, 100%], capped,
 * never below the server's Retry-After.
 */
export function backoffDelay(attemptsMade: number, baseMs: number, err: unknown, random: () => number = Math.random): number {
  const exp = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  const jittered = Math.round(exp / 2 + (random() * exp) / 2);
  const floor = isTransient(err) ? (err.retryAfterMs ?? 0) : 0;
  return Math.max(jittered, floor);
}
