import type { Redis } from 'ioredis';
import type { Flag, FlagState } from '../domain/flags.js';
import type { GroupLink, UserLink } from '../domain/links.js';
import type { FlagQuery, OutcomeUpdate, StateStore } from '../domain/ports.js';
import type { DriftEntry, DriftReportView } from '../domain/drift.js';
import type { FailureRecord, Outcome, PlanStep, RunKind, RunRecord, RunStatus } from '../domain/runs.js';
import { RUN_PARTS, StateKeys } from './keys.js';
import { withStateCommands, type StatePipeline, type StateRedis } from './scripts.js';

/** How many runs of each kind keep their records; older ones are pruned when a new one starts. */
const KEEP_RUNS = 50;
const SCAN_COUNT = 500;

/**
 * The StateStore on Redis (ioredis). Values are JSON; counters move inside Lua scripts so a
 * job that runs twice (crash, stalled-job recovery) never counts twice.
 */
export class RedisStateStore implements StateStore {
  private readonly redis: StateRedis;
  readonly keys: StateKeys;

  constructor(redis: Redis, prefix: string) {
    this.redis = withStateCommands(redis);
    this.keys = new StateKeys(prefix);
  }

  // ---- links ----

  async getUserLinks(oktaIds: readonly string[]): Promise<Map<string, UserLink>> {
    return this.getMany<UserLink>(this.keys.userLinks(), oktaIds);
  }
  async getUserLink(oktaId: string): Promise<UserLink | undefined> {
    return parse<UserLink>(await this.redis.hget(this.keys.userLinks(), oktaId));
  }
  async putUserLink(link: UserLink, opts: { createdDone?: boolean } = {}): Promise<void> {
    if (!opts.createdDone) {
      await this.redis.hset(this.keys.userLinks(), link.oktaId, JSON.stringify(link));
      return;
    }
    await this.redis.multi().hset(this.keys.userLinks(), link.oktaId, JSON.stringify(link)).hdel(this.keys.creating(), link.oktaId).exec();
  }
  async deleteUserLink(oktaId: string): Promise<void> {
    await this.redis.hdel(this.keys.userLinks(), oktaId);
  }
  countUserLinks(): Promise<number> {
    return this.redis.hlen(this.keys.userLinks());
  }
  scanUserLinks(): AsyncIterable<readonly UserLink[]> {
    return this.scanHash<UserLink>(this.keys.userLinks());
  }

  async getGroupLinks(oktaIds: readonly string[]): Promise<Map<string, GroupLink>> {
    return this.getMany<GroupLink>(this.keys.groupLinks(), oktaIds);
  }
  async getGroupLink(oktaId: string): Promise<GroupLink | undefined> {
    return parse<GroupLink>(await this.redis.hget(this.keys.groupLinks(), oktaId));
  }
  async putGroupLink(link: GroupLink): Promise<void> {
    await this.redis.hset(this.keys.groupLinks(), link.oktaId, JSON.stringify(link));
  }
  async deleteGroupLink(oktaId: string): Promise<void> {
    await this.redis.multi().hdel(this.keys.groupLinks(), oktaId).del(this.keys.groupMembers(oktaId)).exec();
  }
  countGroupLinks(): Promise<number> {
    return this.redis.hlen(this.keys.groupLinks());
  }
  scanGroupLinks(): AsyncIterable<readonly GroupLink[]> {
    return this.scanHash<GroupLink>(this.keys.groupLinks());
  }

  async markCreating(oktaId: string, runId: string): Promise<void> {
    await this.redis.hset(this.keys.creating(), oktaId, runId);
  }
  async linkOrMarkCreating(oktaId: string, runId: string): Promise<UserLink | undefined> {
    const res = await this.redis.pipeline().hget(this.keys.userLinks(), oktaId).hset(this.keys.creating(), oktaId, runId).exec();
    const [err, raw] = res?.[0] ?? [null, null];
    if (err) throw err;
    const link = parse<UserLink>(raw as string | null);
    // linked already: this is not a create after all
    if (link) await this.clearCreating(oktaId);
    return link;
  }

  async creatingBy(oktaId: string): Promise<string | undefined> {
    return (await this.redis.hget(this.keys.creating(), oktaId)) ?? undefined;
  }
  async clearCreating(oktaId: string): Promise<void> {
    await this.redis.hdel(this.keys.creating(), oktaId);
  }

  async getGroupMembers(oktaGroupId: string): Promise<Set<string>> {
    return new Set(await this.redis.smembers(this.keys.groupMembers(oktaGroupId)));
  }
  async updateGroupMembers(oktaGroupId: string, add: readonly string[], remove: readonly string[]): Promise<void> {
    const key = this.keys.groupMembers(oktaGroupId);
    const tx = this.redis.multi();
    if (add.length) tx.sadd(key, ...add);
    if (remove.length) tx.srem(key, ...remove);
    await tx.exec();
  }
  async replaceGroupMembers(oktaGroupId: string, members: readonly string[]): Promise<void> {
    const key = this.keys.groupMembers(oktaGroupId);
    const tx = this.redis.multi().del(key);
    if (members.length) tx.sadd(key, ...members);
    await tx.exec();
  }

  // ---- runs ----

  async createRun(run: RunRecord): Promise<void> {
    const key = this.keys.run(run.id);
    const fields: Record<string, string> = {
      id: run.id,
      kind: run.kind,
      status: run.status,
      phase: run.phase,
      dryRun: run.dryRun ? '1' : '0',
      trigger: run.trigger,
      startedAt: run.startedAt,
      planned: String(run.planned),
      done: String(run.done),
    };
    if (run.mappingHash) fields['mappingHash'] = run.mappingHash;
    const created = await this.redis.hsetnx(key, 'id', run.id);
    if (created === 0) return; // already exists: a retried control job re-enters its run
    const score = Date.parse(run.startedAt);
    await this.redis.multi().hset(key, fields).zadd(this.keys.runs(), score, run.id).zadd(this.keys.runsOfKind(run.kind), score, run.id).exec();
    await this.pruneRuns(run.kind);
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const [h, notes] = await Promise.all([
      this.redis.hgetall(this.keys.run(runId)),
      this.redis.lrange(this.keys.runPart(runId, 'notes'), 0, -1),
    ]);
    return toRun(h, notes);
  }

  async listRuns(limit: number, kind?: RunKind): Promise<readonly RunRecord[]> {
    const ids = await this.redis.zrevrange(kind ? this.keys.runsOfKind(kind) : this.keys.runs(), 0, Math.max(0, limit - 1));
    const runs = await Promise.all(ids.map((id) => this.getRun(id)));
    return runs.filter((r): r is RunRecord => r !== undefined);
  }

  async updateRun(
    runId: string,
    patch: Partial<Pick<RunRecord, 'status' | 'phase' | 'finishedAt' | 'sourceComplete' | 'error' | 'mappingHash'>>,
  ): Promise<void> {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      fields[k] = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
    }
    if (Object.keys(fields).length) await this.redis.hset(this.keys.run(runId), fields);
  }

  async transitionRun(runId: string, from: RunStatus, to: RunStatus): Promise<boolean> {
    return (await this.redis.oisyncTransitionStatus(this.keys.run(runId), from, to)) === 1;
  }

  async addRunNote(runId: string, note: string): Promise<void> {
    await this.redis.rpush(this.keys.runPart(runId, 'notes'), note);
  }

  async addPlanned(runId: string, keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.redis.oisyncAddPlanned(this.keys.runPart(runId, 'planned'), this.keys.run(runId), ...keys);
  }

  /** The keys and arguments of the record-outcome script. */
  private outcomeArgs(runId: string, u: OutcomeUpdate): [string, string, string, string, string, string, string, string] {
    return [
      this.keys.runPart(runId, 'outcomes'),
      this.keys.run(runId),
      this.keys.runPart(runId, 'failures'),
      u.key,
      u.kind,
      u.outcome,
      u.failure ? JSON.stringify(u.failure) : '',
      u.ifAbsent ? '1' : '0',
    ];
  }

  async recordOutcome(runId: string, u: OutcomeUpdate): Promise<void> {
    await this.redis.oisyncRecordOutcome(...this.outcomeArgs(runId, u));
  }

  async recordOutcomes(runId: string, updates: readonly OutcomeUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    const p = this.redis.pipeline() as StatePipeline;
    for (const u of updates) p.oisyncRecordOutcome(...this.outcomeArgs(runId, u));
    const results = (await p.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async addCount(runId: string, counter: string, by: number): Promise<void> {
    if (by !== 0) await this.redis.hincrby(this.keys.run(runId), `c:${counter}`, by);
  }

  async getOutcome(runId: string, key: string): Promise<Outcome | undefined> {
    return ((await this.redis.hget(this.keys.runPart(runId, 'outcomes'), key)) ?? undefined) as Outcome | undefined;
  }

  async resetOutcomes(runId: string, keys: readonly string[]): Promise<void> {
    const kindOf = (k: string): string => (k.startsWith('g:') ? 'group' : k.startsWith('m:') ? 'membership' : 'user');
    for (let i = 0; i < keys.length; i += 500) {
      const pairs = keys.slice(i, i + 500).flatMap((k) => [k, kindOf(k)]);
      await this.redis.oisyncResetOutcomes(this.keys.runPart(runId, 'outcomes'), this.keys.run(runId), ...pairs);
    }
  }

  async pendingKeys(runId: string): Promise<readonly string[]> {
    const [planned, done] = await Promise.all([
      this.redis.smembers(this.keys.runPart(runId, 'planned')),
      this.redis.hkeys(this.keys.runPart(runId, 'outcomes')),
    ]);
    const finished = new Set(done);
    return planned.filter((k) => !finished.has(k));
  }

  async getFailures(runId: string): Promise<readonly FailureRecord[]> {
    const h = await this.redis.hgetall(this.keys.runPart(runId, 'failures'));
    return Object.values(h)
      .map((v) => parse<FailureRecord>(v))
      .filter((f): f is FailureRecord => f !== undefined)
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async appendPlanSteps(runId: string, steps: readonly PlanStep[]): Promise<void> {
    if (steps.length) await this.redis.rpush(this.keys.runPart(runId, 'plan'), ...steps.map((s) => JSON.stringify(s)));
  }

  async getPlanSteps(runId: string, offset: number, limit: number): Promise<{ total: number; steps: readonly PlanStep[] }> {
    const key = this.keys.runPart(runId, 'plan');
    const [total, raw] = await Promise.all([this.redis.llen(key), this.redis.lrange(key, offset, offset + limit - 1)]);
    return { total, steps: raw.map((r) => parse<PlanStep>(r)).filter((s): s is PlanStep => s !== undefined) };
  }

  async holdSteps(runId: string, payloads: readonly unknown[]): Promise<void> {
    if (payloads.length) await this.redis.rpush(this.keys.runPart(runId, 'held'), ...payloads.map((p) => JSON.stringify(p)));
  }

  async getHeld(runId: string): Promise<readonly unknown[]> {
    const raw = await this.redis.lrange(this.keys.runPart(runId, 'held'), 0, -1);
    return raw.map((r) => JSON.parse(r) as unknown);
  }

  async takeHeld(runId: string): Promise<readonly unknown[]> {
    const raw = await this.redis.oisyncTakeList(this.keys.runPart(runId, 'held'));
    return raw.map((r) => JSON.parse(r) as unknown);
  }

  async appendReport(runId: string, entries: readonly DriftEntry[]): Promise<void> {
    if (entries.length) await this.redis.rpush(this.keys.runPart(runId, 'report'), ...entries.map((e) => JSON.stringify(e)));
  }

  async getReport(runId: string, offset: number, limit: number): Promise<{ total: number; entries: readonly DriftEntry[] }> {
    const key = this.keys.runPart(runId, 'report');
    const [total, raw] = await Promise.all([this.redis.llen(key), this.redis.lrange(key, offset, offset + limit - 1)]);
    return { total, entries: raw.map((r) => parse<DriftEntry>(r)).filter((e): e is DriftEntry => e !== undefined) };
  }

  /**
   * A reconcile's drift report as the status page shows it: pairs per class (summed over users,
   * groups and memberships) and the first entries that are not in sync.
   */
  async getDriftReport(runId: string, limit = 200): Promise<DriftReportView | undefined> {
    const run = await this.getRun(runId);
    if (!run || run.kind !== 'reconcile') return undefined;
    const counts: Record<string, number> = {};
    for (const [k, n] of Object.entries(run.counts)) {
      const m = /^drift\.[a-z]+\.(.+)$/.exec(k);
      if (m?.[1]) counts[m[1]] = (counts[m[1]] ?? 0) + n;
    }
    const { total, entries } = await this.getReport(runId, 0, limit);
    return {
      runId,
      counts,
      total,
      items: entries.map((e) => ({
        class: e.class,
        kind: e.kind === 'user' ? 'user' : 'group',
        label: e.label,
        ...(e.oktaId ? { oktaId: e.oktaId } : {}),
        ...(e.scimId ? { scimId: e.scimId } : {}),
        ...(e.changes ? { changes: e.changes } : {}),
        action: e.action,
      })),
    };
  }

  private async pruneRuns(kind: RunKind): Promise<void> {
    const old = await this.redis.zrevrange(this.keys.runsOfKind(kind), KEEP_RUNS, -1);
    if (old.length === 0) return;
    const tx = this.redis.multi();
    for (const id of old) {
      tx.del(this.keys.run(id), ...RUN_PARTS.map((p) => this.keys.runPart(id, p)));
      tx.zrem(this.keys.runs(), id);
      tx.zrem(this.keys.runsOfKind(kind), id);
    }
    await tx.exec();
  }

  // ---- flags ----

  async upsertFlag(input: Omit<Flag, 'firstSeen' | 'state' | 'resolution'> & { state?: FlagState }): Promise<Flag> {
    const existing = await this.getFlag(input.id);
    let flag: Flag;
    if (!existing) {
      flag = { ...input, firstSeen: input.lastSeen, state: input.state ?? 'open' };
    } else {
      // A resolved flag stays resolved (the admin dealt with it); an auto-closed one reopens
      // when its cause comes back.
      const state: FlagState = existing.state === 'resolved' ? 'resolved' : (input.state ?? 'open');
      flag = {
        ...existing,
        ...input,
        firstSeen: existing.firstSeen,
        state,
        ...(existing.resolution && state === 'resolved' ? { resolution: existing.resolution } : {}),
      };
    }
    await this.redis.hset(this.keys.flags(), flag.id, JSON.stringify(flag));
    return flag;
  }

  async getFlag(id: string): Promise<Flag | undefined> {
    return parse<Flag>(await this.redis.hget(this.keys.flags(), id));
  }

  async listFlags(query: FlagQuery = {}): Promise<readonly Flag[]> {
    const flags: Flag[] = [];
    for await (const batch of this.scanHash<Flag>(this.keys.flags())) {
      for (const f of batch) {
        if (query.kind && f.kind !== query.kind) continue;
        if (query.state && f.state !== query.state) continue;
        flags.push(f);
      }
    }
    const seen = new Set<string>();
    return flags
      .filter((f) => (seen.has(f.id) ? false : (seen.add(f.id), true)))
      .sort((a, b) => a.firstSeen.localeCompare(b.firstSeen) || a.id.localeCompare(b.id));
  }

  async resolveFlag(id: string, by: string, note: string): Promise<Flag | undefined> {
    const f = await this.getFlag(id);
    if (!f) return undefined;
    const resolved: Flag = { ...f, state: 'resolved', resolution: { by, note, at: new Date().toISOString() } };
    await this.redis.hset(this.keys.flags(), id, JSON.stringify(resolved));
    return resolved;
  }

  async autoCloseFlag(id: string, reason: string): Promise<Flag | undefined> {
    const f = await this.getFlag(id);
    if (!f || f.state !== 'open') return f;
    const closed: Flag = { ...f, state: 'auto-closed', resolution: { by: 'oisync', note: reason, at: new Date().toISOString() } };
    await this.redis.hset(this.keys.flags(), id, JSON.stringify(closed));
    return closed;
  }

  // ---- cursors and locks ----

  async getCursor(name: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.cursor(name))) ?? undefined;
  }
  async setCursor(name: string, value: string): Promise<void> {
    await this.redis.set(this.keys.cursor(name), value);
  }
  async acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.oisyncAcquireLock(this.keys.lock(name), owner, ttlMs)) === 1;
  }
  async renewLock(name: string, owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.oisyncRenewLock(this.keys.lock(name), owner, ttlMs)) === 1;
  }
  async releaseLock(name: string, owner: string): Promise<void> {
    await this.redis.oisyncReleaseLock(this.keys.lock(name), owner);
  }
  async lockHolder(name: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.lock(name))) ?? undefined;
  }

  // ---- helpers ----

  private async getMany<T>(key: string, ids: readonly string[]): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    if (ids.length === 0) return out;
    const values = await this.redis.hmget(key, ...ids);
    ids.forEach((id, i) => {
      const v = parse<T>(values[i] ?? null);
      if (v !== undefined) out.set(id, v);
    });
    return out;
  }

  private async *scanHash<T>(key: string): AsyncIterable<readonly T[]> {
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(key, cursor, 'COUNT', SCAN_COUNT);
      cursor = next;
      const batch: T[] = [];
      for (let i = 1; i < flat.length; i += 2) {
        const v = parse<T>(flat[i] ?? null);
        if (v !== undefined) batch.push(v);
      }
      if (batch.length) yield batch;
    } while (cursor !== '0');
  }
}

function parse<T>(raw: string | null | undefined): T | undefined {
  if (raw === null || raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

function toRun(h: Record<string, string>, notes: string[]): RunRecord | undefined {
  if (!h['id']) return undefined;
  const counts: Record<string, number> = {};
  for (const [k, v] of Object.entries(h)) if (k.startsWith('c:')) counts[k.slice(2)] = Number(v);
  return {
    id: h['id'],
    kind: h['kind'] as RunRecord['kind'],
    status: h['status'] as RunRecord['status'],
    phase: h['phase'] as RunRecord['phase'],
    dryRun: h['dryRun'] === '1',
    trigger: h['trigger'] ?? '',
    startedAt: h['startedAt'] ?? '',
    ...(h['finishedAt'] ? { finishedAt: h['finishedAt'] } : {}),
    planned: Number(h['planned'] ?? 0),
    done: Number(h['done'] ?? 0),
    counts,
    ...(h['sourceComplete'] !== undefined ? { sourceComplete: h['sourceComplete'] === '1' } : {}),
    notes,
    ...(h['mappingHash'] ? { mappingHash: h['mappingHash'] } : {}),
    ...(h['error'] ? { error: h['error'] } : {}),
  };
}
