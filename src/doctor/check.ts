/** One preflight check of `oisync doctor`: a verdict, what was found, and the fix in words. */
export type Verdict = 'PASS' | 'WARN' | 'FAIL' | 'SKIP';

export interface CheckResult {
  /** Stable id, e.g. `okta.permissions`. */
  readonly id: string;
  readonly verdict: Verdict;
  /** What was found, in one or a few sentences. */
  readonly detail: string;
  /** What to do about a WARN or FAIL. */
  readonly fix?: string;
}

export const pass = (id: string, detail: string): CheckResult => ({ id, verdict: 'PASS', detail });
export const warn = (id: string, detail: string, fix: string): CheckResult => ({ id, verdict: 'WARN', detail, fix });
export const fail = (id: string, detail: string, fix: string): CheckResult => ({ id, verdict: 'FAIL', detail, fix });
export const skip = (id: string, detail: string): CheckResult => ({ id, verdict: 'SKIP', detail });
