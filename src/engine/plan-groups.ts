import { bodyHash } from '../domain/canonical-json.js';
import { flagId } from '../domain/flags.js';
import type { GroupLink } from '../domain/links.js';
import { attributeChanges } from '../domain/patch-diff.js';
import { groupMappingInput, type SourceGroup } from '../domain/records.js';
import { jobId } from '../queue/catalogue.js';
import { recordMappingFailure } from './mapping-failure.js';
import { PageBatch, type PlanContext, type RunContext } from './run-context.js';
import { guarded } from './guarded-read.js';
import { TargetGroupIndex, type GroupRef } from './target-index.js';

/**
 * Plan the groups selected for push: create (with no members), rename, adopt an existing
 * IDaaS group of the same name or externalId, or flag a name shared by several groups.
 */
export async function planGroups(rc: RunContext): Promise<void> {
  const { ctx } = rc;
  let index: TargetGroupIndex | undefined;
  for await (const page of guarded(rc, 'groups', rc.read.groups())) {
    const batch = new PageBatch();
    const links = await ctx.state.getGroupLinks(page.map((g) => g.id));
    if (!index && page.some((g) => !links.has(g.id))) index = await TargetGroupIndex.load(rc.target);
    const idx = index;
    for (const group of page) {
      const label = groupLabel(group);
      rc.groups.set(group.id, label);
      planGroup(rc, batch, group, links.get(group.id), (displayName) => idx?.candidates(group.id, displayName) ?? []);
    }
    await batch.flush(rc);
  }
}

export function groupLabel(group: SourceGroup): string {
  const nameValue = group.profile['name'];
  return typeof nameValue === 'string' ? nameValue : group.id;
}

/**
 * Plan one selected group against its link, or (unlinked) against the IDaaS groups
 * `candidatesFor` finds for its display name. Shared by the full sync and incremental passes.
 */
export function planGroup(
  pc: PlanContext,
  batch: PageBatch,
  group: SourceGroup,
  link: GroupLink | undefined,
  candidatesFor: (displayName: string) => readonly GroupRef[],
): void {
  const key = `g:${group.id}`;
  const label = groupLabel(group);
  const mapped = pc.mapper.mapGroup(groupMappingInput(group));
  if (!mapped.ok) {
    recordMappingFailure(pc, batch, { kind: 'group', key, oktaId: group.id, label }, mapped.problems);
    return;
  }
  const body = mapped.body;
  const hash = bodyHash(body);
  const base = { key, kind: 'group' as const, oktaId: group.id, label };
  let action: 'create' | 'update' | 'adopt';
  let scimId: string | undefined;
  if (link) {
    if (link.hash === hash) {
      batch.outcomes.push({ key, kind: 'group', outcome: 'unchanged' });
      batch.count('plan.group.unchanged');
      return;
    }
    action = 'update';
    scimId = link.scimId;
  } else {
    const candidates = candidatesFor(body.displayName);
    if (candidates.length > 1) {
      const ids = candidates.map((c) => c.id).join(', ');
      batch.outcomes.push({ key, kind: 'group', outcome: 'flagged' });
      batch.steps.push({ ...base, action: 'flag', destructive: false, reason: `disputed: ${ids}` });
      batch.count('plan.group.disputed');
      batch.flags.push({
        id: flagId('disputed', group.id),
        kind: 'disputed',
        oktaId: group.id,
        login: label,
        groups: [],
        reason: `${candidates.length} IDaaS groups match "${body.displayName}" (${ids}); nothing was written`,
        lastSeen: pc.ctx.clock.now().toISOString(),
        runId: pc.runId,
      });
      return;
    }
    scimId = candidates[0]?.id;
    action = scimId ? 'adopt' : 'create';
  }
  batch.steps.push({
    ...base,
    action,
    destructive: false,
    ...(scimId ? { scimId } : {}),
    ...(action === 'update' ? { reason: link?.mappingHash !== pc.mapper.hash ? 'mapping changed' : 'Okta changed', changes: attributeChanges(link?.body, body) } : {}),
  });
  batch.count(`plan.group.${action}`);
  batch.jobKeys.push(key);
  batch.jobs.push({
    name: 'push-group',
    jobId: jobId('group', pc.runId, group.id),
    data: { runId: pc.runId, oktaId: group.id, label, action, ...(scimId ? { scimId } : {}), body, hash, mappingHash: pc.mapper.hash },
  });
}
