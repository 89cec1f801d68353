import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/cli/runtime.js';
import { randomBytes } from 'node:crypto';
import { newRunId } from '../../src/domain/runs.js';
import { jobId } from '../../src/queue/catalogue.js';
import { until } from '../helpers/child-cli.js';
import { PrivateRedis } from '../helpers/private-redis.js';
import { Stack } from '../helpers/stack.js';

describe('Redis restarted mid-run', () => {
  let redis: PrivateRedis;
  let stack: Stack;
  let rt: Runtime;
  afterAll(async () => {
    await rt?.close(500);
    await stack?.close();
    await redis?.stop();
  });

  it('the daemon reconnects and the run completes', async () => {
    redis = await PrivateRedis.start();
    stack = await Stack.start({
      okta: { users: 200, groups: 5, seed: 5 },
      groups: '[{ pattern: "." }]',
      idaas: { faults: { latencyMs: 20 } },
      concurrency: 4,
      redisUrl: redis.url,
    });
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    const runId = newRunId(new Date(), randomBytes(3).toString('hex'));
    await rt.queues.add({ name: 'full-sync', jobId: jobId('full-sync', runId), data: { runId, dryRun: false, trigger: 'test' } });
    const inScope = stack.okta.org.assignedUserIds().length;
    await until('progress', async () => {
      const run = await rt.state.getRun(runId);
      return run && run.done > inScope / 4 ? run : undefined;
    });

    await redis.kill();
    await new Promise((r) => setTimeout(r, 1500));
    await redis.startProcess();

    const run = await stack.waitForRun(rt, runId, 120_000);
    expect(await rt.state.getFailures(runId)).toEqual([]);
    expect(run.status).toBe('succeeded');
    const users = stack.idaas.state().users;
    expect(users).toHaveLength(inScope);
    expect(new Set(users.map((u) => u.userName)).size).toBe(inScope);
    expect(run.counts['user.created']).toBe(inScope);
  });
});
