import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/cli/runtime.js';
import { newRunId } from '../../src/domain/runs.js';
import { jobId } from '../../src/queue/catalogue.js';
import { exited, spawnCli, until } from '../helpers/child-cli.js';
import { Stack } from '../helpers/stack.js';

/**
 * Workers in child processes; one is SIGKILLed mid-run (with the control job and a handful of
 * push jobs in flight), another takes over. The run must complete with no duplicate resources,
 * no lost records and a correct summary.
 */
describe('crash safety', () => {
  let stack: Stack;
  let rt: Runtime;
  const children: ReturnType<typeof spawnCli>[] = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await rt?.close(500);
    await stack?.close();
  });

  it('a SIGKILLed worker is replaced and the run completes exactly once', async () => {
    stack = await Stack.start({
      okta: { users: 300, groups: 8, seed: 7 },
      idaas: { faults: { latencyMs: 25 } },
      groups: '[{ pattern: "." }]',
      concurrency: 4,
    });
    rt = await stack.runtime(); // producer only: no workers in this process
    const env = { OKTA_TOKEN: stack.okta.token, IDAAS_TOKEN: stack.idaas.token };
    const config = `${stack.dir}/oisync.yaml`;
    const first = spawnCli(['--config', config, '--log-level', 'warn', 'worker'], env);
    children.push(first);
    await until('the first worker to register', async () => ((await rt.queues.workerCount()).push > 0 ? true : undefined), 30_000);

    const runId = newRunId(new Date(), randomBytes(3).toString('hex'));
    await rt.queues.add({ name: 'full-sync', jobId: jobId('full-sync', runId), data: { runId, dryRun: false, trigger: 'test' } });
    const inScope = stack.okta.org.assignedUserIds().length;
    // kill once the run is well under way
    await until('progress', async () => {
      const run = await rt.state.getRun(runId);
      return run && run.done > inScope / 4 ? run : undefined;
    });
    first.kill('SIGKILL');
    expect((await exited(first)).signal).toBe('SIGKILL');
    const midway = (await rt.state.getRun(runId))?.done ?? 0;
    expect(midway).toBeLessThan(inScope);

    const second = spawnCli(['--config', config, '--log-level', 'warn', 'worker'], env);
    children.push(second);
    const run = await stack.waitForRun(rt, runId, 120_000);
    second.kill('SIGTERM');
    expect((await exited(second)).code).toBe(0);

    expect(await rt.state.getFailures(runId)).toEqual([]);
    expect(run.status).toBe('succeeded');
    const users = stack.idaas.state().users;
    expect(users).toHaveLength(inScope);
    expect(new Set(users.map((u) => u.userName.toLowerCase())).size).toBe(inScope);
    // every record accounted for once: created (or, for a create whose answer died with the
    // worker, recognised as ours through the write-ahead mark) — none adopted, none twice
    expect(run.counts['user.created']).toBe(inScope);
    expect(run.counts['user.adopted'] ?? 0).toBe(0);
    expect(run.done).toBe(run.planned);
    const groups = stack.idaas.state().groups;
    expect(new Set(groups.map((g) => g.displayName)).size).toBe(groups.length);
    // and a follow-up sync finds nothing to do
    const worker = spawnCli(['--config', config, '--log-level', 'warn', 'worker'], env);
    children.push(worker);
    stack.idaas.counters.reset();
    const again = await stack.sync(rt, { timeoutMs: 60_000 });
    worker.kill('SIGTERM');
    await exited(worker);
    expect(again.counts['user.unchanged']).toBe(inScope);
    const writes = Object.entries(stack.idaas.counters.snapshot().byRoute).filter(([r]) => !r.startsWith('GET ')).length;
    expect(writes).toBe(0);
  });
});
