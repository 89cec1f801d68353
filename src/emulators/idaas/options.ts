import { randomBytes } from 'node:crypto';
import { SCHEMA_CUSTOMFIELD_USER } from '../../domain/scim.js';
import type { FaultSettings } from './faults.js';

// IDaaS "Sign-In > Password Policy > Complexity Rules": minimum length and minimum count per class.
import type { PasswordPolicy } from '../../domain/password.js';
export type { PasswordPolicy };

/**
 * How to start the IDaaS emulator. Every key is flat and primitive (or a list of strings) so a
 * CLI flag maps onto it one to one; everything has a default.
 */
export interface IdaasEmulatorOptions {
  /** Listen address; loopback by default. */
  host?: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Bearer token the SCIM API accepts; random when absent. */
  token?: string;
  /** Token for `/__admin/*`; the SCIM token when absent. */
  adminToken?: string;
  /** The application id in the base path `/api/v2/<appId>/scim/v2`; random when absent. */
  appId?: string;
  /** "Custom Field Namespace" of the IDaaS app. */
  customFieldNamespace?: string;
  /** "Sync Target Field" ids accepted inside the namespace (IDaaS `SupportedUserCustomFieldIds`). */
  allowedCustomFields?: readonly string[];
  passwordPolicy?: Partial<PasswordPolicy>;
  /** Emulate the seed FAQ "IDaaS does not support syncing the inactive status": `active:false` is accepted and ignored. */
  ignoreActive?: boolean;
  /** What a successful PATCH answers: 200 with the resource (default) or 204 without a body. */
  patchReturns?: 'resource' | 'no-content';
  /**
   * RFC 7644 says a `replace` whose value filter matches nothing fails with `noTarget` (default).
   * Some servers treat it as an `add`; set true to emulate those.
   */
  replaceMissingAsAdd?: boolean;
  /** Largest request body accepted, bytes; more gets 413. */
  maxBodyBytes?: number;
  /** Page size cap of list calls (IDaaS: 100). */
  maxPageSize?: number;
  /** Faults active from the start; change them at run time through `faults` or `/__admin/faults`. */
  faults?: FaultSettings;
}

export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly adminToken: string;
  readonly appId: string;
  readonly basePath: string;
  readonly customFieldNamespace: string;
  readonly allowedCustomFields: readonly string[];
  readonly passwordPolicy: PasswordPolicy;
  readonly ignoreActive: boolean;
  readonly patchReturns: 'resource' | 'no-content';
  readonly replaceMissingAsAdd: boolean;
  readonly maxBodyBytes: number;
  readonly maxPageSize: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, lowercase: 1, uppercase: 1, digits: 1, special: 1 };

export function resolveOptions(opts: IdaasEmulatorOptions): ResolvedOptions {
  const appId = opts.appId ?? `app_${randomBytes(6).toString('hex')}`;
  if (!/^[A-Za-z0-9_-]+$/.test(appId)) throw new Error(`appId must be letters, digits, _ or - (got ${JSON.stringify(appId)})`);
  const token = opts.token ?? `idaas-emulator-${randomBytes(16).toString('hex')}`;
  return {
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    token,
    adminToken: opts.adminToken ?? token,
    appId,
    basePath: `/api/v2/${appId}/scim/v2`,
    customFieldNamespace: opts.customFieldNamespace ?? SCHEMA_CUSTOMFIELD_USER,
    allowedCustomFields: [...(opts.allowedCustomFields ?? ['user_address'])],
    passwordPolicy: { ...DEFAULT_PASSWORD_POLICY, ...(opts.passwordPolicy ?? {}) },
    ignoreActive: opts.ignoreActive ?? false,
    patchReturns: opts.patchReturns ?? 'resource',
    replaceMissingAsAdd: opts.replaceMissingAsAdd ?? false,
    maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024,
    maxPageSize: opts.maxPageSize ?? 100,
  };
}
