import type { FailureView } from '../../read-model.js';
import type { RunView } from '../../view-model.js';
import { html, type SafeHtml } from '../html.js';
import { actionForm, when } from '../layout.js';
import { runLink, statusBadge } from './run-bits.js';

/** The record as it was to be written: the mapped SCIM body when the job has one, else the whole payload. */
function recordOf(f: FailureView): unknown {
  const data = f.job?.data as { body?: unknown } | undefined;
  return data?.body ?? data ?? null;
}

function failureItem(run: RunView, f: FailureView, csrf: string): SafeHtml {
  const base = `/api/runs/${encodeURIComponent(run.id)}/failures/${encodeURIComponent(f.key)}`;
  const record = recordOf(f);
  const retryable = f.job?.state === 'failed';
  return html`<div class="failure" data-key="${f.key}">
  <div><b>${f.kind}</b> <span class="mono">${f.label}</span> <span class="badge s-failed">${f.code}</span> <span class="muted">${when(f.at)}</span></div>
  <div>${f.message}</div>
  ${f.detail ? html`<div class="detail" title="what IDaaS answered">IDaaS said: ${f.detail}</div>` : html``}
  ${record !== null ? html`<details><summary>Record${f.job ? html` (job <span class="mono">${f.job.id}</span>, ${f.job.state}, ${f.job.attemptsMade} attempt(s))` : html``}</summary><pre>${JSON.stringify(record, null, 2)}</pre></details>` : html`<p class="muted">The job is no longer kept (queue.keepFailedDays); a full sync plans this record again.</p>`}
  <div class="actions">
    ${retryable ? actionForm(`${base}/retry`, 'Retry', csrf, { cls: 'primary', title: 'run the job again with the same payload' }) : html``}
    ${f.job?.state !== 'active' && f.job?.state !== 'waiting' ? actionForm(`${base}/skip`, 'Skip', csrf, { cls: 'danger', title: 'record as skipped by an operator; the failed job is removed' }) : html`<span class="muted">retry in progress…</span>`}
  </div>
</div>`;
}

export function failuresPanel(run: RunView | null, data: { total: number; failures: readonly FailureView[] }, csrf: string): SafeHtml {
  if (!run) return html`<section id="failures"><h2>Failed records</h2><p class="empty">No failed records in the recent runs.</p></section>`;
  const more = data.total > data.failures.length ? html`<p class="muted">${data.total - data.failures.length} more: <code>oisync runs show ${run.id}</code> or <code>GET /api/runs/${run.id}/failures?offset=${data.failures.length}</code></p>` : html``;
  return html`<section id="failures">
  <h2>Failed records <small>run ${runLink(run)} ${statusBadge(run.status)} · ${data.total} failed</small></h2>
  ${data.total === 0 ? html`<p class="empty">This run has no failed records.</p>` : data.failures.map((f) => failureItem(run, f, csrf))}
  ${more}
</section>`;
}
