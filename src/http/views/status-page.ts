import type { Flag } from '../../domain/flags.js';
import { ERROR_CODES, type ErrorCode } from '../../domain/errors.js';
import type { DriftView, FailureView, StatusView } from '../read-model.js';
import type { RunView } from '../view-model.js';
import { html, type SafeHtml } from './html.js';
import { page } from './layout.js';
import { currentPanel } from './panels/current.js';
import { driftPanel } from './panels/drift.js';
import { failuresPanel } from './panels/failures.js';
import { flagsPanel } from './panels/flags.js';
import { heldPanel, type HeldPlan } from './panels/held.js';
import { runsPanel } from './panels/runs.js';
import { healthStrip, mappingPanel, systemPanel } from './panels/system.js';

export interface StatusPageData {
  readonly status: StatusView;
  readonly runs: readonly RunView[];
  readonly failuresRun: RunView | null;
  readonly failures: { readonly total: number; readonly failures: readonly FailureView[] };
  readonly held: readonly HeldPlan[];
  readonly flags: { readonly total: number; readonly flags: readonly Flag[] };
  readonly drift: DriftView;
  readonly csrf: string;
  readonly notice?: string;
  readonly error?: ErrorCode;
}

/** What the page says after an action; only these fixed texts can appear (no reflected input). */
export const NOTICES: Readonly<Record<string, string>> = {
  'sync-started': 'Full sync queued; its progress shows below.',
  'dry-run-started': 'Dry run queued: the plan is computed and stored, nothing is written to IDaaS.',
  retried: 'Retry queued; the record’s new outcome replaces the failure.',
  skipped: 'Record skipped; the decision is noted in the run.',
  approved: 'Held steps approved; they run now under the same run id.',
  resolved: 'Flag resolved.',
};

function banner(data: StatusPageData): SafeHtml {
  const notice = data.notice ? NOTICES[data.notice] : undefined;
  if (data.error && data.error in ERROR_CODES) return html`<p class="notice bad" role="alert"><b>${data.error}</b>: ${ERROR_CODES[data.error]}</p>`;
  return notice ? html`<p class="notice ok" role="status">${notice}</p>` : html``;
}

export function statusPage(data: StatusPageData): string {
  const s = data.status;
  const body = html`${banner(data)}
${healthStrip(s)}
${currentPanel(s.current, s.last, data.csrf)}
${runsPanel(data.runs, data.failuresRun?.id)}
${failuresPanel(data.failuresRun, data.failures, data.csrf)}
${heldPanel(data.held, data.csrf)}
${flagsPanel(data.flags, data.csrf)}
<div class="grid">
${driftPanel(data.drift)}
${mappingPanel(s)}
</div>
${systemPanel(s)}`;
  return page({ title: s.current ? `oisync — ${s.current.phase} ${s.current.done}/${s.current.planned}` : 'oisync — status', body, version: s.version, csrf: data.csrf, script: true });
}
