import type { JsonObject } from '../../domain/scim.js';
import { checkIfMatch, resourceReply, type HandlerContext, type ScimReply, type ScimRequest } from './context.js';
import { compileFilter } from './filter.js';
import { checkGroupRules } from './idaas-rules.js';
import { patchGroup, readPatchRequest } from './patch.js';
import { listResponse, readPaging, renderGroup } from './render.js';
import { badRequest } from './scim-error.js';
import { text, type GroupRecord, type Source } from './store.js';
import { isPlainObject, normalizeResource } from './validate-resource.js';

/** Validates a group body and splits off its member ids, which must all be existing users. */
export function prepareGroup(ctx: HandlerContext, body: unknown): { attrs: JsonObject; members: string[] } {
  const attrs = normalizeResource(body, ctx.schemas.group);
  checkGroupRules(attrs);
  const raw = (attrs['members'] as JsonObject[] | undefined) ?? [];
  delete attrs['members'];
  const members = raw.map((m) => text(m['value']));
  assertUsersExist(ctx, members);
  return { attrs, members };
}

export function assertUsersExist(ctx: HandlerContext, ids: readonly string[]): void {
  const missing = ids.find((id) => !ctx.store.users.has(id));
  if (missing !== undefined) throw badRequest('invalidValue', `member "${missing}" is not an existing user id`);
}

export function createGroupRecord(ctx: HandlerContext, body: unknown, source: Source): GroupRecord {
  const { attrs, members } = prepareGroup(ctx, body);
  return ctx.store.createGroup(attrs, members, source);
}

function storedAttrs(g: GroupRecord): JsonObject {
  const { id: _id, meta: _meta, ...attrs } = g.doc;
  return attrs;
}

export async function handleGroups(ctx: HandlerContext, req: ScimRequest): Promise<ScimReply> {
  const base = ctx.baseUrl();
  const { store } = ctx;
  if (req.id === undefined) {
    if (req.method === 'POST') {
      const rec = createGroupRecord(ctx, await req.body(), 'SCIM Import');
      return resourceReply(201, renderGroup(rec, base, store, true), { location: `${base}/Groups/${rec.id}` });
    }
    return listGroups(ctx, req);
  }

  const rec = store.getGroup(req.id);
  switch (req.method) {
    case 'GET':
      return resourceReply(200, renderGroup(rec, base, store, true));
    case 'PUT': {
      const body = await req.body();
      if (isPlainObject(body) && body['id'] !== undefined && body['id'] !== rec.id) {
        throw badRequest('mutability', `"id" in the body (${JSON.stringify(body['id'])}) does not match the URL (${rec.id})`);
      }
      checkIfMatch(req, rec.doc);
      const { attrs, members } = prepareGroup(ctx, body);
      store.replaceGroup(rec.id, attrs, members);
      return resourceReply(200, renderGroup(rec, base, store, true));
    }
    case 'PATCH': {
      const ops = readPatchRequest(await req.body());
      checkIfMatch(req, rec.doc);
      const patched = patchGroup(storedAttrs(rec), rec.members, ops, { schema: ctx.schemas.group, id: rec.id, replaceMissingAsAdd: ctx.opts.replaceMissingAsAdd });
      assertUsersExist(ctx, patched.added);
      const attrs = normalizeResource(patched.attrs, ctx.schemas.group);
      checkGroupRules(attrs);
      store.replaceGroup(rec.id, attrs, patched.members);
      if (ctx.opts.patchReturns === 'no-content') return { status: 204, headers: { etag: text((rec.doc['meta'] as JsonObject)['version']) } };
      return resourceReply(200, renderGroup(rec, base, store, true));
    }
    case 'DELETE':
      checkIfMatch(req, rec.doc);
      store.deleteGroup(rec.id);
      return { status: 204 };
    default:
      throw new Error(`unrouted method ${req.method}`);
  }
}

function listGroups(ctx: HandlerContext, req: ScimRequest): ScimReply {
  const { store } = ctx;
  const paging = readPaging(req.query, ctx.opts.maxPageSize, (d) => badRequest('invalidValue', d));
  const filterText = req.query.get('filter');
  let ids: readonly string[];
  if (filterText === null) {
    ids = store.groupIds();
  } else {
    const filter = compileFilter(filterText, ctx.schemas.group);
    const eq = filter.simpleEq;
    const base = ctx.baseUrl();
    if (eq?.attr === 'displayName') ids = [store.groupIdByName(eq.value)].filter((x): x is string => x !== undefined);
    else if (eq?.attr === 'externalId') ids = store.groupIdsByExternalId(eq.value);
    else if (eq?.attr === 'id') ids = store.groups.has(eq.value) ? [eq.value] : [];
    else {
      // Only build member lists when the filter reads them (a 1k-member group is costly to render).
      ids = store.groupIds().filter((id) => {
        const g = store.getGroup(id);
        return filter.test(filter.readsMembers ? renderGroup(g, base, store, true) : g.doc);
      });
    }
  }
  const page = ids.slice(paging.startIndex - 1, paging.startIndex - 1 + paging.count);
  const base = ctx.baseUrl();
  // IDaaS lists groups without members; GET /Groups/{id} has them.
  return { status: 200, body: listResponse(ids.length, paging, page.map((id) => renderGroup(store.getGroup(id), base, store, false))) };
}
