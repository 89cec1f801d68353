import type { JsonObject } from '../../domain/scim.js';
import { checkIfMatch, resourceReply, type HandlerContext, type ScimReply, type ScimRequest } from './context.js';
import { compileFilter } from './filter.js';
import { checkUserRules } from './idaas-rules.js';
import { patchUser, readPatchRequest } from './patch.js';
import { listResponse, readPaging, renderUser } from './render.js';
import { badRequest } from './scim-error.js';
import { text, type Source, type UserRecord } from './store.js';
import { isPlainObject, normalizeResource } from './validate-resource.js';

/**
 * Validates a user body in full (schema, IDaaS rules, password policy) and returns the
 * attributes to store, with the write-only password split off.
 */
export function prepareUser(ctx: HandlerContext, body: unknown): { attrs: JsonObject; password: string | undefined } {
  const attrs = normalizeResource(body, ctx.schemas.user);
  checkUserRules(attrs, ctx.opts.passwordPolicy);
  const password = typeof attrs['password'] === 'string' ? attrs['password'] : undefined;
  delete attrs['password'];
  // Accounts are enabled unless told otherwise, so a PUT that leaves `active` out re-enables the
  // user (as some servers do); with `ignoreActive` the inactive status is not synced at all (seed FAQ).
  if (attrs['active'] === undefined || ctx.opts.ignoreActive) attrs['active'] = true;
  return { attrs, password };
}

export function createUserRecord(ctx: HandlerContext, body: unknown, source: Source): UserRecord {
  const { attrs, password } = prepareUser(ctx, body);
  return ctx.store.createUser(attrs, source, password !== undefined);
}

function storedAttrs(u: UserRecord): JsonObject {
  const { id: _id, meta: _meta, ...attrs } = u.doc;
  return attrs;
}

export async function handleUsers(ctx: HandlerContext, req: ScimRequest): Promise<ScimReply> {
  const base = ctx.baseUrl();
  const { store } = ctx;
  if (req.id === undefined) {
    if (req.method === 'POST') {
      const rec = createUserRecord(ctx, await req.body(), 'SCIM Import');
      const out = renderUser(rec, base);
      return resourceReply(201, out, { location: `${base}/Users/${rec.id}` });
    }
    return listUsers(ctx, req);
  }

  const rec = store.getUser(req.id);
  switch (req.method) {
    case 'GET':
      return resourceReply(200, renderUser(rec, base));
    case 'PUT': {
      const body = await req.body();
      if (isPlainObject(body) && body['id'] !== undefined && body['id'] !== rec.id) {
        throw badRequest('mutability', `"id" in the body (${JSON.stringify(body['id'])}) does not match the URL (${rec.id})`);
      }
      checkIfMatch(req, rec.doc);
      const { attrs, password } = prepareUser(ctx, body);
      store.replaceUser(rec.id, attrs, password !== undefined);
      return resourceReply(200, renderUser(rec, base));
    }
    case 'PATCH': {
      const ops = readPatchRequest(await req.body());
      checkIfMatch(req, rec.doc);
      const patched = patchUser(storedAttrs(rec), ops, { schema: ctx.schemas.user, id: rec.id, replaceMissingAsAdd: ctx.opts.replaceMissingAsAdd });
      const { attrs } = prepareUser(ctx, { ...patched.attrs, ...(patched.password !== undefined ? { password: patched.password } : {}) });
      store.replaceUser(rec.id, attrs, patched.password !== undefined);
      if (ctx.opts.patchReturns === 'no-content') return { status: 204, headers: { etag: text((rec.doc['meta'] as JsonObject)['version']) } };
      return resourceReply(200, renderUser(rec, base));
    }
    case 'DELETE':
      checkIfMatch(req, rec.doc);
      store.deleteUser(rec.id);
      return { status: 204 };
    default:
      throw new Error(`unrouted method ${req.method}`);
  }
}

function listUsers(ctx: HandlerContext, req: ScimRequest): ScimReply {
  const { store } = ctx;
  const paging = readPaging(req.query, ctx.opts.maxPageSize, (d) => badRequest('invalidValue', d));
  const filterText = req.query.get('filter');
  let ids: readonly string[];
  if (filterText === null) {
    ids = store.userIds();
  } else {
    const filter = compileFilter(filterText, ctx.schemas.user);
    const eq = filter.simpleEq;
    if (eq?.attr === 'userName') ids = [store.userIdByName(eq.value)].filter((x): x is string => x !== undefined);
    else if (eq?.attr === 'externalId') ids = store.userIdsByExternalId(eq.value);
    else if (eq?.attr === 'id') ids = store.users.has(eq.value) ? [eq.value] : [];
    else ids = store.userIds().filter((id) => filter.test(store.users.get(id)?.doc));
  }
  const page = ids.slice(paging.startIndex - 1, paging.startIndex - 1 + paging.count);
  const base = ctx.baseUrl();
  return { status: 200, body: listResponse(ids.length, paging, page.map((id) => renderUser(store.getUser(id), base))) };
}
