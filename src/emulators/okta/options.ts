import type { FaultRule } from './faults.js';
import type { Bucket } from './rate-limiter.js';
import type { SeedOrg } from './seed-model.js';

/**
 * How to start the Okta emulator. Flat and JSON-friendly so a CLI can pass its flags straight
 * through (`--users N --groups G --seed FILE` → `{ users, groups, seedFile }`).
 */
export interface OktaEmulatorOptions {
  /** Default 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** The SSWS API token clients must send; random when absent. */
  readonly token?: string;

  /** The org, in order of precedence: a built SeedOrg, a YAML seed file, or the generator. */
  readonly org?: SeedOrg;
  readonly seedFile?: string;
  /** Generator: number of users (default 25 when nothing else is given). */
  readonly users?: number;
  /** Generator: number of groups (default 6). */
  readonly groups?: number;
  /** Generator: seed number; the same number gives the same org. Default 1. */
  readonly seed?: number;
  /** Override the app id of a generated org. */
  readonly appId?: string;

  /**
   * Rate limits: per-minute budgets per endpoint bucket (Okta's table; one number sets all
   * buckets), and the window length. `false` never answers 429; the headers still count the
   * requests against the default budgets (for benchmarks, give a huge `perMinute` instead).
   */
  readonly rateLimit?: false | { readonly perMinute?: number | Partial<Record<Bucket, number>>; readonly windowMs?: number };
  /** Added before every API response, ms. */
  readonly latencyMs?: number;
  /** Cap every listing's page size (small orgs then page like big ones). */
  readonly maxPageSize?: number;
  /** Fault rules active from the start (more can be added at run time). */
  readonly faults?: readonly FaultRule[];
  /** Clock, epoch ms (tests). */
  readonly clock?: () => number;
  /** How many requests the request log keeps. Default 100 000. */
  readonly requestLogCapacity?: number;
}
