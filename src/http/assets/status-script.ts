/**
 * The status page's only script (served as /assets/status.js, behind the admin token): it polls
 * `GET /api/status` every 1.5 s and moves the current run's progress bar, counts and ETA; when
 * the run it shows ends, another starts, or the last finished run changes (a quick run that
 * came and went between two polls, a held run approved, a failed run settled by a retry), it
 * reloads the page, which re-renders history, failures and held plans on the server.
 * Everything else works without JavaScript.
 */
export const STATUS_SCRIPT = `'use strict';
(function () {
  var panel = document.getElementById('current');
  if (!panel) return;
  var shown = panel.getAttribute('data-run-id') || '';
  var lastShown = panel.getAttribute('data-last-run') || '';
  function set(id, text) {
    var el = document.getElementById(id);
    if (el) el.textContent = text;
  }
  function schedule() {
    setTimeout(tick, 1500);
  }
  function tick() {
    fetch('/api/status', { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (res) {
        if (res.status === 401) { location.assign('/login'); return null; }
        return res.ok ? res.json() : null;
      })
      .then(function (s) {
        if (!s) return schedule();
        var cur = s.current;
        var last = s.last ? s.last.id + ':' + s.last.status : '';
        if ((cur ? cur.id : '') !== shown || last !== lastShown) { location.reload(); return; }
        if (cur) {
          var bar = document.getElementById('run-progress');
          if (bar) { bar.max = Math.max(cur.planned, 1); bar.value = cur.done; }
          set('run-done', String(cur.done));
          set('run-planned', String(cur.planned));
          set('run-phase', cur.phase);
          set('run-status', cur.status);
          set('run-elapsed', cur.elapsed);
          set('run-eta', cur.eta || '—');
          set('run-failed', String(cur.failed));
        }
        set('updated-at', new Date(s.now).toLocaleTimeString());
        schedule();
      })
      .catch(function () { schedule(); });
  }
  schedule();
})();
`;
