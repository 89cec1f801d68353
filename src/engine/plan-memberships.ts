import pLimit from 'p-limit';
import { describeError } from '../domain/errors.js';
import type { PushMembersJob } from '../queue/catalogue.js';
import { jobId } from '../queue/catalogue.js';
import { PageBatch, type MemberLists, type PlanContext, type RunContext } from './run-context.js';

/**
 * Membership deltas per pushed group, after the users are written (members are SCIM ids).
 * A user is a pushed member only if in scope and in the Okta group (Okta's rule). Adds go out
 * now in batches of `idaas.membershipBatchSize`; removals are destructive and wait for the
 * brake. Only members we can attribute to a linked Okta user are ever removed: an account
 * someone added in IDaaS by hand is not ours to take out. A group whose member list could not
 * be read completely gets no removals.
 */
export async function planMemberships(rc: RunContext): Promise<void> {
  const { ctx } = rc;
  const lists = await (rc.members ?? prefetchMembers(rc));
  const owned = new Map<string, string>();
  for await (const links of ctx.state.scanUserLinks()) for (const l of links) owned.set(l.scimId, l.userName);

  for (const [groupId, label] of rc.groups) {
    const batch = new PageBatch();
    const group = await ctx.state.getGroupLink(groupId);
    if (!group && !rc.dryRun) continue; // its push failed or was flagged; that record says why
    const read = lists.get(groupId) ?? { error: new Error('member list was not read') };
    const complete = 'ids' in read;
    const desired = new Set(complete ? read.ids : []);
    if (!complete) {
      await ctx.state.addRunNote(rc.runId, `members of group ${label} could not be read completely (${describeError(read.error).message}); no removals planned for it`);
    }
    const links = await ctx.state.getUserLinks([...desired]);
    const known = group ? await ctx.state.getGroupMembers(groupId) : new Set<string>();
    const add: string[] = [];
    const desiredScim = new Set<string>();
    let pending = 0;
    for (const id of desired) {
      const link = links.get(id);
      if (!link) {
        pending++;
        if (rc.dryRun) add.push(id); // would be created earlier in a real run
        continue;
      }
      desiredScim.add(link.scimId);
      if (!known.has(link.scimId)) add.push(id);
    }
    const remove = complete ? [...known].filter((s) => !desiredScim.has(s) && !rc.keepMembers.has(s) && owned.has(s)) : [];
    if (pending && !rc.dryRun) batch.count('membership.pending', pending);
    if (add.length === 0 && remove.length === 0) {
      await batch.flush(rc);
      continue;
    }

    batch.count('plan.membership.add', add.length);
    batch.count('plan.membership.remove', remove.length);
    batch.steps.push({
      key: `m:${groupId}`,
      kind: 'membership',
      action: 'members',
      oktaId: groupId,
      label,
      ...(group ? { scimId: group.scimId } : {}),
      destructive: remove.length > 0,
      reason: `add ${add.length}, remove ${remove.length}`,
      changes: [
        ...add.slice(0, 50).map((id) => ({ path: 'members', old: null, new: links.get(id)?.userName ?? id })),
        ...remove.slice(0, 50).map((s) => ({ path: 'members', old: owned.get(s) ?? s, new: null })),
      ],
    });
    addMembershipJobs(rc, batch, { groupId, label, add, remove, waitForMembers: false });
    await batch.flush(rc);
  }
}

/**
 * Membership changes of one group as push-members jobs of at most `idaas.membershipBatchSize`
 * changes each: adds (Okta ids, resolved to SCIM ids when the job runs) go into `batch`;
 * removals (SCIM ids) are destructive and are held back for the brake.
 */
export function addMembershipJobs(
  pc: PlanContext,
  batch: PageBatch,
  g: { groupId: string; label: string; add: readonly string[]; remove: readonly string[]; waitForMembers: boolean },
): void {
  const size = pc.ctx.config.idaas.membershipBatchSize;
  let n = 0;
  const spec = (addOktaIds: string[], removeIds: string[]): { name: 'push-members'; jobId: string; data: PushMembersJob } => {
    const b = n++;
    return {
      name: 'push-members',
      jobId: jobId('members', pc.runId, g.groupId, b),
      data: { runId: pc.runId, oktaGroupId: g.groupId, label: g.label, batch: b, addOktaIds, remove: removeIds, waitForMembers: g.waitForMembers },
    };
  };
  for (let i = 0; i < g.add.length; i += size) {
    const s = spec(g.add.slice(i, i + size), []);
    batch.jobs.push(s);
    batch.jobKeys.push(`m:${g.groupId}:${s.data.batch}`);
  }
  for (let i = 0; i < g.remove.length; i += size) pc.destructive.push(spec([], g.remove.slice(i, i + size)));
}

/**
 * Read every pushed group's Okta members, a few groups at a time, keeping only in-scope users.
 * Started as soon as the groups are planned, so these reads overlap the user writes.
 */
export function prefetchMembers(rc: RunContext, parallel = 4): Promise<MemberLists> {
  const limit = pLimit(parallel);
  const out: MemberLists = new Map();
  const reads = [...rc.groups.keys()].map((groupId) =>
    limit(async () => {
      const ids: string[] = [];
      try {
        for await (const page of rc.read.groupMemberIds(groupId)) for (const id of page) if (rc.scope.has(id)) ids.push(id);
        out.set(groupId, { ids });
      } catch (error) {
        out.set(groupId, { error });
      }
    }),
  );
  return Promise.all(reads).then(() => out);
}
