import type { RecordProblem } from '../domain/ports.js';
import type { RecordKind } from '../domain/runs.js';
import type { PageBatch, PlanContext } from './run-context.js';

/** One line per problem: attribute, message, rule (`mapping.yaml:12`) and offending value. */
export function describeProblems(problems: readonly RecordProblem[]): string {
  return problems.map((p) => `${p.attribute}: ${p.message}${p.rule ? ` (${p.rule})` : ''}${p.value !== undefined ? ` [value: ${p.value}]` : ''}`).join('; ');
}

/** A record the mapping could not map fails alone, with its reason kept for `runs show`; the run goes on. */
export function recordMappingFailure(
  pc: PlanContext,
  batch: PageBatch,
  record: { readonly kind: RecordKind; readonly key: string; readonly oktaId: string; readonly label: string },
  problems: readonly RecordProblem[],
): void {
  const { kind, key, oktaId, label } = record;
  const message = describeProblems(problems);
  batch.outcomes.push({
    key,
    kind,
    outcome: 'failed',
    failure: { key, kind, oktaId, label, code: 'MAPPING_RECORD', message: `${label}: ${message}`, at: pc.ctx.clock.now().toISOString() },
  });
  batch.steps.push({ key, kind, action: 'fail', oktaId, label, destructive: false, reason: message });
  batch.count(`plan.${kind}.fail`);
}
