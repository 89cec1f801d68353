import { STYLESHEET } from '../assets/stylesheet.js';
import { html, raw, type SafeHtml } from './html.js';

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  readonly version: string;
  /** The session's CSRF token when logged in (the header then shows the logout button). */
  readonly csrf?: string;
  /** Load the live-progress script. */
  readonly script?: boolean;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A one-button form that POSTs an action (with the CSRF token). */
export function actionForm(action: string, label: string, csrf: string, opts: { cls?: string; fields?: SafeHtml; title?: string } = {}): SafeHtml {
  return html`<form method="post" action="${action}">${csrfField(csrf)}${opts.fields}<button type="submit" class="${opts.cls ?? ''}" title="${opts.title ?? ''}">${label}</button></form>`;
}

/** `2026-01-02 03:04:05 UTC` */
export function when(iso: string | undefined | null): string {
  if (!iso) return '—';
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}

export function page(opts: PageOptions): string {
  const nav = opts.csrf
    ? html`<nav><a href="/">Status</a><a href="/admin/queues">Queues</a><a href="/metrics">Metrics</a>
        <form method="post" action="/logout">${csrfField(opts.csrf)}<button type="submit">Log out</button></form></nav>`
    : html``;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${opts.title}</title>
<style>${raw(STYLESHEET)}</style>
</head>
<body>
<header><h1>okta-idaas-sync</h1><span class="version">oisync ${opts.version}</span>${nav}</header>
<main>
${opts.body}
</main>
${opts.script ? html`<script src="/assets/status.js" defer></script>` : html``}
</body>
</html>
`.text;
}
