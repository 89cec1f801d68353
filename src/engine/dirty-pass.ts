import pLimit from 'p-limit';
import { NotFoundError } from '../domain/errors.js';
import { flagId } from '../domain/flags.js';
import type { GroupLink, UserLink } from '../domain/links.js';
import type { GroupLookup, UserLookup } from '../domain/ports.js';
import { userMappingInput, type SourceUser } from '../domain/records.js';
import { failedRecords, startingRun, type RunRecord } from '../domain/runs.js';
import type { JobContext } from '../queue/job-context.js';
import { groupLabel, planGroup } from './plan-groups.js';
import { groupNamesOf, planLeaver } from './plan-leavers.js';
import { addMembershipJobs } from './plan-memberships.js';
import { planUser } from './plan-users.js';
import { PageBatch, type PlanContext } from './run-context.js';
import { TargetGroupIndex, TargetUserIndex } from './target-index.js';
import { applyBrake } from './writer-run.js';

/** Okta ids that changed, from System Log events or an Event Hook delivery. */
export interface DirtyIds {
  readonly userIds: readonly string[];
  readonly groupIds: readonly string[];
  /** Groups whose app assignment changed: their members may have entered or left scope. */
  readonly assignedGroupIds?: readonly string[];
}

export interface DirtyPassRequest {
  readonly runId: string;
  readonly trigger: string;
  readonly ids: DirtyIds;
}

/** Okta reads in flight at once for one pass (the reader paces itself under its budget). */
const READ_CONCURRENCY = 4;

/**
 * One incremental pass: re-read each dirty Okta id (events carry ids, not state), plan it like a
 * full sync would plan that record, and enqueue only what changed — at the head of the push
 * queue, so a change overtakes a long full sync's backlog. It does not take the writer lock and
 * does not wait for its jobs: per-record jobs re-read their link, are safe next to a full sync,
 * and a write planned from an older Okta read than the link's last write is dropped as stale.
 * Destructive steps go through the safety brake per pass. Deterministic run and job ids make a
 * re-run of the same batch (crash before the cursor was stored) add nothing twice.
 */
export async function runDirtyPass(ctx: JobContext, req: DirtyPassRequest): Promise<RunRecord> {
  const { state, source } = ctx;
  const mapper = ctx.mapping.current();
  await state.createRun(startingRun({ id: req.runId, kind: 'incremental', dryRun: false, trigger: req.trigger, startedAt: ctx.clock.now().toISOString(), mappingHash: mapper.hash }));
  const pc: PlanContext = { ctx, runId: req.runId, dryRun: false, target: ctx.target, mapper, destructive: [], keepMembers: new Set() };
  const limit = pLimit(READ_CONCURRENCY);
  const batch = new PageBatch();

  // Members of groups assigned to or removed from the app are dirty users too.
  const userIds = new Set(req.ids.userIds);
  for (const g of req.ids.assignedGroupIds ?? []) {
    const members = await source.listGroupMemberIds(g).catch((err: unknown) => {
      if (err instanceof NotFoundError) return [] as readonly string[]; // deleted since: nothing to expand
      throw err;
    });
    for (const id of members) userIds.add(id);
  }

  const users = await Promise.all([...userIds].map((id) => limit(() => source.getUser(id))));
  const links = await state.getUserLinks([...userIds]);
  const enteredScope = new Set<string>();
  const inScope = new Set<string>();
  for (const lookup of users) await planDirtyUser(pc, batch, lookup, links, { enteredScope, inScope });

  const groupIds = new Set(req.ids.groupIds);
  if (ctx.config.provisioning.pushGroups) {
    const lookups = await Promise.all([...groupIds].map((id) => limit(() => source.getGroup(id))));
    const planned = new Map<string, string>();
    for (const lookup of lookups) await planDirtyGroup(pc, batch, lookup, planned);
    // A user who entered scope joins every pushed group Okta has them in; membership events of
    // those groups may not be in this batch, so every linked group is looked at.
    if (enteredScope.size > 0) for await (const gl of state.scanGroupLinks()) for (const g of gl) if (!planned.has(g.oktaId)) planned.set(g.oktaId, g.displayName);
    await planDirtyMemberships(pc, batch, planned, inScope);
  }

  for (const j of batch.jobs) j.lifo = true;
  await batch.flush(pc);
  if (pc.destructive.length > 0) {
    for (const j of pc.destructive) j.lifo = true;
    const held = await applyBrake(pc);
    if (held) await state.updateRun(req.runId, { status: 'held', phase: 'done' });
  }
  await state.addCount(req.runId, 'incremental.users', userIds.size);
  await state.addCount(req.runId, 'incremental.groups', groupIds.size);
  await settleIfDone(ctx, req.runId);
  return (await state.getRun(req.runId)) as RunRecord;
}

async function planDirtyUser(
  pc: PlanContext,
  batch: PageBatch,
  lookup: UserLookup,
  links: Map<string, UserLink>,
  seen: { enteredScope: Set<string>; inScope: Set<string> },
): Promise<void> {
  const { ctx } = pc;
  if (lookup.kind === 'in-scope') {
    const user = lookup.user;
    const link = links.get(user.id);
    seen.inScope.add(user.id);
    if (!link || link.outOfScopeSince) seen.enteredScope.add(user.id);
    const index = link ? undefined : await lookupCandidates(pc, user);
    planUser(pc, batch, user, link, (userName) => index?.candidates(user.id, userName) ?? []);
    return;
  }
  const link = links.get(lookup.id);
  if (!link || link.outOfScopeSince) return; // never synced, or its leaving was handled already
  const groups = (await groupNamesOf(ctx.state, new Set([link.scimId]))).get(link.scimId) ?? [];
  const cause = lookup.kind === 'not-found' ? 'deleted' : 'unassigned';
  await planLeaver(pc, batch, { link, groups, cause }, cause === 'deleted' ? ctx.config.reconcile.orphans : ctx.config.provisioning.unassigned);
}

/** IDaaS accounts an unlinked user could be: two filtered GETs instead of reading every account. */
async function lookupCandidates(pc: PlanContext, user: SourceUser): Promise<TargetUserIndex> {
  const index = new TargetUserIndex();
  const mapped = pc.mapper.mapUser(userMappingInput(user));
  const found = [...(await pc.target.findUsers('externalId', user.id)), ...(mapped.ok ? await pc.target.findUsers('userName', mapped.body.userName) : [])];
  for (const u of found) {
    index.add({ id: u.id, userName: u.userName, ...(u.externalId !== undefined ? { externalId: u.externalId } : {}), ...(u.active !== undefined ? { active: u.active } : {}) });
  }
  return index;
}

async function planDirtyGroup(pc: PlanContext, batch: PageBatch, lookup: GroupLookup, planned: Map<string, string>): Promise<void> {
  const { ctx } = pc;
  if (lookup.kind === 'selected') {
    const group = lookup.group;
    const link = await ctx.state.getGroupLink(group.id);
    let index: TargetGroupIndex | undefined;
    if (!link) {
      index = new TargetGroupIndex();
      const name = group.profile['name'];
      const found = [...(await pc.target.findGroups('externalId', group.id)), ...(typeof name === 'string' ? await pc.target.findGroups('displayName', name) : [])];
      for (const g of found) index.add(g);
    }
    planGroup(pc, batch, group, link, (displayName) => index?.candidates(group.id, displayName) ?? []);
    planned.set(group.id, groupLabel(group));
    return;
  }
  const id = lookup.kind === 'not-found' ? lookup.id : lookup.group.id;
  const link: GroupLink | undefined = await ctx.state.getGroupLink(id);
  if (!link) return;
  // A pushed group deleted in Okta or no longer selected: groups are never deleted by oisync.
  const why = lookup.kind === 'not-found' ? `Okta has no group ${id} any more` : `Okta group ${id} is no longer selected by okta.groups`;
  batch.flags.push({
    id: flagId('orphan', id),
    kind: 'orphan',
    oktaId: id,
    login: link.displayName,
    scimId: link.scimId,
    groups: [],
    reason: `${why}; the IDaaS group is left as it is — delete it by hand if it is no longer needed`,
    lastSeen: ctx.clock.now().toISOString(),
    runId: pc.runId,
  });
}

/**
 * Membership deltas of the given pushed groups from Okta's member lists. Desired members are
 * users in scope: re-read in this pass, or linked and not out of scope. Adds wait for users
 * created in the same burst (the job retries until they are linked); removals are destructive.
 */
async function planDirtyMemberships(pc: PlanContext, batch: PageBatch, groups: Map<string, string>, inScope: ReadonlySet<string>): Promise<void> {
  const { ctx } = pc;
  if (groups.size === 0) return;
  let owned: Map<string, UserLink> | undefined;
  for (const [groupId, label] of groups) {
    const groupLink = await ctx.state.getGroupLink(groupId);
    const creating = batch.jobs.some((j) => j.name === 'push-group' && j.data.oktaId === groupId);
    if (!groupLink && !creating) continue;
    const members = await ctx.source.listGroupMemberIds(groupId);
    const links = await ctx.state.getUserLinks(members);
    const desired = members.filter((id) => inScope.has(id) || (links.has(id) && !links.get(id)?.outOfScopeSince));
    const known = groupLink ? await ctx.state.getGroupMembers(groupId) : new Set<string>();
    const add = desired.filter((id) => {
      const l = links.get(id);
      return !l || !known.has(l.scimId);
    });
    const desiredScim = new Set(desired.flatMap((id) => links.get(id)?.scimId ?? []));
    if (!owned && known.size > 0) {
      owned = new Map();
      for await (const all of ctx.state.scanUserLinks()) for (const l of all) owned.set(l.scimId, l);
    }
    const remove = [...known].filter((s) => {
      const l = owned?.get(s);
      return l !== undefined && !l.outOfScopeSince && !desiredScim.has(s);
    });
    if (add.length === 0 && remove.length === 0) continue;
    batch.count('plan.membership.add', add.length);
    batch.count('plan.membership.remove', remove.length);
    batch.steps.push({ key: `m:${groupId}`, kind: 'membership', action: 'members', oktaId: groupId, label, destructive: remove.length > 0, reason: `add ${add.length}, remove ${remove.length}` });
    addMembershipJobs(pc, batch, { groupId, label, add, remove, waitForMembers: true });
  }
}

/** Finish an incremental run whose records all have outcomes (runs are settled lazily: passes never wait). */
export async function settleIfDone(ctx: JobContext, runId: string): Promise<void> {
  const run = await ctx.state.getRun(runId);
  if (!run || run.status !== 'running' || run.done < run.planned) return;
  await ctx.state.updateRun(runId, { status: failedRecords(run) > 0 ? 'failed' : 'succeeded', phase: 'done', finishedAt: ctx.clock.now().toISOString() });
}
