import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OisyncError } from '../../../src/domain/errors.js';
import { MappingStore, type MappingStoreOptions } from '../../../src/mapping/store.js';
import { tempDir } from '../../helpers/config.js';
import { RecordingLogger } from '../../helpers/logger.js';
import { userMapping, user } from '../../helpers/mapping.js';

const GOOD = userMapping('title: { from: profile.title }');
const BETTER = userMapping('title: { from: profile.title, transform: [uppercase] }\nnickName: { value: N }');
const BAD = userMapping('title: { from: profil.title }\nactive: { value: yes }');

class FakeClock {
  t = Date.parse('2026-01-01T00:00:00.000Z');
  now(): Date {
    return new Date(this.t);
  }
}

const stores: MappingStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.stop();
});

function setup(text = GOOD, opts: Partial<MappingStoreOptions> = {}): { store: MappingStore; file: string; log: RecordingLogger; clock: FakeClock } {
  const dir = tempDir({ 'mapping.yaml': text });
  const file = join(dir, 'mapping.yaml');
  const log = new RecordingLogger();
  const clock = new FakeClock();
  const store = new MappingStore({ file, logger: log, clock, debounceMs: 20, pollIntervalMs: 0, ...opts });
  stores.push(store);
  return { store, file, log, clock };
}

describe('MappingStore', () => {
  it('refuses to start with a bad or missing mapping (a daemon must not run without one)', () => {
    expect(() => setup(BAD)).toThrow(expect.objectContaining({ code: 'MAPPING_INVALID' }));
    const dir = tempDir();
    let err: unknown;
    try {
      new MappingStore({ file: join(dir, 'nope.yaml'), logger: new RecordingLogger() });
    } catch (e) {
      err = e;
    }
    expect((err as OisyncError).code).toBe('MAPPING_NOT_FOUND');
  });

  it('reports its state: file, hash, load time, warnings', () => {
    const { store, file } = setup(userMapping('title: { from: profile.titel }'));
    expect(store.status()).toEqual({
      ok: true,
      file,
      hash: store.current().hash,
      loadedAt: '2026-01-01T00:00:00.000Z',
      warnings: [expect.objectContaining({ line: 3, message: expect.stringContaining('"profile.titel" is not a default Okta attribute') })],
      reloadErrors: 0,
    });
  });

  it('an unchanged file is not reloaded or logged', () => {
    const { store, log } = setup();
    expect(store.reload()).toEqual({ kind: 'unchanged' });
    expect(log.lines).toEqual([]);
  });

  it('applies a valid edit to jobs started afterwards and logs a diff summary', () => {
    const { store, file, log, clock } = setup();
    const jobMapper = store.current();
    clock.t += 60_000;
    writeFileSync(file, BETTER);
    const outcome = store.reload();
    expect(outcome.kind).toBe('applied');
    expect(store.current()).not.toBe(jobMapper);
    expect(store.current().hash).not.toBe(jobMapper.hash);
    // A job that already took its mapper keeps it: one job never mixes two mappings.
    expect(jobMapper.mapUser(user({ title: 'cto' }))).toMatchObject({ ok: true, body: { title: 'cto' } });
    expect(store.current().mapUser(user({ title: 'cto' }))).toMatchObject({ ok: true, body: { title: 'CTO', nickName: 'N' } });
    expect(store.status()).toMatchObject({ ok: true, loadedAt: '2026-01-01T00:01:00.000Z' });
    expect(log.lines).toEqual([
      {
        level: 'info',
        msg: expect.stringMatching(/^mapping reloaded: user: \+nickName ~title; group: unchanged \(hash [0-9a-f]{12} → [0-9a-f]{12}\); applies to jobs started from now on$/),
        obj: expect.objectContaining({ file, hash: store.current().hash, previousHash: jobMapper.hash, user: { added: ['nickName'], removed: [], changed: ['title'], reordered: false } }),
      },
    ]);
  });

  it('keeps the last good mapping on a bad edit, logs every problem once, and exposes the error', () => {
    const { store, file, log } = setup();
    const good = store.current();
    writeFileSync(file, BAD);
    const outcome = store.reload();
    expect(outcome.kind).toBe('rejected');
    expect(store.current()).toBe(good);
    const status = store.status();
    expect(status.ok).toBe(false);
    expect(status.hash).toBe(good.hash);
    expect(status.lastError).toMatchObject({ code: 'MAPPING_INVALID', message: `${file}: 2 problems`, at: '2026-01-01T00:00:00.000Z' });
    expect(status.lastError?.problems.map((p) => `${p.line}:${p.col}`)).toEqual(['3:18', '4:20']);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({
      level: 'error',
      msg: expect.stringContaining('mapping reload rejected (MAPPING_INVALID)'),
      obj: { problems: [expect.stringContaining(`${file}:3:18 user.title.from: "profil" cannot exist`), expect.stringContaining(`${file}:4:20 user.active.value`)] },
    });
    expect(log.lines[0]?.msg).toContain('keeping the last good mapping');

    // Seeing the same bad file again (a poll, a second event) says nothing new.
    expect(store.reload()).toEqual({ kind: 'unchanged' });
    expect(log.lines).toHaveLength(1);
    expect(store.status().reloadErrors).toBe(1);

    // Fixing it applies it and clears the error.
    writeFileSync(file, BETTER);
    expect(store.reload().kind).toBe('applied');
    expect(store.status().ok).toBe(true);
    expect(store.status().lastError).toBeUndefined();
    // the count is a history (a metric), not the current state
    expect(store.status().reloadErrors).toBe(1);
  });

  it('reverting a bad edit to the good text recovers without a mapping change', () => {
    const { store, file, log } = setup();
    const good = store.current();
    writeFileSync(file, BAD);
    store.reload();
    writeFileSync(file, GOOD);
    const outcome = store.reload();
    expect(outcome).toMatchObject({ kind: 'applied', diff: { same: true } });
    expect(store.current().hash).toBe(good.hash);
    expect(store.status().ok).toBe(true);
    expect(log.lines[1]?.msg).toMatch(/no effective change .*the earlier error is fixed/);
  });

  it('a comment-only edit is noted, not announced as a mapping change', () => {
    const { store, file, log } = setup();
    const listener = vi.fn();
    store.onChange(listener);
    writeFileSync(file, `# a note for the next admin\n${GOOD}`);
    expect(store.reload()).toMatchObject({ kind: 'applied', diff: { same: true } });
    expect(log.lines[0]?.msg).toMatch(/^mapping file changed; no effective change/);
    expect(listener).not.toHaveBeenCalled();
  });

  it('a deleted file keeps the mapping in use and reports MAPPING_NOT_FOUND until it is back', () => {
    const { store, file } = setup();
    rmSync(file);
    expect(store.reload()).toMatchObject({ kind: 'rejected', error: { code: 'MAPPING_NOT_FOUND' } });
    expect(store.status().ok).toBe(false);
    writeFileSync(file, GOOD);
    expect(store.reload().kind).toBe('applied');
    expect(store.status().ok).toBe(true);
  });

  it('tells listeners about applied changes', () => {
    const { store, file } = setup();
    const listener = vi.fn();
    store.onChange(listener);
    writeFileSync(file, BETTER);
    store.reload();
    expect(listener).toHaveBeenCalledWith(store.current(), expect.objectContaining({ same: false }));
  });

  it('notices an edit through fs.watch', async () => {
    const { store, file } = setup(GOOD, { watch: true, pollIntervalMs: 0 });
    const before = store.current().hash;
    store.start();
    writeFileSync(file, BETTER);
    await vi.waitFor(() => expect(store.current().hash).not.toBe(before), { timeout: 5_000, interval: 20 });
  });

  it('notices an editor-style save (write a temp file, rename it over)', async () => {
    const { store, file } = setup(GOOD, { watch: true, pollIntervalMs: 0 });
    const before = store.current().hash;
    store.start();
    writeFileSync(`${file}.tmp`, BETTER);
    renameSync(`${file}.tmp`, file);
    await vi.waitFor(() => expect(store.current().hash).not.toBe(before), { timeout: 5_000, interval: 20 });
  });

  it('notices an edit through the periodic check when file events are not available', async () => {
    const { store, file } = setup(GOOD, { watch: false, pollIntervalMs: 25 });
    const before = store.current().hash;
    store.start();
    writeFileSync(file, `${BETTER}\n# and a longer file, so size changes too\n`);
    await vi.waitFor(() => expect(store.current().hash).not.toBe(before), { timeout: 5_000, interval: 20 });
  });

  it('after stop() it no longer reloads on its own', async () => {
    const { store, file } = setup(GOOD, { watch: true, pollIntervalMs: 25 });
    const before = store.current().hash;
    store.start();
    store.stop();
    writeFileSync(file, BETTER);
    await new Promise((r) => setTimeout(r, 200));
    expect(store.current().hash).toBe(before);
  });
});
