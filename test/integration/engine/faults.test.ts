import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import { Stack } from '../../helpers/stack.js';

const RATE = 40;

describe('faults: 20% 5xx and periodic 429s', () => {
  let stack: Stack;
  let rt: Runtime;
  afterAll(async () => {
    await rt?.close(500);
    await stack?.close();
  });

  it('every record still lands, and the configured request rate is never exceeded', async () => {
    stack = await Stack.start({
      okta: { users: 120, groups: 6, seed: 3 },
      groups: '[{ pattern: "." }]',
      idaas: { faults: { errorRate: 0.2, errorStatus: 500, throttleEvery: 30, retryAfterSeconds: 1, seed: 11 } },
      requestsPerSecond: RATE,
      queueYaml: '  attempts: 20',
    });
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
    const run = await stack.sync(rt, { timeoutMs: 120_000 });

    expect(await rt.state.getFailures(run.id)).toEqual([]);
    expect(run.status).toBe('succeeded');
    const inScope = stack.okta.org.assignedUserIds().length;
    expect(run.counts['user.created']).toBe(inScope);
    const st = stack.idaas.state();
    expect(st.users).toHaveLength(inScope);
    expect(new Set(st.users.map((u) => u.userName)).size).toBe(inScope);

    const c = stack.idaas.counters.snapshot();
    expect(c.byStatus['500'] ?? 0).toBeGreaterThan(10); // the faults really happened
    expect(c.byStatus['429'] ?? 0).toBeGreaterThan(2);
    // measured at the server, per clock second, over the whole run
    expect(c.maxPerSecond.received).toBeLessThanOrEqual(RATE);
    console.log(`faults run: ${c.total} requests, max ${c.maxPerSecond.received}/s (limit ${RATE}), statuses ${JSON.stringify(c.byStatus)}`);
  });
});
