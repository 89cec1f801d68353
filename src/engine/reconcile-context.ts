import type { DriftAction, DriftClass, DriftEntry } from '../domain/drift.js';
import type { FlagKind } from '../domain/flags.js';
import { flagId } from '../domain/flags.js';
import type { ReconcilePolicy } from '../domain/reconcile.js';
import type { AttributeChange, RecordKind } from '../domain/runs.js';
import type { ScimGroupBody, ScimUserBody } from '../domain/scim.js';
import { jobId, type JobSpec, type UserAction } from '../queue/catalogue.js';
import type { PageBatch, RunContext } from './run-context.js';
import type { TargetSnapshot } from './target-snapshot.js';

/** What a reconcile carries between its phases, on top of what a full sync does. */
export interface ReconcileContext extends RunContext {
  readonly policy: ReconcilePolicy;
  readonly snapshot: TargetSnapshot;
  /** SCIM id → Okta id of every user link at the start (and links re-derived since). */
  readonly userLinkOf: Map<string, string>;
  readonly groupLinkOf: Map<string, string>;
  /** IDaaS resources some in-scope Okta object accounts for (linked, matched or disputed). */
  readonly matchedUsers: Set<string>;
  readonly matchedGroups: Set<string>;
  /**
   * When this run started. Every flag whose cause persists is raised again (lastSeen moves on),
   * by this run's planner, its jobs, or a pass that read Okta later; an open flag last seen
   * before this is one whose cause went away.
   */
  readonly startedAt: string;
}

/** A report entry plus its counter (`drift.<kind>.<class>`). */
export function report(
  batch: PageBatch,
  entry: { class: DriftClass; kind: RecordKind; label: string; action: DriftAction; reason: string } & Omit<DriftEntry, 'class' | 'kind' | 'label' | 'action' | 'reason'>,
  dryRun: boolean,
): void {
  batch.count(`drift.${entry.kind}.${entry.class}`);
  // A dry run did nothing: say what it would have done.
  const action: DriftAction = dryRun && entry.action !== 'none' ? 'planned' : entry.action;
  const reason = dryRun && entry.action !== 'none' && entry.action !== 'planned' ? `${entry.reason} (would ${entry.action})` : entry.reason;
  batch.report.push({ ...entry, action, reason });
}

/** Raise (or refresh) a flag from the reconcile planner. */
export function raise(
  rc: ReconcileContext,
  batch: PageBatch,
  f: { kind: FlagKind; subject: string; oktaId?: string; login?: string; scimId?: string; groups?: readonly string[]; reason: string },
): void {
  batch.flags.push({
    id: flagId(f.kind, f.subject),
    kind: f.kind,
    ...(f.oktaId ? { oktaId: f.oktaId } : {}),
    ...(f.login ? { login: f.login } : {}),
    ...(f.scimId ? { scimId: f.scimId } : {}),
    groups: [...(f.groups ?? [])],
    reason: f.reason,
    lastSeen: rc.ctx.clock.now().toISOString(),
    runId: rc.runId,
  });
}

/** `displayName: "a" → "b"; emails[…].value: …` for flag reasons. */
export function changeText(changes: readonly { path: string; old: unknown; new: unknown }[]): string {
  const show = (v: unknown): string => (v === null || v === undefined ? '(none)' : JSON.stringify(v));
  return changes.map((c) => `${c.path}: ${show(c.old)} → ${show(c.new)}`).join('; ');
}

/** The record a repair writes: a user or a group, with the mapped body Okta says it should have. */
export type RepairTarget = { readonly oktaId: string; readonly label: string; readonly hash: string; readonly changes?: readonly AttributeChange[] } & (
  | { readonly kind: 'user'; readonly body: ScimUserBody }
  | { readonly kind: 'group'; readonly body: ScimGroupBody }
);

/**
 * Plan a repair as the ordinary push job of its record, under the reconcile's run id, with its
 * plan step; a destructive one (a deactivation) waits for the brake.
 */
export function planRepair(
  rc: ReconcileContext,
  batch: PageBatch,
  t: RepairTarget,
  action: UserAction,
  opts: { readonly scimId?: string; readonly repair?: boolean; readonly destructive?: boolean; readonly reason: string },
): void {
  const key = `${t.kind === 'user' ? 'u' : 'g'}:${t.oktaId}`;
  const common = {
    runId: rc.runId,
    oktaId: t.oktaId,
    label: t.label,
    action,
    ...(opts.scimId ? { scimId: opts.scimId } : {}),
    hash: t.hash,
    mappingHash: rc.mapper.hash,
    ...(opts.repair ? { repair: true } : {}),
  };
  const destructive = t.kind === 'user' && opts.destructive === true;
  const spec: JobSpec =
    t.kind === 'user'
      ? { name: 'push-user', jobId: jobId('user', rc.runId, t.oktaId), data: { ...common, body: t.body, destructive, plannedAt: rc.ctx.clock.now().toISOString() } }
      : { name: 'push-group', jobId: jobId('group', rc.runId, t.oktaId), data: { ...common, body: t.body } };
  batch.steps.push({ key, kind: t.kind, oktaId: t.oktaId, label: t.label, action, destructive, reason: opts.reason, ...(opts.scimId ? { scimId: opts.scimId } : {}), ...(t.changes ? { changes: t.changes } : {}) });
  batch.count(`plan.${t.kind}.${action}`);
  if (destructive) rc.destructive.push(spec);
  else {
    batch.jobs.push(spec);
    batch.jobKeys.push(key);
  }
}
