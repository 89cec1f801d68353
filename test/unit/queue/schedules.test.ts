import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { incrementalRepeat } from '../../../src/queue/schedules.js';

describe('incrementalRepeat', () => {
  it('uses a cron pattern with a seconds field when the interval divides a minute, an hour or a day', () => {
    expect(incrementalRepeat(1)).toEqual({ pattern: '*/1 * * * * *' });
    expect(incrementalRepeat(15)).toEqual({ pattern: '*/15 * * * * *' });
    expect(incrementalRepeat(60)).toEqual({ pattern: '0 */1 * * * *' });
    expect(incrementalRepeat(300)).toEqual({ pattern: '0 */5 * * * *' });
    expect(incrementalRepeat(3600)).toEqual({ pattern: '0 0 */1 * * *' });
    expect(incrementalRepeat(21_600)).toEqual({ pattern: '0 0 */6 * * *' });
  });

  it('falls back to a fixed interval otherwise', () => {
    expect(incrementalRepeat(45)).toEqual({ every: 45_000 });
    expect(incrementalRepeat(90)).toEqual({ every: 90_000 });
    expect(incrementalRepeat(420)).toEqual({ every: 420_000 });
    expect(incrementalRepeat(18_000)).toEqual({ every: 18_000_000 });
  });

  it('every pattern it makes fires at the interval', () => {
    for (const s of [1, 2, 5, 10, 20, 30, 60, 120, 600, 1800, 3600, 7200, 43_200]) {
      const r = incrementalRepeat(s);
      if (!('pattern' in r)) throw new Error(`no pattern for ${s}`);
      const it = CronExpressionParser.parse(r.pattern, { tz: 'UTC', currentDate: new Date('2026-01-01T00:00:00.500Z') });
      const a = it.next().getTime();
      const b = it.next().getTime();
      expect(b - a).toBe(s * 1000);
    }
  });
});
