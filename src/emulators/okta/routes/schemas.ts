import type { Route } from '../http-types.js';
import type { AppAttributeDef } from '../org-model.js';
import type { OrgState } from '../org-state.js';
import { oktaErrors } from '../okta-errors.js';

function property(a: AppAttributeDef): Record<string, unknown> {
  return {
    title: a.title,
    description: a.title,
    type: a.type,
    ...(a.required ? { required: true } : {}),
    scope: 'NONE',
    ...(a.externalName ? { externalName: a.externalName } : {}),
    ...(a.externalNamespace ? { externalNamespace: a.externalNamespace } : {}),
    mutability: 'READ_WRITE',
    master: { type: 'PROFILE_MASTER' },
    permissions: [{ principal: 'SELF', action: 'READ_ONLY' }],
  };
}

/**
 * GET /api/v1/meta/schemas/apps/{appId}/default: the app user schema. Custom attributes (like
 * `user_address`) sit under `definitions.custom.properties` with their external name and
 * namespace; base attributes under `definitions.base.properties`.
 */
export function schemaRoutes(state: OrgState): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/meta/schemas/apps/:appId/default',
      handler: (req) => {
        if (req.params['appId'] !== state.app.id) throw oktaErrors.notFound(req.params['appId'] ?? '', 'AppInstance');
        const props = (base: boolean): Record<string, unknown> =>
          Object.fromEntries(state.appAttributes.filter((a) => a.base === base).map((a) => [a.name, property(a)]));
        const updated = new Date(state.schemaUpdated).toISOString();
        return {
          body: {
            id: `${req.base}/api/v1/meta/schemas/apps/${state.app.id}/default`,
            $schema: 'http://json-schema.org/draft-04/schema#',
            name: state.app.name,
            title: `${state.app.label} User`,
            created: updated,
            lastUpdated: updated,
            definitions: {
              base: { id: '#base', type: 'object', properties: props(true), required: ['userName'] },
              custom: { id: '#custom', type: 'object', properties: props(false), required: [] },
            },
            type: 'object',
            properties: { profile: { allOf: [{ $ref: '#/definitions/base' }, { $ref: '#/definitions/custom' }] } },
          },
        };
      },
    },
  ];
}
