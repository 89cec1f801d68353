import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/cli/runtime.js';
import { Stack } from '../../helpers/stack.js';

describe('full sync of the demo org', () => {
  let stack: Stack;
  let rt: Runtime;
  beforeAll(async () => {
    stack = await Stack.start();
    rt = await stack.runtime();
    rt.startWorkers(['control', 'push']);
  });
  afterAll(async () => {
    await rt?.close(1000);
    await stack?.close();
  });

  it('creates the in-scope users, groups and memberships', async () => {
    const run = await stack.sync(rt);
    expect(await rt.state.getFailures(run.id)).toEqual([]);
    expect(run.status).toBe('succeeded');
    const st = stack.idaas.state();
    expect(st.users).toHaveLength(stack.okta.org.assignedUserIds().length);
    expect(st.groups.map((g) => g.displayName).sort()).toEqual(['Engineering', 'Sales', 'idaas-Finance', 'idaas-Support']);
  });
});
