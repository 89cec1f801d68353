import type { Flag } from '../../../domain/flags.js';
import { html, type SafeHtml } from '../html.js';
import { csrfField, when } from '../layout.js';

export function flagsPanel(data: { total: number; flags: readonly Flag[] }, csrf: string): SafeHtml {
  if (data.total === 0) return html`<section id="flags"><h2>Flags <small>manual-cleanup queue</small></h2><p class="empty">No open flags.</p></section>`;
  const rows = data.flags.map(
    (f) => html`<tr data-flag-id="${f.id}">
  <td><span class="badge warn">${f.kind}</span></td>
  <td class="mono">${f.login ?? f.oktaId ?? f.scimId ?? f.id}</td>
  <td>${f.reason}${f.groups.length ? html`<br><span class="muted">IDaaS groups: ${f.groups.join(', ')}</span>` : html``}</td>
  <td>${when(f.firstSeen)}</td>
  <td><form method="post" action="/api/flags/${encodeURIComponent(f.id)}/resolve" class="actions">${csrfField(csrf)}
    <input type="text" name="note" required maxlength="1000" placeholder="what was done" aria-label="resolution note for ${f.id}">
    <button type="submit">Resolve</button></form></td>
</tr>`,
  );
  return html`<section id="flags">
  <h2>Flags <small>${data.total} open · manual-cleanup queue (<code>oisync flags list</code>)</small></h2>
  <table><thead><tr><th>Kind</th><th>Who</th><th>Reason</th><th>First seen</th><th>Resolve</th></tr></thead><tbody>${rows}</tbody></table>
  ${data.total > data.flags.length ? html`<p class="muted">${data.total - data.flags.length} more: <code>GET /api/flags</code></p>` : html``}
</section>`;
}
