import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../src/okta/pacer.js';

const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] ?? null });

describe('Pacer', () => {
  it('spaces requests under requestsPerMinute, also for concurrent callers', () => {
    const p = new Pacer({ requestsPerMinute: 120, slowdownBelow: 0.3, now: () => 1_000_000 });
    expect([p.reserve('users'), p.reserve('users'), p.reserve('groups')]).toEqual([0, 500, 1000]);
  });

  it('spreads the remaining budget until the reset once it runs low, and waits for the reset at zero', () => {
    const t = 1_700_000_000_000;
    const p = new Pacer({ requestsPerMinute: 1_000_000, slowdownBelow: 0.3, now: () => t });
    const h = (remaining: number) => headers({ 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': String(t / 1000 + 10), date: new Date(t).toUTCString() });
    p.observe('apps', h(50));
    expect(p.reserve('apps')).toBe(0); // plenty left
    p.observe('apps', h(3));
    const waits = [p.reserve('apps'), p.reserve('apps'), p.reserve('apps'), p.reserve('apps')];
    // 3 left, 10.25 s to the reset: evenly spread, then the 4th waits for the reset itself
    expect(waits[0]!).toBeGreaterThan(2_000);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
    expect(waits[2]!).toBeGreaterThan(waits[1]!);
    expect(waits[3]!).toBe(10_250);
    // other buckets are not slowed by this one
    expect(p.reserve('users')).toBeLessThan(1);
  });

  it('ignores incomplete or duplicated rate-limit headers', () => {
    const p = new Pacer({ requestsPerMinute: 1_000_000, slowdownBelow: 0.3, now: () => 0 });
    expect(p.observe('apps', headers({ 'x-rate-limit-limit': '100' }))).toBeUndefined();
    expect(p.observe('apps', headers({ 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': '5, 6' }))).toBeUndefined();
    expect(p.reserve('apps')).toBe(0);
  });
});
