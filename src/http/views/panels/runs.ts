import type { RunView } from '../../view-model.js';
import { html, type SafeHtml } from '../html.js';
import { when } from '../layout.js';
import { runLink, statusBadge } from './run-bits.js';

export function runsPanel(runs: readonly RunView[], selected: string | undefined): SafeHtml {
  if (runs.length === 0) return html`<section id="runs"><h2>Run history</h2><p class="empty">No runs yet — start one above or with <code>oisync sync</code>.</p></section>`;
  const rows = runs.map(
    (r) => html`<tr class="${r.id === selected ? 'selected' : ''}">
  <td>${runLink(r)}</td><td>${r.kind}${r.dryRun ? ' (dry run)' : ''}</td><td>${statusBadge(r.status)}</td><td>${r.trigger}</td>
  <td>${when(r.startedAt)}</td><td class="num">${r.elapsed}</td><td class="num">${r.done}/${r.planned}</td>
  <td class="num">${r.changed}</td><td class="num ${r.failed ? 'bad' : ''}">${r.failed}</td>
</tr>`,
  );
  return html`<section id="runs">
  <h2>Run history <small>newest first; a run id opens its failed records</small></h2>
  <table>
    <thead><tr><th>Run</th><th>Kind</th><th>Status</th><th>Trigger</th><th>Started</th><th class="num">Took</th><th class="num">Done/planned</th><th class="num">Changed</th><th class="num">Failed</th></tr></thead>
    <tbody>${rows}</tbody>
  </table>
</section>`;
}
