import { ConflictError, NotFoundError, RejectedError } from '../src/domain/errors.js';
import { flagId } from '../src/domain/flags.js';
import type { Origin, UserLink } from '../src/domain/links.js';
import { randomPassword } from '../src/domain/password.js';
import { patchOperations } from '../src/domain/patch-diff.js';
import type { ScimUser, ScimUserBody } from '../src/domain/scim.js';
import type { PushUserJob } from '../src/queue/catalogue.js';
import type { JobContext, Processor, RecordResult } from '../src/queue/job-context.js';

/**
 * Write one user to IDaaS. Safe to run twice: it re-reads the link first, so a job that
 * already succeeded (worker killed before acknowledging) finds its link and does nothing, and
 * a create whose response was lost meets a 409, looks the user up and links it.
 */
export const pushUser: Processor<'push-user'> = async (d, ctx) => {
  const key = `u:${d.oktaId}`;
  const done = (outcome: RecordResult['outcome']): RecordResult => ({ key, kind: 'user', outcome });
  // The create path marks the create in the same round trip that reads the link.
  const link = d.action === 'create' ? await ctx.state.linkOrMarkCreating(d.oktaId, d.runId) : await ctx.state.getUserLink(d.oktaId);

  if (link) {
    // Written already: this is a second run of a job whose first run succeeded. (A user back in
    // scope is written anyway: the account may have been cleaned up while it was flagged, and
    // saving the link clears `outOfScopeSince`.)
    if (link.hash === d.hash && !d.repair && !link.outOfScopeSince) return done(d.action === 'create' ? 'created' : d.action === 'adopt' ? 'adopted' : 'updated');
    if (d.plannedAt && link.writtenAt > d.plannedAt) {
      // Written since this job was planned: by an earlier attempt of this very job (same body),
      // or by a run that read Okta later, which makes this body stale.
      if (link.hash === d.hash) return done('updated');
      ctx.logger.info({ user: d.label, plannedAt: d.plannedAt, writtenAt: link.writtenAt }, 'skipping a stale write: the user was written from a newer Okta read');
      return done('skipped');
    }
    return updateLinked(ctx, d, link);
  }
  if (d.scimId && (d.action === 'adopt' || d.action === 'update')) {
    const written = await writeUser(ctx, d.scimId, null, d.body);
    await saveLink(ctx, d, d.scimId, 'adopted', written);
    return done('adopted');
  }
  return createUser(ctx, d);
};

async function createUser(ctx: JobContext, d: PushUserJob): Promise<RecordResult> {
  const key = `u:${d.oktaId}`;
  const body: ScimUserBody =
    ctx.config.provisioning.password === 'random' ? { ...d.body, password: randomPassword(ctx.config.idaas.passwordPolicy) } : d.body;
  if (d.action !== 'create') await ctx.state.markCreating(d.oktaId, d.runId); // a re-create after a 404
  try {
    const created = await ctx.target.createUser(body);
    await saveLink(ctx, d, created.id, 'created', d.body, undefined, true);
    return { key, kind: 'user', outcome: 'created' };
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    // Already there: our own create whose answer was lost, or a pre-existing account. Look it
    // up and link it; it is ours only if we marked the create and it carries this Okta id.
    const found = await ctx.target.findUsers('userName', d.body.userName);
    if (found.length === 1 && found[0]) {
      const ours = (await ctx.state.creatingBy(d.oktaId)) !== undefined && found[0].externalId === d.oktaId;
      await writeUser(ctx, found[0].id, null, d.body);
      await saveLink(ctx, d, found[0].id, ours ? 'created' : 'adopted', d.body, undefined, true);
      return { key, kind: 'user', outcome: ours ? 'created' : 'adopted' };
    }
    if (found.length > 1) {
      await raiseDisputed(ctx, d, found);
      return { key, kind: 'user', outcome: 'flagged' };
    }
    throw new RejectedError(
      'SCIM_REJECTED',
      `IDaaS reports a conflict creating ${d.label} but no account has userName "${d.body.userName}"`,
      { request: 'POST /Users', status: 409, ...(err.detail ? { detail: err.detail } : {}) },
      err,
    );
  }
}

async function updateLinked(ctx: JobContext, d: PushUserJob, link: UserLink): Promise<RecordResult> {
  const key = `u:${d.oktaId}`;
  let written: ScimUserBody;
  try {
    // A repair diffs against what IDaaS holds now: the stored body is what drifted away.
    written = await writeUser(ctx, link.scimId, d.repair ? null : link.body, d.body);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
    // A 404 on update is confirmed before anything is recreated (a PUT-less server may 404).
    if (await stillExists(ctx, link.scimId)) throw err;
    await ctx.state.deleteUserLink(d.oktaId);
    ctx.logger.warn({ user: d.label, scimId: link.scimId }, 'linked IDaaS user was deleted outside oisync; creating it again');
    if (!ctx.config.provisioning.createUsers) return { key, kind: 'user', outcome: 'skipped' };
    return createUser(ctx, { ...d, action: 'create' });
  }
  await saveLink(ctx, d, link.scimId, link.origin, written, link);
  if (d.destructive && d.body.active === false) return verifyDeactivation(ctx, d, link.scimId);
  return { key, kind: 'user', outcome: 'updated' };
}

async function stillExists(ctx: JobContext, scimId: string): Promise<boolean> {
  try {
    await ctx.target.getUser(scimId);
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}

/** PUT the full managed resource, or PATCH only what changed, per `idaas.updateMethod`. */
async function writeUser(ctx: JobContext, scimId: string, previous: UserLink['body'], body: ScimUserBody): Promise<ScimUserBody> {
  if (ctx.config.idaas.updateMethod === 'put') {
    await ctx.target.replaceUser(scimId, body);
    return body;
  }
  const before: Readonly<Record<string, unknown>> = previous ?? (await ctx.target.getUser(scimId));
  const ops = patchOperations(before, body);
  if (ops.length > 0) await ctx.target.patchUser(scimId, ops);
  return body;
}

/** IDaaS may ignore active:false (seed FAQ): check, and flag instead of looping. */
async function verifyDeactivation(ctx: JobContext, d: PushUserJob, scimId: string): Promise<RecordResult> {
  const key = `u:${d.oktaId}`;
  const now: ScimUser = await ctx.target.getUser(scimId);
  if (now.active === false) return { key, kind: 'user', outcome: 'deactivated' };
  await ctx.state.upsertFlag({
    id: flagId('deactivation-ignored', d.oktaId),
    kind: 'deactivation-ignored',
    oktaId: d.oktaId,
    login: d.label,
    scimId,
    groups: [],
    reason: 'IDaaS accepted active:false but the account is still active; disable it in the IDaaS console',
    lastSeen: ctx.clock.now().toISOString(),
    runId: d.runId,
  });
  return { key, kind: 'user', outcome: 'flagged' };
}

async function raiseDisputed(ctx: JobContext, d: PushUserJob, found: readonly ScimUser[]): Promise<void> {
  await ctx.state.upsertFlag({
    id: flagId('disputed', d.oktaId),
    kind: 'disputed',
    oktaId: d.oktaId,
    login: d.label,
    groups: [],
    reason: `${found.length} IDaaS accounts match userName "${d.body.userName}" (${found.map((u) => u.id).join(', ')}); nothing was written`,
    lastSeen: ctx.clock.now().toISOString(),
    runId: d.runId,
  });
}

async function saveLink(
  ctx: JobContext,
  d: PushUserJob,
  scimId: string,
  origin: Origin,
  body: ScimUserBody,
  previous?: UserLink,
  createdDone = false,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const link: UserLink = {
    oktaId: d.oktaId,
    scimId,
    hash: d.hash,
    mappingHash: d.mappingHash,
    origin,
    userName: d.body.userName,
    body: stripPassword(body),
    linkedAt: previous?.linkedAt ?? now,
    writtenAt: now,
  };
  await ctx.state.putUserLink(link, { createdDone });
}

function stripPassword(body: ScimUserBody): Record<string, unknown> {
  const { password: _password, ...rest } = body;
  return rest;
}
