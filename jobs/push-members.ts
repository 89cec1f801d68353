import { OisyncError, TransientError } from '../src/domain/errors.js';
import type { ScimMember } from '../src/domain/scim.js';
import type { Processor } from '../src/queue/job-context.js';

/**
 * Apply one batch of membership changes to an IDaaS group as a PATCH delta (add with path
 * `members`, remove with `members[value eq "id"]`). Members are SCIM ids, so Okta ids are
 * resolved through the user links here; one not provisioned yet is retried later (incremental)
 * or reported as pending (full sync) — never dropped.
 */
export const pushMembers: Processor<'push-members'> = async (d, ctx) => {
  const key = `m:${d.oktaGroupId}:${d.batch}`;
  const group = await ctx.state.getGroupLink(d.oktaGroupId);
  if (!group && d.waitForMembers) {
    // Incremental: the group may be created by a job of the same burst; try again later.
    throw new TransientError('SCIM_TRANSIENT', `group ${d.label} is not provisioned yet; will retry`, { request: 'PATCH /Groups/{id}' });
  }
  if (!group) {
    throw new OisyncError('SCIM_NOT_FOUND', `group ${d.label} is not provisioned in IDaaS (its push failed), so its members cannot be set`, {
      details: { oktaGroupId: d.oktaGroupId },
    });
  }
  const known = await ctx.state.getGroupMembers(d.oktaGroupId);
  const links = await ctx.state.getUserLinks(d.addOktaIds);
  const add: ScimMember[] = [];
  const pending: string[] = [];
  for (const id of d.addOktaIds) {
    const link = links.get(id);
    if (!link) pending.push(id);
    else if (!known.has(link.scimId)) add.push({ value: link.scimId, display: link.userName });
  }
  const remove = d.remove.filter((id) => known.has(id));
  if (add.length || remove.length) {
    await ctx.target.updateGroupMembers(group.scimId, { add, remove });
    await ctx.state.updateGroupMembers(
      d.oktaGroupId,
      add.map((m) => m.value),
      remove,
    );
  }
  if (pending.length > 0 && d.waitForMembers) {
    throw new TransientError('SCIM_TRANSIENT', `${pending.length} member(s) of ${d.label} are not provisioned yet; will retry`, {
      request: `PATCH /Groups/${group.scimId}`,
    });
  }
  if (pending.length > 0) await ctx.state.addCount(d.runId, 'membership.pending', pending.length);
  return { key, kind: 'membership', outcome: add.length || remove.length ? 'updated' : 'unchanged' };
};
