import { fail, pass, skip, warn, type CheckResult } from './check.js';

/** A server's Date header and the local time half-way through the request that carried it. */
export interface ServerTime {
  readonly server: 'Okta' | 'IDaaS';
  readonly date: string | undefined;
  readonly localMs: number;
}

/** Date headers have whole seconds, and the request takes time: below this, skew is noise. */
export const WARN_SKEW_MS = 5_000;
/** Okta rejects JWT client assertions and tokens beyond a few minutes of skew. */
export const FAIL_SKEW_MS = 5 * 60_000;

export function skewOf(t: ServerTime): number | undefined {
  if (!t.date) return undefined;
  const ms = Date.parse(t.date);
  // The header is cut to the whole second: the server's time lies in [date, date + 1 s).
  return Number.isNaN(ms) ? undefined : ms + 500 - t.localMs;
}

function describe(ms: number): string {
  const s = Math.round(ms / 1000);
  return s === 0 ? 'in step' : `${Math.abs(s)} s ${s > 0 ? 'ahead of' : 'behind'} this machine`;
}

/** Compares each server's clock with this machine's. */
export function clockCheck(times: readonly ServerTime[]): CheckResult {
  const id = 'clock';
  const measured = times.map((t) => ({ t, skew: skewOf(t) })).filter((m): m is { t: ServerTime; skew: number } => m.skew !== undefined);
  if (measured.length === 0) return skip(id, 'no Date header was seen from Okta or IDaaS (both unreachable?)');
  const worst = Math.max(...measured.map((m) => Math.abs(m.skew)));
  const detail = measured.map((m) => `${m.t.server} is ${describe(m.skew)}`).join('; ');
  const fix = 'Synchronise this machine\'s clock with NTP (timedatectl set-ntp true, chrony, or the host\'s time service); containers take the host clock.';
  if (worst > FAIL_SKEW_MS) return fail(id, `${detail}: more than ${FAIL_SKEW_MS / 60_000} minutes off (Okta refuses JWT assertions with skew; schedules and timestamps drift)`, fix);
  if (worst > WARN_SKEW_MS) return warn(id, `${detail}: more than ${WARN_SKEW_MS / 1000} s off`, fix);
  return pass(id, detail);
}
