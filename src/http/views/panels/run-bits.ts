import type { RunView } from '../../view-model.js';
import { html, type SafeHtml } from '../html.js';

export function statusBadge(status: string, id?: string): SafeHtml {
  return html`<span class="badge s-${status}"${id ? html` id="${id}"` : html``}>${status}</span>`;
}

export function runLink(run: Pick<RunView, 'id'>, anchor = 'failures'): SafeHtml {
  return html`<a href="/?run=${encodeURIComponent(run.id)}#${anchor}" class="mono">${run.id}</a>`;
}

/** `users: 20 created, 1 failed` style summary from a run's counters. */
export function countSummary(run: RunView): string {
  const parts: string[] = [];
  for (const kind of ['user', 'group', 'membership']) {
    const bits = Object.entries(run.counts)
      .filter(([k, n]) => k.startsWith(`${kind}.`) && n > 0)
      .map(([k, n]) => `${n} ${k.slice(kind.length + 1)}`);
    if (bits.length) parts.push(`${kind}s: ${bits.join(', ')}`);
  }
  return parts.join(' · ');
}
