import type { Route } from '../http-types.js';
import type { OrgState } from '../org-state.js';
import { oktaErrors } from '../okta-errors.js';
import { linkHeader } from '../paging.js';

const POLICY_TYPES = ['OKTA_SIGN_ON', 'PASSWORD', 'MFA_ENROLL', 'IDP_DISCOVERY', 'ACCESS_POLICY', 'PROFILE_ENROLLMENT', 'POST_AUTH_SESSION', 'ENTITY_RISK'];

/** GET /api/v1/policies?type=PASSWORD: the org's password policies by priority, system default last. */
export function policyRoutes(state: OrgState): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/policies',
      handler: (req) => {
        const type = req.query.get('type');
        if (type === null) throw oktaErrors.validation('type', 'type is required');
        if (!POLICY_TYPES.includes(type)) throw oktaErrors.validation('type', `unknown policy type "${type}"`);
        const created = new Date(state.app.created).toISOString();
        const body =
          type !== 'PASSWORD'
            ? []
            : [...state.passwordPolicies]
                .sort((a, b) => a.priority - b.priority)
                .map((p) => ({
                  id: p.id,
                  status: 'ACTIVE',
                  name: p.name,
                  description: p.system ? 'The default policy applies in all situations if no other policy applies.' : `${p.name}`,
                  priority: p.priority,
                  system: p.system,
                  type: 'PASSWORD',
                  created,
                  lastUpdated: created,
                  conditions: { people: { groups: { include: [...p.groupIds] } }, authProvider: { provider: 'OKTA' } },
                  settings: {
                    password: {
                      complexity: {
                        minLength: p.minLength,
                        minLowerCase: p.minLowerCase,
                        minUpperCase: p.minUpperCase,
                        minNumber: p.minNumber,
                        minSymbol: p.minSymbol,
                        excludeUsername: true,
                        excludeAttributes: [],
                        dictionary: { common: { exclude: false } },
                      },
                      age: { maxAgeDays: 0, expireWarnDays: 0, minAgeMinutes: 0, historyCount: 4 },
                      lockout: { maxAttempts: 10, autoUnlockMinutes: 0, showLockoutFailures: false, userLockoutNotificationChannels: [] },
                    },
                    recovery: { factors: { okta_email: { status: 'ACTIVE', properties: { recoveryToken: { tokenLifetimeMinutes: 60 } } } } },
                    delegation: { options: { skipUnlock: false } },
                  },
                  _links: {
                    self: { href: `${req.base}/api/v1/policies/${p.id}` },
                    rules: { href: `${req.base}/api/v1/policies/${p.id}/rules` },
                  },
                }));
        return { body, headers: { link: linkHeader(req.url) } };
      },
    },
  ];
}
