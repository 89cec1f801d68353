/**
 * Fault injection and request counters of the IDaaS emulator, over real HTTP. Nothing here
 * measures time: latency is checked through the injected-delay total, rate caps through the
 * per-second histogram the emulator keeps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startIdaasEmulator, type IdaasEmulator } from '../../../src/emulators/idaas/index.js';
import { oktaUserBody, scimHttp } from '../../helpers/scim-http.js';

let emu: IdaasEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function start(...args: Parameters<typeof startIdaasEmulator>) {
  emu = await startIdaasEmulator(...args);
  return { emu, http: scimHttp(emu.url, emu.token) };
}

async function statuses(http: ReturnType<typeof scimHttp>, n: number, path = '/Users?count=1'): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await http.get(path)).status);
  return out;
}

describe('5xx rate', () => {
  it('errorRate 1 fails every request with 503 + Retry-After in SCIM shape; errorRate 0 none', async () => {
    const { emu, http } = await start({ faults: { errorRate: 1, retryAfterSeconds: 7 } });
    const res = await http.get('/Users');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    emu.faults.set({ errorRate: 0 });
    expect(await statuses(http, 5)).toEqual([200, 200, 200, 200, 200]);
  });

  it('a partial rate fails roughly that share, and the same seed replays the same pattern', async () => {
    const { emu, http } = await start({ faults: { errorRate: 0.3, errorStatus: 500, seed: 42 } });
    const first = await statuses(http, 200);
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(30);
    expect(failures).toBeLessThan(90);
    expect(first.every((s) => s === 200 || s === 500)).toBe(true);
    emu.faults.replace({ errorRate: 0.3, errorStatus: 500, seed: 42 });
    expect(await statuses(http, 200)).toEqual(first);
    emu.faults.replace({ errorRate: 0.3, errorStatus: 500, seed: 43 });
    expect(await statuses(http, 200)).not.toEqual(first);
  });

  it('a failed write changes nothing', async () => {
    const { emu, http } = await start({ faults: { errorRate: 1 } });
    expect((await http.post('/Users', oktaUserBody())).status).toBe(503);
    expect(emu.state().users).toHaveLength(0);
  });
});

describe('429 + Retry-After', () => {
  it('throttleEvery N answers every Nth request 429 with Retry-After seconds', async () => {
    const { http } = await start({ faults: { throttleEvery: 3, retryAfterSeconds: 2 } });
    const res: { status: number; retryAfter: string | null }[] = [];
    for (let i = 0; i < 9; i++) {
      const r = await http.get('/Users?count=1');
      res.push({ status: r.status, retryAfter: r.headers.get('retry-after') });
    }
    expect(res.map((r) => r.status)).toEqual([200, 200, 429, 200, 200, 429, 200, 200, 429]);
    expect(res.filter((r) => r.status === 429).every((r) => r.retryAfter === '2')).toBe(true);
  });

  it('Retry-After can be an HTTP-date', async () => {
    const { http } = await start({ faults: { throttleRate: 1, retryAfterSeconds: 30, retryAfterFormat: 'http-date' } });
    const r = await http.get('/Users');
    expect(r.status).toBe(429);
    const when = Date.parse(r.headers.get('retry-after') ?? '');
    expect(Number.isNaN(when)).toBe(false);
    expect(r.headers.get('retry-after')).toMatch(/GMT$/);
  });

  it('throttleRate with a seed is deterministic', async () => {
    const { emu, http } = await start({ faults: { throttleRate: 0.5, seed: 7 } });
    const a = await statuses(http, 50);
    expect(a.filter((s) => s === 429).length).toBeGreaterThan(10);
    emu.faults.replace({ throttleRate: 0.5, seed: 7 });
    expect(await statuses(http, 50)).toEqual(a);
  });
});

describe('rate cap', () => {
  it('admits at most maxRequestsPerSecond per clock second and answers the rest 429 + Retry-After', async () => {
    const { emu, http } = await start({ faults: { maxRequestsPerSecond: 5 } });
    const results = await Promise.all(Array.from({ length: 30 }, () => http.get('/Users?count=1')));
    const ok = results.filter((r) => r.status === 200).length;
    const limited = results.filter((r) => r.status === 429);
    const snap = emu.counters.snapshot();
    // The burst may straddle a second boundary, so allow one cap per second it touched.
    expect(ok).toBeLessThanOrEqual(5 * snap.perSecond.length);
    expect(ok + limited.length).toBe(30);
    expect(limited.every((r) => r.headers.get('retry-after') === '1')).toBe(true);
    expect(snap.maxPerSecond.served).toBeLessThanOrEqual(5);
    expect(snap.maxPerSecond.received).toBeGreaterThan(5);
    for (const b of snap.perSecond) expect(b.served).toBeLessThanOrEqual(5);
  });
});

describe('latency', () => {
  it('adds the configured fixed latency (seen through the injected-delay total, not a clock)', async () => {
    const { emu, http } = await start({ faults: { latencyMs: 15 } });
    await statuses(http, 4);
    expect(emu.counters.snapshot().injectedDelayMs).toBe(60);
  });

  it('jitter stays within [latencyMs, latencyMs + jitter)', async () => {
    const { emu, http } = await start({ faults: { latencyMs: 1, latencyJitterMs: 10, seed: 3 } });
    await statuses(http, 10);
    const total = emu.counters.snapshot().injectedDelayMs;
    expect(total).toBeGreaterThanOrEqual(10);
    expect(total).toBeLessThan(10 + 100);
  });
});

describe('fault settings', () => {
  it('are validated', async () => {
    const { emu } = await start();
    expect(() => emu.faults.set({ errorRate: 2 })).toThrow(/errorRate/);
    expect(() => emu.faults.set({ errorStatus: 404 })).toThrow(/5xx/);
    expect(() => emu.faults.set({ throttleEvery: 0 })).toThrow(/throttleEvery/);
    expect(() => emu.faults.set({ bogus: 1 } as never)).toThrow(/bogus/);
    await expect(startIdaasEmulator({ faults: { errorRate: -1 } })).rejects.toThrow(/errorRate/);
  });

  it('merge with set, remove with undefined, and clear', async () => {
    const { emu } = await start({ faults: { errorRate: 0.1 } });
    emu.faults.set({ latencyMs: 5 });
    expect(emu.faults.get()).toEqual({ errorRate: 0.1, latencyMs: 5 });
    emu.faults.set({ errorRate: undefined });
    expect(emu.faults.get()).toEqual({ latencyMs: 5 });
    emu.faults.clear();
    expect(emu.faults.get()).toEqual({});
  });

  it('do not touch the admin endpoint', async () => {
    const { emu } = await start({ faults: { errorRate: 1 } });
    const res = await fetch(`${emu.adminUrl}/state`, { headers: { authorization: `Bearer ${emu.adminToken}` } });
    expect(res.status).toBe(200);
  });
});

describe('counters', () => {
  it('count by method and path template, by status, and per second; reset clears them', async () => {
    const { emu, http } = await start();
    const u = (await http.post('/Users', oktaUserBody())).body;
    await http.get(`/Users/${u.id}`);
    await http.get('/Users/unknown');
    await http.get('/Users?count=1');
    await http.get('/ServiceProviderConfig');
    await http.patch(`/Users/${u.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    const snap = emu.counters.snapshot();
    expect(snap.total).toBe(6);
    expect(snap.byRoute).toEqual({
      'POST /Users': 1,
      'GET /Users/{id}': 2,
      'GET /Users': 1,
      'GET /ServiceProviderConfig': 1,
      'PATCH /Users/{id}': 1,
    });
    expect(snap.byStatus).toEqual({ '201': 1, '200': 4, '404': 1 });
    expect(snap.perSecond.reduce((n, b) => n + b.received, 0)).toBe(6);
    expect(snap.perSecond.reduce((n, b) => n + b.writes, 0)).toBe(2);
    expect(emu.counters.count('GET /Users/{id}')).toBe(2);
    emu.counters.reset();
    expect(emu.counters.snapshot()).toMatchObject({ total: 0, byRoute: {}, byStatus: {}, perSecond: [], connections: 0 });
  });

  it('count requests that faults answered as received but not served', async () => {
    const { emu, http } = await start({ faults: { errorRate: 1 } });
    await statuses(http, 3);
    const snap = emu.counters.snapshot();
    expect(snap.total).toBe(3);
    expect(snap.byStatus).toEqual({ '503': 3 });
    expect(snap.maxPerSecond.served).toBe(0);
  });
});
