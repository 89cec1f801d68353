import type { RunView } from '../../view-model.js';
import { html, type SafeHtml } from '../html.js';
import { actionForm, when } from '../layout.js';
import { countSummary, runLink, statusBadge } from './run-bits.js';

/** The run in progress with live progress and ETA (the script updates the ids), and start buttons. */
export function currentPanel(current: RunView | null, last: RunView | null, csrf: string): SafeHtml {
  // What the page shows, for the script to notice a change (a run that started and ended
  // between two polls, a held run approved, a failed run settled by a retry).
  const lastSeen = last ? `${last.id}:${last.status}` : '';
  const start = html`<div class="actions">
    ${actionForm('/api/runs', 'Start full sync', csrf, { cls: 'primary', fields: html`<input type="hidden" name="dryRun" value="false">` })}
    ${actionForm('/api/runs', 'Dry run', csrf, { fields: html`<input type="hidden" name="dryRun" value="true">`, title: 'compute and store the plan; write nothing to IDaaS' })}
  </div>`;
  if (!current) {
    return html`<section id="current" data-run-id="" data-last-run="${lastSeen}">
  <h2>Current run <small>none in progress · updated <span id="updated-at">now</span></small></h2>
  ${last
    ? html`<p>Last run ${runLink(last)} ${statusBadge(last.status)} finished ${when(last.finishedAt)} after ${last.elapsed}: ${last.done}/${last.planned} records, ${last.changed} changed, ${last.failed} failed.</p>`
    : html`<p class="empty">No run yet.</p>`}
  ${start}
</section>`;
  }
  return html`<section id="current" data-run-id="${current.id}" data-last-run="${lastSeen}">
  <h2>Current run <small>${runLink(current)} · ${current.kind}${current.dryRun ? ' (dry run)' : ''} · trigger ${current.trigger} · updated <span id="updated-at">now</span></small></h2>
  <progress id="run-progress" max="${Math.max(current.planned, 1)}" value="${current.done}"></progress>
  <div class="progress-line">
    <span>status ${statusBadge(current.status, 'run-status')}</span>
    <span>phase <b id="run-phase">${current.phase}</b></span>
    <span><b id="run-done">${current.done}</b> / <b id="run-planned">${current.planned}</b> records</span>
    <span>failed <b id="run-failed">${current.failed}</b></span>
    <span>elapsed <b id="run-elapsed">${current.elapsed}</b></span>
    <span>ETA <b id="run-eta">${current.eta ?? '—'}</b></span>
  </div>
  <p class="muted">${countSummary(current)}</p>
  ${start}
</section>`;
}
