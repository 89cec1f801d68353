import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/scim/retry-after.js';

const now = new Date('2031-06-01T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['0', 0],
    ['7', 7000],
    [' 120 ', 120_000],
    ['1.5', 1500],
  ])('delay-seconds %j → %i ms', (v, ms) => {
    expect(parseRetryAfter(v, now)).toBe(ms);
  });

  it('an HTTP-date in the future → the difference from now', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2031 12:00:45 GMT', now)).toBe(45_000);
  });

  it('an HTTP-date in the past → 0, not negative', () => {
    expect(parseRetryAfter('Sun, 01 Jun 2031 11:00:00 GMT', now)).toBe(0);
  });

  it('the first of repeated headers is used', () => {
    expect(parseRetryAfter(['3', '9'], now)).toBe(3000);
  });

  it.each([undefined, '', 'soon', '-5', 'NaN'])('%j → undefined (the caller backs off on its own)', (v) => {
    expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});
