import { bodyHash } from '../domain/canonical-json.js';
import { decideUser, type TargetRef } from '../domain/decide.js';
import { flagId } from '../domain/flags.js';
import { attributeChanges } from '../domain/patch-diff.js';
import { userLabel, userMappingInput, type SourceUser } from '../domain/records.js';
import type { ScimUserBody } from '../domain/scim.js';
import { jobId } from '../queue/catalogue.js';
import type { UserLink } from '../domain/links.js';
import { recordMappingFailure } from './mapping-failure.js';
import { PageBatch, type PlanContext, type RunContext } from './run-context.js';
import { guarded } from './guarded-read.js';
import { TargetUserIndex } from './target-index.js';

/**
 * Plan every in-scope user: map, hash, compare with the link, match unlinked users against an
 * index of IDaaS read once, then enqueue creates/updates (destructive ones are held for the
 * brake). Unchanged users cost no job and no request.
 */
export async function planUsers(rc: RunContext): Promise<void> {
  let index: TargetUserIndex | undefined;
  const { ctx } = rc;
  for await (const page of guarded(rc, 'users', rc.read.users())) {
    const batch = new PageBatch();
    const links = await ctx.state.getUserLinks(page.map((u) => u.id));
    const unlinked = page.some((u) => !links.has(u.id));
    if (unlinked && !index) {
      index = await TargetUserIndex.load(rc.target);
      ctx.logger.info({ runId: rc.runId, idaasUsers: index.size, pages: index.pages }, 'read IDaaS users once for matching');
    }
    for (const user of page) {
      rc.scope.add(user.id);
      const idx = index;
      planUser(rc, batch, user, links.get(user.id), (userName) => idx?.candidates(user.id, userName) ?? []);
    }
    await batch.flush(rc);
  }
}

/**
 * Plan one in-scope user: map, hash, decide against the link (or, unlinked, against the IDaaS
 * accounts `candidates` finds for its userName), and add the outcome, plan step, flag or job to
 * `batch`. Shared by the full sync and incremental passes.
 */
export function planUser(
  rc: PlanContext,
  batch: PageBatch,
  user: SourceUser,
  link: UserLink | undefined,
  candidatesFor: (userName: string) => readonly TargetRef[],
): void {
  const switches = rc.ctx.config.provisioning;
  const key = `u:${user.id}`;
  const label = userLabel(user);
  const mapped = rc.mapper.mapUser(userMappingInput(user));
  if (!mapped.ok) {
    recordMappingFailure(rc, batch, { kind: 'user', key, oktaId: user.id, label }, mapped.problems);
    return;
  }
  let body: ScimUserBody = mapped.body;
  if (link && !switches.updateUserAttributes && body.active === false && link.body) {
    // Updates are off but deactivation is on: change `active` only.
    body = { ...(link.body as ScimUserBody), active: false };
  }
  const hash = bodyHash(body);
  const candidates = link ? [] : candidatesFor(body.userName);
  const decision = decideUser({ hash, mappingHash: rc.mapper.hash, active: body.active, link, candidates, switches });
  if (link?.outOfScopeSince) {
    // Back in scope: close the flag and clear the mark. If leaving scope changed the account
    // (deactivated), the stored hash says so and the decision above is an update.
    batch.closeFlags.push({ id: flagId('unassigned', user.id), reason: 're-assigned to the app in Okta' });
    const { outOfScopeSince: _cleared, ...rest } = link;
    batch.stateWrites.push(() => rc.ctx.state.putUserLink(rest));
  }
  const base = { key, kind: 'user' as const, oktaId: user.id, label };
  switch (decision.action) {
    case 'unchanged':
      batch.outcomes.push({ key, kind: 'user', outcome: 'unchanged' });
      batch.count('plan.user.unchanged');
      return;
    case 'skip':
      batch.outcomes.push({ key, kind: 'user', outcome: 'skipped' });
      batch.steps.push({ ...base, action: 'skip', destructive: false, reason: decision.reason });
      batch.count('plan.user.skip');
      return;
    case 'disputed': {
      const ids = decision.candidates.map((c) => `${c.id} (${c.userName})`).join(', ');
      batch.outcomes.push({ key, kind: 'user', outcome: 'flagged' });
      batch.steps.push({ ...base, action: 'flag', destructive: false, reason: `disputed: ${ids}` });
      batch.count('plan.user.disputed');
      batch.flags.push({
        id: flagId('disputed', user.id),
        kind: 'disputed',
        oktaId: user.id,
        login: label,
        groups: [],
        reason: `${decision.candidates.length} IDaaS accounts match this user (${ids}); nothing was written`,
        lastSeen: rc.ctx.clock.now().toISOString(),
        runId: rc.runId,
      });
      return;
    }
    case 'create':
    case 'adopt':
    case 'update': {
      const destructive = decision.action === 'update' && decision.destructive;
      const scimId = decision.action === 'adopt' ? decision.scimId : link?.scimId;
      batch.steps.push({
        ...base,
        action: decision.action,
        destructive,
        ...(scimId ? { scimId } : {}),
        ...(decision.action === 'update' ? { reason: decision.reason, changes: attributeChanges(link?.body, body) } : {}),
      });
      batch.count(`plan.user.${decision.action}`);
      const spec = {
        name: 'push-user' as const,
        jobId: jobId('user', rc.runId, user.id),
        data: {
          runId: rc.runId,
          oktaId: user.id,
          label,
          action: decision.action,
          ...(scimId ? { scimId } : {}),
          body,
          hash,
          mappingHash: rc.mapper.hash,
          destructive,
          plannedAt: rc.ctx.clock.now().toISOString(),
        },
      };
      if (destructive) rc.destructive.push(spec);
      else {
        batch.jobs.push(spec);
        batch.jobKeys.push(key);
      }
      return;
    }
  }
}
