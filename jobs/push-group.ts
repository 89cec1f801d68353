import { ConflictError, NotFoundError, RejectedError } from '../src/domain/errors.js';
import { flagId } from '../src/domain/flags.js';
import type { GroupLink, Origin } from '../src/domain/links.js';
import type { PatchOperation, ScimGroupBody } from '../src/domain/scim.js';
import type { PushGroupJob } from '../src/queue/catalogue.js';
import type { JobContext, Processor, RecordResult } from '../src/queue/job-context.js';

/**
 * Create, rename or adopt one group. Groups are created with `members: []`; membership is
 * pushed later as PATCH deltas. A rename is a pathless `replace` of `displayName` (Okta's
 * form), never a PUT — a PUT without members would empty the group.
 */
export const pushGroup: Processor<'push-group'> = async (d, ctx) => {
  const key = `g:${d.oktaId}`;
  const done = (outcome: RecordResult['outcome']): RecordResult => ({ key, kind: 'group', outcome });
  const link = await ctx.state.getGroupLink(d.oktaId);
  if (link) {
    if (link.hash === d.hash && !d.repair) return done(d.action === 'create' ? 'created' : d.action === 'adopt' ? 'adopted' : 'updated');
    try {
      await rename(ctx, link.scimId, d.body);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      await ctx.state.deleteGroupLink(d.oktaId);
      ctx.logger.warn({ group: d.label, scimId: link.scimId }, 'linked IDaaS group was deleted outside oisync; creating it again');
      return createGroup(ctx, d);
    }
    await saveLink(ctx, d, link.scimId, link.origin, link);
    return done('updated');
  }
  if (d.scimId && (d.action === 'adopt' || d.action === 'update')) return adoptGroup(ctx, d, d.scimId);
  return createGroup(ctx, d);
};

async function createGroup(ctx: JobContext, d: PushGroupJob): Promise<RecordResult> {
  const key = `g:${d.oktaId}`;
  try {
    const created = await ctx.target.createGroup({ ...d.body, members: [] });
    await saveLink(ctx, d, created.id, 'created');
    await ctx.state.replaceGroupMembers(d.oktaId, []);
    return { key, kind: 'group', outcome: 'created' };
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    const found = await ctx.target.findGroups('displayName', d.body.displayName);
    if (found.length === 1 && found[0]) return adoptGroup(ctx, d, found[0].id);
    if (found.length > 1) {
      await ctx.state.upsertFlag({
        id: flagId('disputed', d.oktaId),
        kind: 'disputed',
        oktaId: d.oktaId,
        login: d.label,
        groups: [],
        reason: `${found.length} IDaaS groups are named "${d.body.displayName}"; nothing was written`,
        lastSeen: ctx.clock.now().toISOString(),
        runId: d.runId,
      });
      return { key, kind: 'group', outcome: 'flagged' };
    }
    throw new RejectedError(
      'SCIM_REJECTED',
      `IDaaS reports a conflict creating group ${d.label} but none is named "${d.body.displayName}"`,
      { request: 'POST /Groups', status: 409, ...(err.detail ? { detail: err.detail } : {}) },
      err,
    );
  }
}

/** Link an existing IDaaS group: bring its name in line and learn its current members. */
async function adoptGroup(ctx: JobContext, d: PushGroupJob, scimId: string): Promise<RecordResult> {
  const current = await ctx.target.getGroup(scimId);
  if (current.displayName !== d.body.displayName || current.externalId !== d.body.externalId) await rename(ctx, scimId, d.body);
  await saveLink(ctx, d, scimId, 'adopted');
  await ctx.state.replaceGroupMembers(
    d.oktaId,
    (current.members ?? []).map((m) => m.value),
  );
  return { key: `g:${d.oktaId}`, kind: 'group', outcome: 'adopted' };
}

async function rename(ctx: JobContext, scimId: string, body: ScimGroupBody): Promise<void> {
  const caps = await ctx.target.capabilities();
  const value: Record<string, string> = { displayName: body.displayName };
  if (body.externalId !== undefined) value['externalId'] = body.externalId;
  if (caps.patch) {
    const ops: PatchOperation[] = [{ op: 'replace', value }];
    await ctx.target.patchGroup(scimId, ops);
    return;
  }
  // No PATCH: PUT must carry the members we'd otherwise wipe.
  const current = await ctx.target.getGroup(scimId);
  await ctx.target.replaceGroup(scimId, { ...body, members: current.members ?? [] });
}

async function saveLink(ctx: JobContext, d: PushGroupJob, scimId: string, origin: Origin, previous?: GroupLink): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.state.putGroupLink({
    oktaId: d.oktaId,
    scimId,
    hash: d.hash,
    mappingHash: d.mappingHash,
    origin,
    displayName: d.body.displayName,
    body: { ...d.body },
    linkedAt: previous?.linkedAt ?? now,
    writtenAt: now,
  });
}
