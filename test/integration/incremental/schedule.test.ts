import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import { INCREMENTAL_LOCK, pollSystemLog } from '../../../src/engine/system-log-poll.js';
import { upsertSchedules } from '../../../src/queue/schedules.js';
import { Stack } from '../../helpers/stack.js';

const ZOE = 'zoe.muller@acme.example';

describe('scheduled System Log polling (the daemon path)', () => {
  let stack: Stack;
  let rt: Runtime;
  beforeAll(async () => {
    stack = await Stack.start({ configYaml: 'schedule:\n  fullSync: "off"\n  reconcile: "off"\n  incrementalSeconds: 1' });
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    expect((await stack.sync(rt)).status).toBe('succeeded');
    await upsertSchedules(rt.queues, rt.config.schedule, stack.logger);
  });
  afterAll(async () => {
    await rt?.queues.byName.control.removeJobScheduler('incremental');
    await rt?.close(1000);
    await stack?.close();
  });

  it('schedules the poll as a cron pattern with seconds, and only that', async () => {
    const schedulers = await rt.queues.byName.control.getJobSchedulers();
    expect(schedulers.map((s) => [s.key, s.pattern])).toEqual([['incremental', '*/1 * * * * *']]);
  });

  it('brings an Okta change to IDaaS with no one asking', async () => {
    stack.okta.org.updateUserProfile({ user: ZOE, profile: { lastName: 'Müller-Lüdenscheidt' } });
    for (let i = 0; i < 400 && stack.idaasUser(ZOE)?.name?.familyName !== 'Müller-Lüdenscheidt'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(stack.idaasUser(ZOE)?.name?.familyName).toBe('Müller-Lüdenscheidt');
    const runs = await rt.state.listRuns(10, 'incremental');
    expect(runs.some((r) => r.trigger === 'schedule')).toBe(true);
  });

  it('a poll that finds the previous one still running skips its turn', async () => {
    for (let i = 0; i < 100 && !(await rt.state.acquireLock(INCREMENTAL_LOCK, 'a-long-poll', 10_000)); i++) await new Promise((r) => setTimeout(r, 20));
    try {
      const r = await pollSystemLog(rt.ctx, { id: 'skipper', attemptsMade: 0, attemptsStarted: 1, updateProgress: () => Promise.resolve() }, 'test');
      expect(r).toEqual({ ran: false, events: 0 });
    } finally {
      await rt.state.releaseLock(INCREMENTAL_LOCK, 'a-long-poll');
    }
  });
});
