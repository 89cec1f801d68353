import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JsonValue } from '../../domain/scim.js';
import type { Secret } from '../../domain/secret.js';
import type { CounterSnapshot } from './counters.js';
import type { EmulatorEdits, EmulatorState } from './edits.js';
import type { FaultSettings } from './faults.js';
import { bearerToken, parseJsonBody, readBody, send, sendError } from './http-io.js';
import { badRequest, notFound, ScimHttpError } from './scim-error.js';
import { isPlainObject } from './validate-resource.js';

/** What `/__admin/*` exposes; the same object backs the in-process API. */
export interface AdminApi {
  readonly adminToken: Secret;
  state(): EmulatorState;
  reset(): void;
  faults: { get(): FaultSettings; set(f: FaultSettings): void; replace(f: FaultSettings): void; clear(): void };
  counters: { snapshot(): CounterSnapshot; reset(): void };
  edit: EmulatorEdits;
}

/**
 * The admin endpoint, outside the SCIM base path and guarded by its own token:
 *
 *   GET    /__admin/state                          users, groups with members
 *   POST   /__admin/reset                          data, counters and faults back to empty
 *   GET|PUT|PATCH|DELETE /__admin/faults          read, replace, merge, clear fault settings
 *   GET|DELETE /__admin/counters                  read, reset request counters
 *   POST   /__admin/users | /__admin/groups        create by hand (source "manual")
 *   PATCH  /__admin/users/{id} | /groups/{id}      {"<scim path>": value | null, ...}
 *   DELETE /__admin/users/{id} | /groups/{id}
 *   PUT|DELETE /__admin/groups/{id}/members/{userId}
 */
export async function handleAdmin(api: AdminApi, req: IncomingMessage, res: ServerResponse, path: string, maxBody: number): Promise<void> {
  try {
    const presented = bearerToken(req);
    if (presented === undefined || !api.adminToken.equals(presented)) {
      throw new ScimHttpError(401, 'the admin endpoint needs "Authorization: Bearer <admin token>"', undefined, { 'www-authenticate': 'Bearer realm="idaas-emulator-admin"' });
    }
    const method = req.method ?? 'GET';
    const parts = path.split('/').filter((p) => p !== '').slice(1).map(decodeURIComponent);
    const body = async (): Promise<Record<string, unknown>> => {
      const parsed = parseJsonBody(await readBody(req, maxBody), req.headers['content-type']);
      if (!isPlainObject(parsed)) throw badRequest('invalidSyntax', 'the body must be a JSON object');
      return parsed;
    };
    const [what, id, sub, memberId] = parts;
    const key = `${method} ${what ?? ''}${id !== undefined ? '/:id' : ''}${sub !== undefined ? `/${sub}` : ''}${memberId !== undefined ? '/:id' : ''}`;
    switch (key) {
      case 'GET state':
        return send(res, 200, api.state() as unknown as Record<string, unknown>);
      case 'POST reset':
        api.reset();
        return send(res, 204);
      case 'GET faults':
        return send(res, 200, { ...api.faults.get() });
      case 'PUT faults':
        api.faults.replace((await body()));
        return send(res, 200, { ...api.faults.get() });
      case 'PATCH faults':
        api.faults.set((await body()));
        return send(res, 200, { ...api.faults.get() });
      case 'DELETE faults':
        api.faults.clear();
        return send(res, 204);
      case 'GET counters':
        return send(res, 200, api.counters.snapshot() as unknown as Record<string, unknown>);
      case 'DELETE counters':
        api.counters.reset();
        return send(res, 204);
      case 'POST users':
        return send(res, 201, api.edit.createUser(await body()));
      case 'PATCH users/:id':
        return send(res, 200, api.edit.updateUser(id ?? '', (await body()) as Record<string, JsonValue | null>));
      case 'DELETE users/:id':
        api.edit.deleteUser(id ?? '');
        return send(res, 204);
      case 'POST groups':
        return send(res, 201, api.edit.createGroup(await body()));
      case 'PATCH groups/:id':
        return send(res, 200, api.edit.updateGroup(id ?? '', (await body()) as Record<string, JsonValue | null>));
      case 'DELETE groups/:id':
        api.edit.deleteGroup(id ?? '');
        return send(res, 204);
      case 'PUT groups/:id/members/:id':
        api.edit.addMember(id ?? '', memberId ?? '');
        return send(res, 204);
      case 'DELETE groups/:id/members/:id':
        api.edit.removeMember(id ?? '', memberId ?? '');
        return send(res, 204);
      default:
        throw notFound(`no admin route ${method} ${path}`);
    }
  } catch (err) {
    if (err instanceof ScimHttpError) return sendError(res, err);
    // Fault-setting validation and other plain errors are the caller's mistake.
    return sendError(res, badRequest('invalidValue', (err as Error).message));
  }
}
