import type { StatusView } from '../../read-model.js';
import type { ProbeResult } from '../../probes.js';
import { html, type SafeHtml } from '../html.js';
import { when } from '../layout.js';

function mark(ok: boolean | null | undefined): SafeHtml {
  if (ok === null || ok === undefined) return html`<span class="muted">…</span>`;
  return ok ? html`<span class="ok">●</span>` : html`<span class="bad">●</span>`;
}

function probe(name: string, p: ProbeResult | null): SafeHtml {
  if (!p) return html`<li>${mark(null)} ${name} <span class="muted">not probed yet</span></li>`;
  return html`<li title="${p.message ?? ''}">${mark(p.ok)} ${name} <span class="muted">${p.ok ? `${p.durationMs} ms` : p.code}, ${when(p.at)}</span></li>`;
}

/** The one-line health strip at the top of the page. */
export function healthStrip(s: StatusView): SafeHtml {
  const heldSteps = s.held.reduce((n, h) => n + h.steps, 0);
  return html`<section id="health"><ul class="health">
  <li>${mark(s.health.redis)} Redis</li>
  <li>${mark(s.health.workers)} workers here <span class="muted">(cluster: ${s.workers.control} control, ${s.workers.push} push)</span></li>
  ${probe('Okta', s.health.okta)}
  ${probe('IDaaS', s.health.scim)}
  <li>${mark(s.mapping ? s.mapping.ok : null)} mapping</li>
  <li><a href="#flags">${s.flags.open} open flag(s)</a></li>
  <li><a href="#held" class="${heldSteps ? 'warn' : ''}">${heldSteps} held step(s)</a></li>
</ul></section>`;
}

export function mappingPanel(s: StatusView): SafeHtml {
  const m = s.mapping;
  if (!m) return html`<section id="mapping"><h2>Mapping</h2><p class="empty">Not available in this process.</p></section>`;
  const error = m.lastError
    ? html`<div class="failure"><b>The file on disk was rejected</b> (${m.lastError.code}, ${when(m.lastError.at)}); the last good mapping stays in use.
  <div class="detail">${[m.lastError.message, ...m.lastError.problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.path ? `${p.path}: ` : ''}${p.message}`)].join('\n')}</div></div>`
    : html``;
  return html`<section id="mapping">
  <h2>Mapping ${m.ok ? html`<span class="badge ok">in use</span>` : html`<span class="badge bad">reload failed</span>`}</h2>
  <table>
    <tr><th>File</th><td class="mono">${m.file}</td></tr>
    <tr><th>Hash</th><td class="mono">${m.hash.slice(0, 16)}</td></tr>
    <tr><th>Loaded</th><td>${when(m.loadedAt)}</td></tr>
    <tr><th>Warnings</th><td>${m.warnings.length ? m.warnings.map((w) => html`<div class="mono">${w.line}:${w.col} ${w.message}</div>`) : 'none'}</td></tr>
    <tr><th>Rejected reloads</th><td>${m.reloadErrors}</td></tr>
  </table>
  ${error}
</section>`;
}

export function systemPanel(s: StatusView): SafeHtml {
  const queueRows = Object.entries(s.queues).map(
    ([q, c]) => html`<tr><td>${q}</td><td class="num">${c.waiting}</td><td class="num">${c.active}</td><td class="num">${c.delayed}</td><td class="num ${c.failed ? 'bad' : ''}">${c.failed}</td></tr>`,
  );
  const buckets = Object.entries(s.okta?.buckets ?? {}).map(
    ([b, f]) => html`<tr><td class="mono">${b}</td><td class="num">${f.remaining}</td><td class="num">${f.limit}</td><td>${f.reset ? when(new Date(f.reset * 1000).toISOString()) : '—'}</td></tr>`,
  );
  return html`<section id="system">
  <h2>Queues and Okta rate limits <small><a href="/admin/queues">queue dashboard</a> · <a href="/metrics">metrics</a></small></h2>
  <table><thead><tr><th>Queue</th><th class="num">Waiting</th><th class="num">Active</th><th class="num">Delayed</th><th class="num">Failed</th></tr></thead><tbody>${queueRows}</tbody></table>
  ${s.okta
    ? html`<p class="muted">Okta: ${s.okta.requests} request(s) from this process, ${s.okta.retries} retried, ${s.okta.rateLimited} rate-limited (429).</p>
  ${buckets.length ? html`<table><thead><tr><th>Okta bucket</th><th class="num">Remaining</th><th class="num">Limit</th><th>Resets</th></tr></thead><tbody>${buckets}</tbody></table>` : html``}`
    : html``}
</section>`;
}
