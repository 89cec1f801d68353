/**
 * Okta-style rate limiting: one fixed-window counter per endpoint bucket (the buckets of Okta's
 * management rate-limit table), answered in `X-Rate-Limit-Limit/Remaining/Reset` on every
 * response and with 429 E0000047 once a bucket is spent until its window resets.
 */
export type Bucket = 'apps' | 'app' | 'users' | 'user' | 'groups' | 'group' | 'logs' | 'other';

export const BUCKETS: readonly Bucket[] = ['apps', 'app', 'users', 'user', 'groups', 'group', 'logs', 'other'];

/** Per-minute limits; Okta's Enterprise/Workforce figures (the apps bucket is the scarce one). */
export const DEFAULT_LIMITS: Readonly<Record<Bucket, number>> = {
  apps: 100,
  app: 500,
  users: 600,
  user: 2000,
  groups: 500,
  group: 1000,
  logs: 120,
  other: 1200,
};

/** Which bucket a request path counts against. */
export function bucketOf(path: string): Bucket {
  const seg = path.split('/').filter(Boolean); // ['api','v1','apps','0oa..','users']
  const [, , root, id] = seg;
  switch (root) {
    case 'apps':
      return seg.length === 4 && id ? 'app' : 'apps';
    case 'users':
      return id ? 'user' : 'users';
    case 'groups':
      return id ? 'group' : 'groups';
    case 'logs':
      return 'logs';
    default:
      return 'other';
  }
}

export interface RateLimitSnapshot {
  readonly bucket: Bucket;
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Epoch seconds when the window resets. */
  readonly reset: number;
}

export class RateLimiter {
  private readonly used = new Map<Bucket, { windowStart: number; count: number }>();

  constructor(
    private readonly limits: Readonly<Record<Bucket, number>>,
    /** Window length; 60 000 like Okta, shorter in tests. A multiple of 1000 keeps resets on whole seconds. */
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly enabled: boolean,
  ) {}

  take(bucket: Bucket): RateLimitSnapshot {
    const now = this.now();
    const windowStart = Math.floor(now / this.windowMs) * this.windowMs;
    const reset = Math.ceil((windowStart + this.windowMs) / 1000);
    const limit = this.limits[bucket];
    let state = this.used.get(bucket);
    if (!state || state.windowStart !== windowStart) {
      state = { windowStart, count: 0 };
      this.used.set(bucket, state);
    }
    // Disabled: never 429, but the headers still count honestly, as a client pacing itself expects.
    if (state.count >= limit && this.enabled) return { bucket, allowed: false, limit, remaining: 0, reset };
    state.count++;
    return { bucket, allowed: true, limit, remaining: Math.max(0, limit - state.count), reset };
  }
}
