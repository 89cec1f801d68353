/**
 * Every Redis key oisync's state uses, in one place. All keys share the hash tag `{prefix}`
 * so they live in one Redis Cluster slot (BullMQ's queues use the same tag).
 *
 * Cache (rebuildable from Okta + IDaaS by a reconcile): links, group member sets, run records
 * (with their plans and drift reports).
 * Only copy (lost state loses decisions): flags with their resolutions, held plans awaiting
 * approval, the System Log cursor (losing it costs a full sync, not data).
 */
export const RUN_PARTS = ['notes', 'planned', 'outcomes', 'failures', 'plan', 'held', 'report'] as const;
export type RunPart = (typeof RUN_PARTS)[number];

export class StateKeys {
  readonly base: string;

  constructor(prefix: string) {
    this.base = `{${prefix}}:state`;
  }

  userLinks(): string {
    return `${this.base}:links:users`;
  }
  groupLinks(): string {
    return `${this.base}:links:groups`;
  }
  creating(): string {
    return `${this.base}:creating`;
  }
  groupMembers(oktaGroupId: string): string {
    return `${this.base}:members:${oktaGroupId}`;
  }
  runs(): string {
    return `${this.base}:runs`;
  }
  /** Runs of one kind, so frequent incremental passes never push full-sync history out. */
  runsOfKind(kind: string): string {
    return `${this.base}:runs:${kind}`;
  }
  run(runId: string): string {
    return `${this.base}:run:${runId}`;
  }
  runPart(runId: string, part: RunPart): string {
    return `${this.base}:run:${runId}:${part}`;
  }
  flags(): string {
    return `${this.base}:flags`;
  }
  cursor(name: string): string {
    return `${this.base}:cursor:${name}`;
  }
  lock(name: string): string {
    return `${this.base}:lock:${name}`;
  }
}
