import type { OisyncConfig } from '../config/schema.js';
import { describeError, FileProblemsError, formatProblem } from '../domain/errors.js';
import type { Logger } from '../domain/ports.js';
import { loadMapping, type CompiledMapping } from '../mapping/index.js';
import { pass, skip, warn, fail, type CheckResult } from './check.js';
import { clockCheck, type ServerTime } from './clock-skew.js';
import { idaasChecks } from './idaas-checks.js';
import { oktaChecks } from './okta-checks.js';
import { redisChecks } from './redis-checks.js';

export interface DoctorDeps {
  readonly logger: Logger;
  /** Local clock, epoch ms (tests move it to check the skew verdicts). */
  readonly now: () => number;
  readonly userAgent: string;
}

/** The checks that need a valid config; listed as SKIP when it is not. */
export const DEPENDENT_CHECKS = [
  'okta.token',
  'okta.permissions',
  'okta.app',
  'okta.groups',
  'okta.password-policy',
  'idaas.connector',
  'idaas.discovery',
  'idaas.namespace',
  'redis',
  'redis.persistence',
  'redis.eviction',
  'clock',
] as const;

/** A config that could not be loaded: one FAIL with every problem, the rest skipped. */
export function configFailed(err: unknown): CheckResult[] {
  const detail = err instanceof FileProblemsError ? err.problems.map(formatProblem).join('\n') : describeError(err).message;
  return [
    fail('config', detail, 'Fix the listed keys (`oisync config validate` shows the same); docs/configuration.md describes each.'),
    ...DEPENDENT_CHECKS.map((id) => skip(id, 'needs a valid config')),
  ];
}

function mappingCheck(config: OisyncConfig): { result: CheckResult; mapping?: CompiledMapping } {
  try {
    const mapping = loadMapping(config.mapping, { customFieldNamespace: config.idaas.customFieldNamespace });
    const rules = `${mapping.rules.user.length} user and ${mapping.rules.group.length} group rules`;
    if (mapping.warnings.length) {
      return {
        mapping,
        result: warn('config', `config valid; mapping ${config.mapping} (${rules}) has warnings:\n${mapping.warnings.map(formatProblem).join('\n')}`, 'See docs/mapping.md; `oisync mapping validate` shows the same.'),
      };
    }
    return { mapping, result: pass('config', `config ${config.source} and mapping ${config.mapping} (${rules}) are valid`) };
  } catch (err) {
    const detail = err instanceof FileProblemsError ? err.problems.map(formatProblem).join('\n') : describeError(err).message;
    return { result: fail('config', `the mapping does not load:\n${detail}`, 'Fix the mapping (`oisync mapping validate`); docs/mapping.md describes the language.') };
  }
}

/**
 * `oisync doctor`: every preflight check a migration team runs before the first sync, each
 * PASS / WARN / FAIL with the fix in words. Okta, IDaaS and Redis are checked side by side;
 * nothing is written anywhere.
 */
export async function runDoctor(config: OisyncConfig, deps: DoctorDeps): Promise<CheckResult[]> {
  const { result, mapping } = mappingCheck(config);
  const [okta, idaas, redis] = await Promise.all([oktaChecks(config, deps), idaasChecks(config, mapping, deps), redisChecks(config)]);
  const times = [okta.time, idaas.time].filter((t): t is ServerTime => t !== undefined);
  return [result, ...okta.results, ...idaas.results, ...redis, clockCheck(times)];
}
