import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCREMENTAL_LOCK, pollSystemLog } from '../../../src/engine/system-log-poll.js';
import { upsertSchedules } from '../../../src/queue/schedules.js';
import { useStack } from '../../helpers/stack.js';

const ZOE = 'zoe.muller@acme.example';

describe('scheduled System Log polling (the daemon path)', () => {
  const f = useStack({ configYaml: 'schedule:\n  fullSync: "off"\n  reconcile: "off"\n  incrementalSeconds: 1' });
  beforeAll(async () => {
    await upsertSchedules(f.rt.queues, f.rt.config.schedule, f.stack.logger);
  });
  afterAll(async () => {
    await f.rt.queues.byName.control.removeJobScheduler('incremental'); // runs before the stack closes
  });

  it('schedules the poll as a cron pattern with seconds, and only that', async () => {
    const schedulers = await f.rt.queues.byName.control.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern])).toEqual([['incremental', '*/1 * * * * *']]);
  });

  it('brings an Okta change to IDaaS with no one asking', async () => {
    f.stack.okta.org.updateUserProfile({ user: ZOE, profile: { lastName: 'Müller-Lüdenscheidt' } });
    for (let i = 0; i < 400 && f.stack.idaasUser(ZOE)?.name?.familyName !== 'Müller-Lüdenscheidt'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(f.stack.idaasUser(ZOE)?.name?.familyName).toBe('Müller-Lüdenscheidt');
    const runs = await f.rt.state.listRuns(10, 'incremental');
    expect(runs.some((r) => r.trigger === 'schedule')).toBe(true);
  });

  it('a poll that finds the previous one still running skips its turn', async () => {
    for (let i = 0; i < 100 && !(await f.rt.state.acquireLock(INCREMENTAL_LOCK, 'a-long-poll', 10_000)); i++) await new Promise((r) => setTimeout(r, 20));
    try {
      const r = await pollSystemLog(f.rt.ctx, { id: 'skipper', attemptsMade: 0, attemptsStarted: 1, updateProgress: () => Promise.resolve() }, 'test');
      expect(r).toEqual({ ran: false, events: 0 });
    } finally {
      await f.rt.state.releaseLock(INCREMENTAL_LOCK, 'a-long-poll');
    }
  });
});
