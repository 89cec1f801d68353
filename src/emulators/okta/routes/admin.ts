import { z } from 'zod';
import type { FaultInjector, FaultRule } from '../faults.js';
import type { Route, RouteRequest } from '../http-types.js';
import type { OktaOrg } from '../org.js';
import { USER_STATUSES, type UserStatus } from '../org-model.js';
import { OktaHttpError } from '../okta-errors.js';
import type { RequestLog } from '../request-log.js';

/**
 * The admin API over HTTP: `POST /__admin/<action>` with a JSON body runs the OktaOrg method
 * of that name (same arguments), plus fault and request-log control. Guarded by the same SSWS
 * token as the Okta API, and never rate limited or faulted.
 */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const profile = z.record(z.string(), z.union([scalar, z.array(scalar)]));
const user = z.string().min(1);
const group = z.string().min(1);

const ACTIONS = {
  createUser: z.strictObject({
    profile,
    status: z.enum(USER_STATUSES as [UserStatus, ...UserStatus[]]).optional(),
    groups: z.array(group).optional(),
    assign: z.boolean().optional(),
    appProfile: profile.optional(),
  }),
  updateUserProfile: z.strictObject({ user, profile }),
  updateAppProfile: z.strictObject({ user, profile }),
  deactivateUser: z.strictObject({ user }),
  reactivateUser: z.strictObject({ user }),
  activateUser: z.strictObject({ user }),
  suspendUser: z.strictObject({ user }),
  unsuspendUser: z.strictObject({ user }),
  assignUser: z.strictObject({ user, profile: profile.optional() }),
  unassignUser: z.strictObject({ user }),
  assignGroup: z.strictObject({ group, priority: z.number().int().min(0).optional(), profile: profile.optional() }),
  unassignGroup: z.strictObject({ group }),
  createGroup: z.strictObject({ name: z.string().min(1), description: z.string().optional(), profile: profile.optional() }),
  renameGroup: z.strictObject({ group, name: z.string().min(1) }),
  updateGroupProfile: z.strictObject({ group, profile }),
  addGroupMember: z.strictObject({ group, user }),
  removeGroupMember: z.strictObject({ group, user }),
} as const;

export type AdminAction = keyof typeof ACTIONS;
export const ADMIN_ACTIONS = Object.keys(ACTIONS) as AdminAction[];

const faultSchema = z.strictObject({
  method: z.string().optional(),
  path: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
  retryAfterSeconds: z.number().int().min(0).optional(),
  html: z.boolean().optional(),
  delayMs: z.number().int().min(0).optional(),
  drop: z.boolean().optional(),
  skip: z.number().int().min(0).optional(),
  every: z.number().int().min(1).optional(),
  times: z.number().int().min(0).optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    throw new OktaHttpError(
      400,
      'E0000001',
      'Api validation failed: body',
      r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
    );
  }
  return r.data;
}

function runAction(org: OktaOrg, action: AdminAction, body: unknown): unknown {
  // Each schema matches its method's argument, so the call is typed per action.
  switch (action) {
    case 'createUser':
      return org.createUser(parse(ACTIONS.createUser, body));
    case 'updateUserProfile':
      return org.updateUserProfile(parse(ACTIONS.updateUserProfile, body));
    case 'updateAppProfile':
      return org.updateAppProfile(parse(ACTIONS.updateAppProfile, body));
    case 'deactivateUser':
      return org.deactivateUser(parse(ACTIONS.deactivateUser, body));
    case 'reactivateUser':
      return org.reactivateUser(parse(ACTIONS.reactivateUser, body));
    case 'activateUser':
      return org.activateUser(parse(ACTIONS.activateUser, body));
    case 'suspendUser':
      return org.suspendUser(parse(ACTIONS.suspendUser, body));
    case 'unsuspendUser':
      return org.unsuspendUser(parse(ACTIONS.unsuspendUser, body));
    case 'assignUser':
      return org.assignUser(parse(ACTIONS.assignUser, body));
    case 'unassignUser':
      return org.unassignUser(parse(ACTIONS.unassignUser, body));
    case 'assignGroup':
      return org.assignGroup(parse(ACTIONS.assignGroup, body));
    case 'unassignGroup':
      return org.unassignGroup(parse(ACTIONS.unassignGroup, body));
    case 'createGroup':
      return org.createGroup(parse(ACTIONS.createGroup, body));
    case 'renameGroup':
      return org.renameGroup(parse(ACTIONS.renameGroup, body));
    case 'updateGroupProfile':
      return org.updateGroupProfile(parse(ACTIONS.updateGroupProfile, body));
    case 'addGroupMember':
      return org.addGroupMember(parse(ACTIONS.addGroupMember, body));
    case 'removeGroupMember':
      return org.removeGroupMember(parse(ACTIONS.removeGroupMember, body));
  }
}

export function adminRoutes(org: OktaOrg, faults: FaultInjector, requests: RequestLog): Route[] {
  return [
    {
      method: 'GET',
      path: '/__admin/state',
      handler: () => ({
        body: {
          appId: org.appId,
          users: org.state.userCount,
          groups: org.state.groupCount,
          assignedUsers: org.state.appUsers.size,
          assignedGroups: org.state.groupAssignments.size,
          logEvents: org.log.size,
        },
      }),
    },
    { method: 'GET', path: '/__admin/requests', handler: () => ({ body: requests.all() }) },
    {
      method: 'DELETE',
      path: '/__admin/requests',
      handler: () => {
        requests.clear();
        return { body: { ok: true } };
      },
    },
    {
      method: 'POST',
      path: '/__admin/faults',
      handler: (req: RouteRequest) => {
        const rules: FaultRule[] = Array.isArray(req.body) ? req.body.map((b) => parse(faultSchema, b)) : [parse(faultSchema, req.body)];
        faults.add(...rules);
        return { body: { ok: true, added: rules.length } };
      },
    },
    {
      method: 'DELETE',
      path: '/__admin/faults',
      handler: () => {
        faults.clear();
        return { body: { ok: true } };
      },
    },
    {
      method: 'POST',
      path: '/__admin/:action',
      handler: (req: RouteRequest) => {
        const action = req.params['action'] ?? '';
        if (!(ADMIN_ACTIONS as string[]).includes(action)) {
          throw new OktaHttpError(404, 'E0000007', `Not found: Resource not found: ${action} (admin action)`, [`actions: ${ADMIN_ACTIONS.join(', ')}`]);
        }
        return { body: runAction(org, action as AdminAction, req.body) };
      },
    },
  ];
}
