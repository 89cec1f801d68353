import { describe, expect, it } from 'vitest';
import { useStack } from '../../helpers/stack.js';

describe('full sync of the demo org', () => {
  const f = useStack({}, { sync: false });

  it('creates the in-scope users, groups and memberships', async () => {
    const run = await f.stack.sync(f.rt);
    expect(await f.rt.state.getFailures(run.id)).toEqual([]);
    expect(run.status).toBe('succeeded');
    const st = f.stack.idaas.state();
    expect(st.users).toHaveLength(f.stack.okta.org.assignedUserIds().length);
    expect(st.groups.map((g) => g.displayName).sort()).toEqual(['Engineering', 'Sales', 'idaas-Finance', 'idaas-Support']);
  });
});
