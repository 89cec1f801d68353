import type { DriftAction, DriftClass, DriftEntry } from '../domain/drift.js';
import type { FlagKind } from '../domain/flags.js';
import { flagId } from '../domain/flags.js';
import type { ReconcilePolicy } from '../domain/reconcile.js';
import type { RecordKind } from '../domain/runs.js';
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
