import { timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

const REDACTED = '[REDACTED]';
const values = new WeakMap<Secret, string>();

/**
 * A credential from configuration (API token, bearer token, admin token, private key).
 * It renders as `[REDACTED]` in every form a value can escape in — `String()`, template
 * strings, `JSON.stringify`, `util.inspect`, pino — and only `reveal()` gives the value, so
 * leaking one takes a deliberate call that a reviewer can find by grep.
 */
export class Secret {
  constructor(value: string) {
    values.set(this, value);
    Object.freeze(this);
  }

  reveal(): string {
    return values.get(this) ?? '';
  }

  /** Constant-time comparison with a presented value. */
  equals(presented: string): boolean {
    const a = Buffer.from(this.reveal());
    const b = Buffer.from(presented);
    if (a.length !== b.length) {
      // compare anyway so timing does not depend on where the lengths differ
      cryptoCompare(a, a);
      return false;
    }
    return cryptoCompare(a, b);
  }

  get isEmpty(): boolean {
    return this.reveal().length === 0;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

function cryptoCompare(a: Buffer, b: Buffer): boolean {
  return timingSafeEqual(a, b);
}

export function isSecret(v: unknown): v is Secret {
  return v instanceof Secret;
}
