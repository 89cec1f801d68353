import type { DriftView } from '../../read-model.js';
import { html, type SafeHtml } from '../html.js';
import { when } from '../layout.js';
import { runLink, statusBadge } from './run-bits.js';

function show(v: unknown): string {
  if (v === undefined || v === null) return '(none)';
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

export function driftPanel(drift: DriftView): SafeHtml {
  if (!drift.run) return html`<section id="drift"><h2>Last drift report</h2><p class="empty">No reconcile has run yet.</p></section>`;
  const head = html`<h2>Last drift report <small>reconcile ${runLink(drift.run)} ${statusBadge(drift.run.status)} · ${when(drift.run.finishedAt ?? drift.run.startedAt)}</small></h2>`;
  if (!drift.report) {
    return html`<section id="drift">${head}<p class="empty">${drift.available ? 'This reconcile run stored no drift report.' : 'This version of oisync cannot read drift reports back.'}</p></section>`;
  }
  const r = drift.report;
  const counts = Object.entries(r.counts).map(([k, n]) => html`<li><b>${n}</b> ${k}</li>`);
  const rows = r.items.map(
    (i) => html`<tr><td><span class="badge warn">${i.class}</span></td><td>${i.kind}</td><td class="mono">${i.label}</td>
  <td>${(i.changes ?? []).map((c) => html`<div class="mono">${c.path}: ${show(c.old)} → ${show(c.new)}</div>`)}</td><td>${i.action ?? ''}</td></tr>`,
  );
  const total = r.total ?? r.items.length;
  return html`<section id="drift">${head}
  <ul class="health">${counts}</ul>
  ${r.items.length ? html`<table><thead><tr><th>Class</th><th>Kind</th><th>Who</th><th>Difference (IDaaS → Okta)</th><th>Action</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p class="empty">Everything in sync.</p>`}
  ${total > r.items.length ? html`<p class="muted">${total - r.items.length} more not shown.</p>` : html``}
</section>`;
}
