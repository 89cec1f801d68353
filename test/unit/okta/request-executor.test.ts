import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { TransientError } from '../../../src/domain/errors.js';
import { FAST_RETRIES, oktaConfig, reader } from '../../helpers/okta.js';
import { JSON_HEADERS, ORG, useNock } from './nock-setup.js';

// The reader's request executor: retries the SDK does not do (5xx, network, timeouts), the
// 429 wait taken from X-Rate-Limit-Reset against Date, and the figures it reports.

useNock();

const group = { id: '00g1', type: 'OKTA_GROUP', profile: { name: 'G' }, _links: {} };
const rl = (remaining: number, resetSec: number, dateMs = Date.now()) => ({
  ...JSON_HEADERS,
  'x-rate-limit-limit': '600',
  'x-rate-limit-remaining': String(remaining),
  'x-rate-limit-reset': String(resetSec),
  date: new Date(dateMs).toUTCString(),
});

/** A fake clock that sleeping advances, so waits are asserted without real time passing. */
function sleeps(start = Date.now()): { sleep: (ms: number) => Promise<void>; now: () => number; waits: number[] } {
  const waits: number[] = [];
  let t = start;
  return {
    waits,
    now: () => t,
    sleep: (ms) => {
      waits.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

describe('Okta request executor', () => {
  it('retries a 5xx with jittered exponential backoff, then succeeds', async () => {
    nock(ORG).get('/api/v1/groups/00g1').reply(500, { errorCode: 'E0000009', errorSummary: 'Internal Server Error' }, JSON_HEADERS);
    nock(ORG).get('/api/v1/groups/00g1').reply(503, '<html>busy</html>', { 'content-type': 'text/html' });
    nock(ORG).get('/api/v1/groups/00g1').reply(200, group, rl(599, 2_000_000_000));
    const s = sleeps();
    const r = reader(oktaConfig(), { tuning: { retryBaseMs: 100, retryCapMs: 10_000, random: () => 0.5, sleep: s.sleep } });
    expect(await r.getGroup('00g1')).toMatchObject({ kind: 'not-selected' });
    // attempt 0: 100 → [50,100] at 0.5 = 75; attempt 1: 200 → 150
    expect(s.waits).toEqual([75, 150]);
    expect(r.stats()).toMatchObject({ requests: 3, retries: 2, serverErrors: 2, rateLimited: 0, retryWaitMs: 225 });
    expect(r.stats().buckets['group']).toEqual({ limit: 600, remaining: 599, reset: 2_000_000_000 });
  });

  it('retries network errors (connection reset)', async () => {
    nock(ORG).get('/api/v1/groups/00g1').replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    nock(ORG).get('/api/v1/groups/00g1').reply(200, group, JSON_HEADERS);
    const r = reader(oktaConfig());
    expect(await r.getGroup('00g1')).toMatchObject({ kind: 'not-selected' });
    expect(r.stats()).toMatchObject({ networkErrors: 1, retries: 1 });
  });

  it('times out a hung request and retries it', async () => {
    nock(ORG).get('/api/v1/groups/00g1').delay(2_000).reply(200, group, JSON_HEADERS);
    nock(ORG).get('/api/v1/groups/00g1').reply(200, group, JSON_HEADERS);
    const r = reader(oktaConfig({ requestTimeoutMs: 100 }));
    expect(await r.getGroup('00g1')).toMatchObject({ kind: 'not-selected' });
    expect(r.stats()).toMatchObject({ networkErrors: 1, retries: 1, requests: 2 });
  });

  it('gives up after maxRetries with OKTA_TRANSIENT naming the request, never the token', async () => {
    nock(ORG).get('/api/v1/groups/00g1').times(3).delay(500).reply(200, group, JSON_HEADERS);
    const r = reader(oktaConfig({ requestTimeoutMs: 50, maxRetries: 2 }));
    const err = await r.getGroup('00g1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect(err).toMatchObject({ code: 'OKTA_TRANSIENT', message: 'Okta GET /api/v1/groups/00g1 failed: timed out after 50 ms, after retries' });
    expect(r.stats()).toMatchObject({ requests: 3, retries: 2 });
  });

  it('waits out a 429 until X-Rate-Limit-Reset measured against Date, with the SDK retry headers', async () => {
    const date = Date.parse('2026-03-01T10:00:00Z');
    nock(ORG)
      .get('/api/v1/groups/00g1')
      .reply(429, { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }, {
        ...rl(0, date / 1000 + 4, date),
        'x-okta-request-id': 'req-1',
      });
    nock(ORG, { reqheaders: { 'x-okta-retry-for': 'req-1', 'x-okta-retry-count': '1' } })
      .get('/api/v1/groups/00g1')
      .reply(200, group, JSON_HEADERS);
    const s = sleeps(date);
    const r = reader(oktaConfig(), { tuning: { ...FAST_RETRIES, retryCapMs: 60_000, random: () => 0, sleep: s.sleep, now: s.now } });
    expect(await r.getGroup('00g1')).toMatchObject({ kind: 'not-selected' });
    // reset − Date + 1 s (Date is whole seconds), no jitter at random() = 0
    expect(s.waits).toEqual([5_000]);
    expect(r.stats()).toMatchObject({ rateLimited: 1, retries: 1 });
  });

  it('surfaces a 429 that outlasts the retries as OKTA_TRANSIENT with retryAfterMs', async () => {
    const date = Date.now();
    nock(ORG)
      .get('/api/v1/groups/00g1')
      .times(2)
      .reply(429, { errorCode: 'E0000047', errorSummary: 'API call exceeded rate limit due to too many requests.' }, rl(0, Math.floor(date / 1000) + 2, date));
    const s = sleeps();
    const r = reader(oktaConfig({ maxRetries: 1 }), { tuning: { ...FAST_RETRIES, sleep: s.sleep } });
    const err = await r.getGroup('00g1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as TransientError).status).toBe(429);
    expect((err as TransientError).retryAfterMs).toBeGreaterThan(1_000);
    expect((err as TransientError).message).toMatch(/^Okta GET \/api\/v1\/groups\/00g1 answered 429: E0000047 API call exceeded rate limit/);
  });

  it('paces under requestsPerMinute and holds back when a bucket is spent', async () => {
    const now = Math.floor(Date.now() / 1000) * 1000;
    nock(ORG).get('/api/v1/groups/00g1').reply(200, group, rl(0, now / 1000 + 30, now));
    nock(ORG).get('/api/v1/groups/00g1').reply(200, group, rl(599, now / 1000 + 60, now));
    const s = sleeps(now);
    const r = reader(oktaConfig({ requestsPerMinute: 60 }), { tuning: { ...FAST_RETRIES, sleep: s.sleep, now: s.now } });
    await r.getGroup('00g1');
    await r.getGroup('00g1');
    // second request: the bucket reported 0 remaining, so it waits ~30 s for the reset (not just the 1 s pacing)
    expect(s.waits).toHaveLength(1);
    expect(s.waits[0]!).toBeGreaterThan(29_000);
    expect(s.waits[0]!).toBeLessThan(31_500);
    expect(r.stats().throttledMs).toBe(s.waits[0]);
  });
});
