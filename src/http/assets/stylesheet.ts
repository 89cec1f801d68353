import { createHash } from 'node:crypto';

/**
 * The pages' one stylesheet, inlined in a <style> element and allowed by its hash in the CSP
 * (so the login page needs no unauthenticated asset route, and no inline style is needed
 * anywhere else). No build step: this is the file.
 */
export const STYLESHEET = `
:root{--fg:#1d2330;--muted:#5f6b7a;--line:#dde2e8;--bg:#f5f7fa;--card:#fff;--ok:#1f7a3f;--warn:#9a6400;--bad:#b42318;--info:#175cd3;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);background:var(--bg)}
header{display:flex;align-items:center;gap:1.2rem;padding:.6rem 1.2rem;background:#1d2330;color:#fff}
header h1{font-size:1rem;margin:0;font-weight:600}
header .version{color:#aab4c3;font-size:.85rem}
header nav{display:flex;gap:1rem;margin-left:auto;align-items:center}
header a{color:#cfe0ff;text-decoration:none}
header a:hover{text-decoration:underline}
header form{margin:0}
main{max-width:1280px;margin:0 auto;padding:1rem 1.2rem 3rem}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.9rem 1.1rem;margin:0 0 1rem}
section>h2{font-size:1.02rem;margin:0 0 .6rem;display:flex;gap:.6rem;align-items:baseline}
section>h2 small{color:var(--muted);font-weight:400;font-size:.85rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.32rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:.8rem;text-transform:uppercase;letter-spacing:.03em}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.selected td{background:#eef4ff}
code,pre,.mono{font-family:var(--mono);font-size:.82rem}
pre{background:#f1f3f6;border:1px solid var(--line);border-radius:6px;padding:.6rem;overflow:auto;max-height:22rem;margin:.4rem 0 0}
.muted{color:var(--muted)}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:999px;font-size:.78rem;font-weight:600;border:1px solid currentColor}
.s-succeeded,.ok{color:var(--ok)}.s-failed,.s-error,.bad{color:var(--bad)}.s-held,.warn{color:var(--warn)}.s-running,.s-queued,.s-planned,.info{color:var(--info)}
.health{display:flex;flex-wrap:wrap;gap:.5rem 1.4rem;margin:0;padding:0;list-style:none}
.health li{display:flex;gap:.35rem;align-items:baseline}
.notice{padding:.55rem .9rem;border-radius:6px;margin:0 0 1rem;border:1px solid}
.notice.ok{background:#ecfdf3;border-color:#abefc6}.notice.bad{background:#fef3f2;border-color:#fecdca}
progress{width:100%;height:1.1rem;accent-color:var(--info)}
.progress-line{display:flex;gap:1.4rem;flex-wrap:wrap;margin:.4rem 0}
.failure{border:1px solid var(--line);border-left:4px solid var(--bad);border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
.failure .detail{background:#fef3f2;border:1px solid #fecdca;border-radius:4px;padding:.35rem .55rem;margin:.35rem 0;font-family:var(--mono);font-size:.82rem;white-space:pre-wrap}
.actions{display:flex;gap:.5rem;flex-wrap:wrap;align-items:center;margin-top:.45rem}
.actions form{margin:0;display:flex;gap:.4rem}
button{font:inherit;padding:.28rem .75rem;border-radius:6px;border:1px solid #b8c2cf;background:#fff;cursor:pointer}
button:hover{background:#f1f4f8}
button.primary{background:var(--info);border-color:var(--info);color:#fff}
button.danger{border-color:var(--bad);color:var(--bad)}
input[type=text],input[type=password]{font:inherit;padding:.28rem .5rem;border:1px solid #b8c2cf;border-radius:6px;min-width:14rem}
details summary{cursor:pointer;color:var(--info)}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1rem}
.grid section{margin:0}
.login{max-width:26rem;margin:12vh auto}
.login form{display:flex;flex-direction:column;gap:.7rem}
.empty{color:var(--muted);margin:.2rem 0}
`.trim();

export const STYLESHEET_HASH = `'sha256-${createHash('sha256').update(STYLESHEET).digest('base64')}'`;
