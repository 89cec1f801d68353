import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { UserLink } from '../../../src/domain/links.js';
import type { RunRecord } from '../../../src/domain/runs.js';
import { RedisStateStore } from '../../../src/state/redis-state-store.js';
import { deletePrefix, newRedis, uniquePrefix } from '../../helpers/redis.js';

const redis = newRedis();
let prefix: string;
let store: RedisStateStore;

beforeEach(async () => {
  if (prefix) await deletePrefix(redis, prefix);
  prefix = uniquePrefix('state');
  store = new RedisStateStore(redis, prefix);
});
afterAll(async () => {
  await deletePrefix(redis, prefix);
  redis.disconnect();
});

function link(oktaId: string, scimId = `s-${oktaId}`): UserLink {
  const at = '2026-01-01T00:00:00.000Z';
  return { oktaId, scimId, hash: 'h1', mappingHash: 'm1', origin: 'created', userName: `${oktaId}@x`, body: { userName: `${oktaId}@x` }, linkedAt: at, writtenAt: at };
}

function run(id: string, startedAt = new Date().toISOString()): RunRecord {
  return { id, kind: 'full-sync', status: 'running', phase: 'planning', dryRun: false, trigger: 'test', startedAt, planned: 0, done: 0, counts: {}, notes: [] };
}

describe('RedisStateStore', () => {
  it('keeps every key under the hash-tagged prefix', async () => {
    await store.putUserLink(link('u1'));
    await store.createRun(run('r1'));
    const keys = await redis.keys(`*${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const k of keys) expect(k.startsWith(`{${prefix}}:state:`)).toBe(true);
  });

  it('stores, batches and scans links', async () => {
    for (let i = 0; i < 1200; i++) await store.putUserLink(link(`u${i}`));
    const some = await store.getUserLinks(['u1', 'u999', 'missing']);
    expect([...some.keys()]).toEqual(['u1', 'u999']);
    expect(some.get('u1')?.scimId).toBe('s-u1');
    expect(await store.countUserLinks()).toBe(1200);
    const seen = new Set<string>();
    for await (const batch of store.scanUserLinks()) for (const l of batch) seen.add(l.oktaId);
    expect(seen.size).toBe(1200);
    await store.deleteUserLink('u1');
    expect(await store.getUserLink('u1')).toBeUndefined();
  });

  it('counts each record outcome exactly once, even when recorded twice or changed', async () => {
    await store.createRun(run('r1'));
    expect(await store.addPlanned('r1', ['u:a', 'u:b', 'u:c'])).toBe(3);
    expect(await store.addPlanned('r1', ['u:a', 'u:d'])).toBe(1);
    await store.recordOutcome('r1', { key: 'u:a', kind: 'user', outcome: 'created' });
    await store.recordOutcome('r1', { key: 'u:a', kind: 'user', outcome: 'created' });
    const failure = { key: 'u:b', kind: 'user' as const, oktaId: 'b', label: 'b@x', code: 'SCIM_REJECTED', message: 'bad', detail: 'userName invalid', at: '2026-01-01T00:00:00Z' };
    await store.recordOutcome('r1', { key: 'u:b', kind: 'user', outcome: 'failed', failure });
    let r = await store.getRun('r1');
    expect(r).toMatchObject({ planned: 4, done: 2, counts: { 'user.created': 1, 'user.failed': 1 } });
    expect(await store.getFailures('r1')).toEqual([failure]);

    // a manual retry succeeds: the failure disappears and the counters move
    await store.recordOutcomes('r1', [
      { key: 'u:b', kind: 'user', outcome: 'updated' },
      { key: 'u:c', kind: 'user', outcome: 'unchanged' },
    ]);
    r = await store.getRun('r1');
    expect(r).toMatchObject({ done: 3, counts: { 'user.created': 1, 'user.failed': 0, 'user.updated': 1, 'user.unchanged': 1 } });
    expect(await store.getFailures('r1')).toEqual([]);
  });

  it('re-entering an existing run does not reset it', async () => {
    await store.createRun(run('r1'));
    await store.recordOutcome('r1', { key: 'u:a', kind: 'user', outcome: 'created' });
    await store.createRun(run('r1'));
    expect((await store.getRun('r1'))?.done).toBe(1);
  });

  it('lists runs newest first and prunes beyond fifty', async () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 53; i++) await store.createRun(run(`r${i}`, new Date(base + i * 1000).toISOString()));
    const runs = await store.listRuns(100);
    expect(runs).toHaveLength(50);
    expect(runs[0]?.id).toBe('r52');
    expect(await store.getRun('r0')).toBeUndefined();
  });

  it('holds and takes destructive steps once', async () => {
    await store.createRun(run('r1'));
    await store.holdSteps('r1', [{ a: 1 }, { a: 2 }]);
    expect(await store.getHeld('r1')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await store.takeHeld('r1')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await store.takeHeld('r1')).toEqual([]);
  });

  it('flags: upsert keeps firstSeen, resolved stays resolved, auto-closed reopens', async () => {
    const base = { id: 'unassigned-u1', kind: 'unassigned' as const, oktaId: 'u1', groups: ['Eng'], reason: 'left scope' };
    const f1 = await store.upsertFlag({ ...base, lastSeen: '2026-01-01T00:00:00Z' });
    expect(f1).toMatchObject({ state: 'open', firstSeen: '2026-01-01T00:00:00Z' });
    const f2 = await store.upsertFlag({ ...base, lastSeen: '2026-01-02T00:00:00Z' });
    expect(f2).toMatchObject({ firstSeen: '2026-01-01T00:00:00Z', lastSeen: '2026-01-02T00:00:00Z' });
    await store.autoCloseFlag(base.id, 're-assigned');
    expect((await store.getFlag(base.id))?.state).toBe('auto-closed');
    expect((await store.upsertFlag({ ...base, lastSeen: '2026-01-03T00:00:00Z' })).state).toBe('open');
    await store.resolveFlag(base.id, 'ops', 'removed by hand');
    const again = await store.upsertFlag({ ...base, lastSeen: '2026-01-04T00:00:00Z' });
    expect(again).toMatchObject({ state: 'resolved', resolution: { by: 'ops', note: 'removed by hand' } });
    expect(await store.listFlags({ state: 'open' })).toEqual([]);
    expect(await store.listFlags({ kind: 'unassigned' })).toHaveLength(1);
  });

  it('locks are single-flight, re-entrant for their owner, and released only by it', async () => {
    expect(await store.acquireLock('sync', 'run-a', 5000)).toBe(true);
    expect(await store.acquireLock('sync', 'run-b', 5000)).toBe(false);
    expect(await store.acquireLock('sync', 'run-a', 5000)).toBe(true);
    await store.releaseLock('sync', 'run-b');
    expect(await store.lockHolder('sync')).toBe('run-a');
    await store.releaseLock('sync', 'run-a');
    expect(await store.acquireLock('sync', 'run-b', 5000)).toBe(true);
  });

  it('group member sets', async () => {
    await store.replaceGroupMembers('g1', ['a', 'b']);
    await store.updateGroupMembers('g1', ['c'], ['a']);
    expect([...(await store.getGroupMembers('g1'))].sort()).toEqual(['b', 'c']);
  });
});

describe('RedisStateStore outcomes recorded only if absent', () => {
  it('keeps the first outcome when asked to', async () => {
    await store.createRun(run('r2'));
    await store.recordOutcome('r2', { key: 'u:a', kind: 'user', outcome: 'created' });
    await store.recordOutcome('r2', { key: 'u:a', kind: 'user', outcome: 'unchanged', ifAbsent: true });
    await store.recordOutcomes('r2', [{ key: 'u:b', kind: 'user', outcome: 'unchanged', ifAbsent: true }]);
    expect(await store.getOutcome('r2', 'u:a')).toBe('created');
    expect((await store.getRun('r2'))?.counts).toEqual({ 'user.created': 1, 'user.unchanged': 1 });
  });
});
