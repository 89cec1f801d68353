import type { HeldStepView, RunView } from '../../view-model.js';
import { html, type SafeHtml } from '../html.js';
import { actionForm, when } from '../layout.js';
import { runLink } from './run-bits.js';

export interface HeldPlan {
  readonly run: RunView;
  readonly total: number;
  readonly steps: readonly HeldStepView[];
}

export function heldPanel(plans: readonly HeldPlan[], csrf: string): SafeHtml {
  if (plans.length === 0) return html`<section id="held"><h2>Held plans</h2><p class="empty">Nothing waits for approval.</p></section>`;
  const items = plans.map(
    (p) => html`<div class="held-plan" data-run-id="${p.run.id}">
  <p>Run ${runLink(p.run)} (started ${when(p.run.startedAt)}): the safety brake held <b>${p.total}</b> destructive step(s).
  ${p.run.notes.filter((n) => n.startsWith('safety brake')).map((n) => html`<span class="muted">${n}</span>`)}</p>
  <table><thead><tr><th>Record</th><th>Step</th></tr></thead>
  <tbody>${p.steps.map((s) => html`<tr><td class="mono">${s.label}</td><td>${s.what}</td></tr>`)}</tbody></table>
  ${p.total > p.steps.length ? html`<p class="muted">… and ${p.total - p.steps.length} more (<code>oisync plan show ${p.run.id} --all</code>)</p>` : html``}
  <div class="actions">${actionForm(`/api/runs/${encodeURIComponent(p.run.id)}/approve`, `Approve ${p.total} step(s)`, csrf, { cls: 'primary' })}</div>
</div>`,
  );
  return html`<section id="held"><h2>Held plans <small>destructive steps over <code>safety.maxDestructive</code> wait here</small></h2>${items}</section>`;
}
