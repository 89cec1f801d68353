import { Secret } from '../domain/secret.js';

/**
 * Removes credentials from anything about to be written to a log, an error report or a page.
 * Three layers: known secret values (the tokens from config) are replaced wherever they occur
 * in text; well-known credential shapes (`SSWS x`, `Bearer x`, `Authorization: x`) are masked;
 * and keys that name credentials have their values replaced outright.
 */
export const REDACTED = '[REDACTED]';

const SECRET_KEY = /^(authorization|cookie|set-cookie|x-api-key|api[-_]?token|bearer[-_]?token|admin[-_]?token|token|access[-_]?token|refresh[-_]?token|password|passwd|secret|client[-_]?secret|private[-_]?key|privatekey)$/i;
const SHAPES: readonly RegExp[] = [
  /\b(SSWS|Bearer|DPoP|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/g,
  // A value after "Authorization:" that is not a scheme word (those are handled above, with their token).
  /(authorization["']?\s*[:=]\s*["']?)(?!(?:SSWS|Bearer|DPoP|Basic)\s)[^"',\s}]+/gi,
  /(:\/\/[^/\s:@]*:)[^@/\s]+@/g,
];

export class Redactor {
  private readonly known = new Set<string>();

  /** Remember a secret value so it is masked wherever it appears as text. */
  add(secret: Secret | string | undefined): void {
    const v = secret instanceof Secret ? secret.reveal() : secret;
    // Very short values would mask innocent text; tokens are long.
    if (v && v.length >= 8) this.known.add(v);
  }

  text(s: string): string {
    let out = s;
    for (const v of this.known) if (out.includes(v)) out = out.split(v).join(REDACTED);
    for (const re of SHAPES) {
      out = out.replace(re, (m: string, prefix?: string) => {
        if (re === SHAPES[0]) return `${m.split(/\s+/)[0] ?? ''} ${REDACTED}`;
        if (re === SHAPES[2]) return `${prefix ?? ''}${REDACTED}@`;
        return `${prefix ?? ''}${REDACTED}`;
      });
    }
    return out;
  }

  /** A deep copy of a value with secrets removed; cycles and depth are bounded. */
  value(v: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
    if (typeof v === 'string') return this.text(v);
    if (v === null || typeof v !== 'object') return v;
    if (v instanceof Secret) return REDACTED;
    if (seen.has(v) || depth > 12) return '[…]';
    seen.add(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x, depth + 1, seen));
    if (v instanceof Error) {
      const out: Record<string, unknown> = { type: v.name, message: this.text(v.message) };
      if (v.stack) out['stack'] = this.text(v.stack);
      const code = (v as { code?: unknown }).code;
      if (code !== undefined) out['code'] = code;
      const details = (v as { details?: unknown }).details;
      if (details !== undefined) out['details'] = this.value(details, depth + 1, seen);
      if (v.cause !== undefined) out['cause'] = this.value(v.cause, depth + 1, seen);
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = SECRET_KEY.test(k) && x !== undefined && x !== null && x !== '' ? REDACTED : this.value(x, depth + 1, seen);
    }
    return out;
  }
}
