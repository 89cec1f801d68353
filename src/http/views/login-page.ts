import { html } from './html.js';
import { page } from './layout.js';

export function loginPage(opts: { version: string; next: string; error?: string }): string {
  const body = html`<section class="login">
  <h2>Sign in</h2>
  <p class="muted">The status page, the API, the queue dashboard and the metrics need the admin token
  (<code>server.adminToken</code>; <code>oisync demo</code> and a daemon on loopback without one print a one-time token when they start).</p>
  ${opts.error ? html`<p class="notice bad" role="alert">${opts.error}</p>` : html``}
  <form method="post" action="/login">
    <label for="token">Admin token</label>
    <input type="password" id="token" name="token" autocomplete="current-password" required autofocus>
    <input type="hidden" name="next" value="${opts.next}">
    <button type="submit" class="primary">Sign in</button>
  </form>
</section>`;
  return page({ title: 'oisync — sign in', body, version: opts.version });
}
