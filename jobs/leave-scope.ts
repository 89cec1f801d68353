import { bodyHash } from '../src/domain/canonical-json.js';
import { NotFoundError } from '../src/domain/errors.js';
import { flagId } from '../src/domain/flags.js';
import type { JobContext, Processor } from '../src/queue/job-context.js';

/**
 * A user who left the app's scope, under `provisioning.unassigned: deactivate | delete`.
 * Deactivation is verified with a GET (IDaaS may ignore active:false); delete is applied only
 * to users oisync created — the planner never sends others here, and this re-checks.
 */
export const leaveScope: Processor<'leave-scope'> = async (d, ctx) => {
  const key = `u:${d.oktaId}`;
  const link = await ctx.state.getUserLink(d.oktaId);
  const now = ctx.clock.now().toISOString();
  if (d.action === 'delete') {
    if (!link || link.origin !== 'created') return { key, kind: 'user', outcome: 'skipped' };
    await ctx.target.deleteUser(d.scimId).catch((err: unknown) => {
      if (!(err instanceof NotFoundError)) throw err;
    });
    await ctx.state.deleteUserLink(d.oktaId);
    await forgetMemberships(ctx, d.scimId);
    await ctx.state.autoCloseFlag(flagId('unassigned', d.oktaId), 'deleted from IDaaS by oisync (provisioning.unassigned: delete)');
    return { key, kind: 'user', outcome: 'deleted' };
  }
  await ctx.target.patchUser(d.scimId, [{ op: 'replace', value: { active: false } }]);
  if (link) {
    // The stored hash must describe what IDaaS now holds, so a later re-assignment is a change.
    const body = { ...(link.body ?? {}), active: false };
    await ctx.state.putUserLink({ ...link, body, hash: bodyHash(body), outOfScopeSince: link.outOfScopeSince ?? now });
  }
  const after = await ctx.target.getUser(d.scimId);
  if (after.active === false) return { key, kind: 'user', outcome: 'deactivated' };
  await ctx.state.upsertFlag({
    id: flagId('deactivation-ignored', d.oktaId),
    kind: 'deactivation-ignored',
    oktaId: d.oktaId,
    login: d.label,
    scimId: d.scimId,
    groups: [],
    reason: 'left the app scope; IDaaS accepted active:false but the account is still active — disable it in the IDaaS console',
    lastSeen: now,
    runId: d.runId,
  });
  return { key, kind: 'user', outcome: 'flagged' };
};

/** The deleted account is gone from every IDaaS group; keep the member caches true. */
async function forgetMemberships(ctx: JobContext, scimId: string): Promise<void> {
  for await (const groups of ctx.state.scanGroupLinks()) {
    for (const g of groups) await ctx.state.updateGroupMembers(g.oktaId, [], [scimId]);
  }
}
