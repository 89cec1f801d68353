import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { isLoopbackHost } from '../domain/net.js';
import { Secret } from '../domain/secret.js';

/**
 * The strict schema of `config/oisync.yaml` (DESIGN §5). Every key has its default beside it
 * and its unit in the comment; unknown keys are errors. `config/oisync.example.yaml` and
 * `docs/configuration.md` describe the same keys — keep the three in step.
 */

const secret = z
  .union([z.string(), z.number()])
  .transform((v) => String(v))
  .pipe(z.string().min(1, 'must not be empty'))
  .transform((v) => new Secret(v));

/** A secret that may be left empty, meaning unset (so `${OISYNC_ADMIN_TOKEN:-}` works on loopback). */
const optionalSecret = z
  .union([z.string(), z.number()])
  .transform((v) => (String(v) === '' ? undefined : new Secret(String(v))))
  .optional();

/** An http(s) URL; plain http only to loopback hosts (the emulators). */
const serviceUrl = z.string().superRefine((raw, ctx) => {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected an absolute URL such as https://host/path' });
    return;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    ctx.addIssue({ code: 'custom', message: `expected an https:// URL, got ${u.protocol}//` });
  } else if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) {
    ctx.addIssue({
      code: 'custom',
      message: 'plain http:// is only allowed for loopback hosts (127.0.0.1, ::1, localhost); use https://',
    });
  } else if (u.username || u.password) {
    ctx.addIssue({ code: 'custom', message: 'credentials must not be written into the URL; use the token keys' });
  }
});

const cron = z.string().superRefine((expr, ctx) => {
  if (expr === 'off') return;
  try {
    CronExpressionParser.parse(expr, { tz: 'UTC' });
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: `not a valid cron pattern (${(err as Error).message}); or "off" to disable` });
  }
});

const int = (min: number, max: number) => z.number().int().min(min).max(max);

const groupSelector = z.union([
  z.strictObject({ name: z.string().min(1) }),
  z.strictObject({ id: z.string().min(1) }),
  z.strictObject({
    pattern: z.string().min(1).superRefine((p, ctx) => {
      try {
        new RegExp(p);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `not a valid regular expression (${(err as Error).message})` });
      }
    }),
  }),
]);

const oktaOauth = z.strictObject({
  clientId: z.string().min(1),
  /** Key id (kid) of the registered public key; needed for PEM keys. */
  keyId: z.string().min(1).optional(),
  /** Path to a PEM (PKCS#1/PKCS#8) or JWK file, relative to the config file. */
  privateKeyFile: z.string().min(1).optional(),
  /** The key itself (PEM or JWK JSON), e.g. from ${file:...}. */
  privateKey: secret.optional(),
  scopes: z
    .array(z.string().min(1))
    .min(1)
    .default(['okta.users.read', 'okta.groups.read', 'okta.apps.read', 'okta.logs.read', 'okta.policies.read', 'okta.schemas.read']),
});

const okta = z
  .strictObject({
    orgUrl: serviceUrl,
    apiToken: secret.optional(),
    oauth: oktaOauth.optional(),
    appId: z.string().min(1),
    groups: z.array(groupSelector).default([]),
    /** Our share of the org's read rate limit, requests per minute. */
    requestsPerMinute: int(1, 100_000).default(300),
    /** Per-request timeout, milliseconds. */
    requestTimeoutMs: int(1_000, 600_000).default(30_000),
    /** Retries of one Okta request on 429/5xx/network errors before the read fails. */
    maxRetries: int(0, 20).default(4),
  })
  .superRefine((o, ctx) => {
    if (!o.apiToken && !o.oauth) {
      ctx.addIssue({ code: 'custom', message: 'set apiToken (SSWS) or oauth (private-key JWT)', path: [] });
    }
    if (o.apiToken && o.oauth) {
      ctx.addIssue({ code: 'custom', message: 'set only one of apiToken and oauth', path: ['oauth'] });
    }
    if (o.oauth && !o.oauth.privateKey && !o.oauth.privateKeyFile) {
      ctx.addIssue({ code: 'custom', message: 'oauth needs privateKeyFile or privateKey', path: ['oauth'] });
    }
  });

const passwordPolicy = z.strictObject({
  /** Minimum length, characters. */
  minLength: int(1, 256).default(8),
  /** Minimum count of each character class. */
  lowercase: int(0, 64).default(1),
  uppercase: int(0, 64).default(1),
  digits: int(0, 64).default(1),
  special: int(0, 64).default(1),
});

const idaas = z.strictObject({
  /** Copied from the IDaaS console; treated as opaque. */
  scimBaseUrl: serviceUrl,
  bearerToken: secret,
  /** Global write budget across all workers, requests per second. */
  requestsPerSecond: z.number().positive().max(10_000).default(20),
  /** SCIM requests in flight per worker process (its connection pool). */
  concurrency: int(1, 256).default(8),
  /** Per-request timeout, milliseconds (Okta's connector uses 60 s). */
  timeoutMs: int(1_000, 600_000).default(60_000),
  updateMethod: z.enum(['put', 'patch']).default('put'),
  /** Membership changes per PATCH request. */
  membershipBatchSize: int(1, 1_000).default(100),
  customFieldNamespace: z.string().min(1).default('urn:ietf:params:scim:schemas:extension:customfield:2.0:User'),
  /** Refuse to start when /Schemas does not advertise customFieldNamespace (turn off only for a tenant known to omit it). */
  requireCustomFieldNamespace: z.boolean().default(true),
  passwordPolicy: passwordPolicy.prefault({}),
});

const provisioning = z.strictObject({
  createUsers: z.boolean().default(true),
  updateUserAttributes: z.boolean().default(true),
  deactivateUsers: z.boolean().default(true),
  pushGroups: z.boolean().default(true),
  password: z.enum(['none', 'random']).default('none'),
  unassigned: z.enum(['flag', 'deactivate', 'delete']).default('flag'),
});

const safety = z.strictObject({
  maxDestructive: z
    .strictObject({
      /** Destructive steps allowed per run before the rest wait for approval. */
      count: int(0, 10_000_000).default(50),
      /** Same, as a percentage of linked records. */
      percent: z.number().min(0).max(100).default(10),
    })
    .prefault({}),
});

const reconcile = z.strictObject({
  /** overwrite: write Okta's values back over IDaaS-side changes; report: report and flag only. */
  drift: z.enum(['overwrite', 'report']).default('overwrite'),
  /** Link an unlinked IDaaS account that matches an Okta user by externalId or userName. */
  adoptUnlinked: z.boolean().default(true),
  /** IDaaS accounts with our marker whose Okta user was deleted: flag | deactivate | delete (delete: only accounts oisync created). */
  orphans: z.enum(['flag', 'deactivate', 'delete']).default('flag'),
});

const schedule = z.strictObject({
  fullSync: cron.default('0 */6 * * *'),
  reconcile: cron.default('30 2 * * *'),
  /** System Log polling interval, seconds; 0 disables. */
  incrementalSeconds: int(0, 86_400).default(60),
  /** Time zone the cron patterns are read in. */
  timezone: z.string().min(1).default('UTC'),
});

const redis = z.strictObject({
  url: z
    .string()
    .default('redis://127.0.0.1:6379')
    .refine((v) => /^rediss?:\/\//.test(v), 'expected a redis:// or rediss:// URL'),
  prefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only (it becomes a Redis hash tag)')
    .default('oisync'),
});

const server = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  /** TCP port; 0 picks a free one. */
  port: int(0, 65_535).default(8080),
  /**
   * Believe X-Forwarded-For/-Proto from a reverse proxy in front (client address for login
   * throttling, https for Secure cookies). Only behind a proxy that sets them.
   */
  trustProxy: z.boolean().default(false),
  adminToken: optionalSecret,
  /** Shared secret Okta sends in Authorization on every Event Hook request; unset disables the receiver. */
  eventHookSecret: optionalSecret,
});

const queue = z.strictObject({
  /** Attempts per push job before it fails (429s re-queued by the rate limiter don't count). */
  attempts: int(1, 100).default(8),
  /** First retry delay, milliseconds; doubles per attempt, with jitter, capped at 5 minutes. */
  backoffMs: int(100, 600_000).default(2_000),
  /** How long a worker's claim on a job lasts without renewal, milliseconds. Same on every worker. */
  lockDurationMs: int(1_000, 600_000).default(30_000),
  /** How often workers look for jobs whose worker died, milliseconds. Same on every worker. */
  stalledIntervalMs: int(500, 600_000).default(15_000),
  /** Failed jobs stay visible (dashboard, retry) this many days. */
  keepFailedDays: int(1, 365).default(14),
  /** On SIGTERM, running jobs get this long to finish before they are left for another worker, milliseconds. */
  shutdownGraceMs: int(0, 600_000).default(20_000),
});

const log = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** auto = pretty on a TTY, JSON otherwise. */
  format: z.enum(['auto', 'json', 'pretty']).default('auto'),
});

export const configSchema = z
  .strictObject({
    okta,
    idaas,
    /** Mapping file, relative to this file. */
    mapping: z.string().min(1).default('./mapping.yaml'),
    provisioning: provisioning.prefault({}),
    safety: safety.prefault({}),
    reconcile: reconcile.prefault({}),
    schedule: schedule.prefault({}),
    redis: redis.prefault({}),
    server: server.prefault({}),
    queue: queue.prefault({}),
    log: log.prefault({}),
  })
  .superRefine((c, ctx) => {
    if (!isLoopbackHost(c.server.host) && (!c.server.adminToken || c.server.adminToken.isEmpty)) {
      ctx.addIssue({
        code: 'custom',
        path: ['server', 'adminToken'],
        message: `required when server.host (${c.server.host}) is not a loopback address`,
      });
    }
  });

export type OisyncConfigParsed = z.output<typeof configSchema>;

/** The loaded configuration: validated, with absolute paths, deeply frozen. */
export type OisyncConfig = DeepReadonly<
  Omit<OisyncConfigParsed, 'mapping'> & {
    /** Absolute path of the mapping file. */
    mapping: string;
    /** Absolute path of the config file it came from. */
    source: string;
  }
>;

export type DeepReadonly<T> = T extends Secret
  ? T
  : T extends (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

/** Keys whose values are credentials; used to keep them out of every message. */
export const SECRET_KEYS = ['apiToken', 'bearerToken', 'adminToken', 'eventHookSecret', 'privateKey', 'password', 'token', 'secret'] as const;
