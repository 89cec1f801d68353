import { bodyHash } from '../domain/canonical-json.js';
import { flagId } from '../domain/flags.js';
import { attributeChanges } from '../domain/patch-diff.js';
import { groupMappingInput } from '../domain/records.js';
import { jobId } from '../queue/catalogue.js';
import { PageBatch, type RunContext } from './run-context.js';
import { guarded } from './guarded-read.js';
import { TargetGroupIndex } from './target-index.js';

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
    for (const group of page) {
      const key = `g:${group.id}`;
      const nameValue = group.profile['name'];
      const label = typeof nameValue === 'string' ? nameValue : group.id;
      rc.groups.set(group.id, label);
      const mapped = rc.mapper.mapGroup(groupMappingInput(group));
      if (!mapped.ok) {
        const message = mapped.problems.map((p) => `${p.attribute}: ${p.message}${p.rule ? ` (${p.rule})` : ''}`).join('; ');
        batch.outcomes.push({
          key,
          kind: 'group',
          outcome: 'failed',
          failure: { key, kind: 'group', oktaId: group.id, label, code: 'MAPPING_RECORD', message: `${label}: ${message}`, at: ctx.clock.now().toISOString() },
        });
        batch.count('plan.group.fail');
        continue;
      }
      const body = mapped.body;
      const hash = bodyHash(body);
      const link = links.get(group.id);
      const base = { key, kind: 'group' as const, oktaId: group.id, label };
      let action: 'create' | 'update' | 'adopt';
      let scimId: string | undefined;
      if (link) {
        if (link.hash === hash) {
          batch.outcomes.push({ key, kind: 'group', outcome: 'unchanged' });
          batch.count('plan.group.unchanged');
          continue;
        }
        action = 'update';
        scimId = link.scimId;
      } else {
        index ??= await TargetGroupIndex.load(rc.target);
        const candidates = index.candidates(group.id, body.displayName);
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
            lastSeen: ctx.clock.now().toISOString(),
            runId: rc.runId,
          });
          continue;
        }
        scimId = candidates[0]?.id;
        action = scimId ? 'adopt' : 'create';
      }
      batch.steps.push({
        ...base,
        action,
        destructive: false,
        ...(scimId ? { scimId } : {}),
        ...(action === 'update' ? { reason: link?.mappingHash !== rc.mapper.hash ? 'mapping changed' : 'Okta changed', changes: attributeChanges(link?.body, body) } : {}),
      });
      batch.count(`plan.group.${action}`);
      batch.jobKeys.push(key);
      batch.jobs.push({
        name: 'push-group',
        jobId: jobId('group', rc.runId, group.id),
        data: { runId: rc.runId, oktaId: group.id, label, action, ...(scimId ? { scimId } : {}), body, hash, mappingHash: rc.mapper.hash },
      });
    }
    await batch.flush(rc);
  }
}
