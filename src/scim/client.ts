import { performance } from 'node:perf_hooks';
import { NotFoundError, OisyncError } from '../domain/errors.js';
import type { Clock, GroupFilterAttribute, Logger, MemberDelta, TargetDirectory, UserFilterAttribute } from '../domain/ports.js';
import {
  SCHEMA_PATCH_OP,
  type PatchOperation,
  type ScimGroup,
  type ScimGroupBody,
  type ScimUser,
  type ScimUserBody,
  type TargetCapabilities,
} from '../domain/scim.js';
import { classifyFailure } from './classify.js';
import { checkCapabilities, readCapabilities, type DiscoveryRequirements } from './discovery.js';
import { eqFilter } from './filter-string.js';
import { membershipBatches } from './membership.js';
import { paginate, PAGE_SIZE } from './paging.js';
import { asGroup, asListPage, asUser, parseJson } from './responses.js';
import type { HttpMethod, ScimHttpRequest, ScimHttpResponse, Transport } from './transport.js';

/** One request as the metrics hook sees it. `status` is undefined when no answer came. */
export interface ScimRequestEvent {
  readonly method: HttpMethod;
  /** Path template, e.g. `PATCH /Groups/{id}`. */
  readonly route: string;
  readonly status: number | undefined;
  /** From sending to the answer (the wait for the request budget excluded, when known). */
  readonly durationMs: number;
  /** Time spent waiting for the global IDaaS request budget before sending, ms. */
  readonly waitedMs?: number;
}

/** What a connector test found: totals as IDaaS reports them, and its clock. */
export interface ConnectorTest {
  readonly users: number | undefined;
  readonly groups: number | undefined;
  readonly date: string | undefined;
}

export interface ScimClientSettings extends DiscoveryRequirements {
  readonly membershipBatchSize: number;
}

export interface ScimClientDeps {
  readonly transport: Transport;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly redact: (text: string) => string;
  readonly onRequest?: (e: ScimRequestEvent) => void;
}

type Answer = { res: ScimHttpResponse; json: unknown };

const enc = encodeURIComponent;

/**
 * The SCIM 2.0 adapter behind `TargetDirectory`. It builds requests, classifies every
 * non-2xx answer into a domain error (classify.ts) and checks the shape of every success
 * (responses.ts); it never retries (BullMQ does) and never logs bodies or tokens.
 */
export class ScimClient implements TargetDirectory {
  private discovery: Promise<TargetCapabilities> | undefined;

  constructor(
    private readonly settings: ScimClientSettings,
    private readonly deps: ScimClientDeps,
  ) {}

  // ---- discovery ----------------------------------------------------------------------------

  /** Reads the discovery documents once (cached; a failure is not cached) and checks them against the config. */
  capabilities(): Promise<TargetCapabilities> {
    this.discovery ??= this.discoverCapabilities()
      .then((caps) => {
        checkCapabilities(caps, this.settings);
        return caps;
      })
      .catch((err: unknown) => {
        this.discovery = undefined;
        throw err;
      });
    return this.discovery;
  }

  /**
   * What the discovery documents say, read afresh and not checked against the config
   * (`oisync doctor` checks each requirement itself, to report them one by one).
   */
  async discoverCapabilities(): Promise<TargetCapabilities> {
    const optional = async (path: string): Promise<unknown> => {
      try {
        return (await this.call({ method: 'GET', path, route: `GET ${path}` })).json;
      } catch (err) {
        // A server without this document (404/501) is allowed; auth and network problems are not.
        if (err instanceof NotFoundError || (err instanceof OisyncError && err.code === 'SCIM_REJECTED')) return undefined;
        throw err;
      }
    };
    const [serviceProviderConfig, schemas, resourceTypes] = await Promise.all([optional('/ServiceProviderConfig'), optional('/Schemas'), optional('/ResourceTypes')]);
    const caps = readCapabilities({ serviceProviderConfig, schemas, resourceTypes });
    this.deps.logger.info(
      { patch: caps.patch, filter: caps.filter, filterMaxResults: caps.filterMaxResults, etag: caps.etag, bulk: caps.bulk, schemas: caps.schemas },
      'IDaaS SCIM discovery',
    );
    return caps;
  }

  /**
   * Okta's "Test Connector Configuration": list one user and one group (`count=1`). Returns the
   * totals IDaaS reports and its `Date` header (for clock-skew checks).
   */
  async testConnector(): Promise<ConnectorTest> {
    const one = async (path: '/Users' | '/Groups'): Promise<{ total: number | undefined; date: string | undefined }> => {
      const req = { method: 'GET', path, route: `GET ${path}`, query: { startIndex: '1', count: '1' } } as const;
      const { res, json } = await this.call(req);
      const page = asListPage(req, res.status, json, 1, (item) => item);
      const date = res.headers['date'];
      return { total: page.total ?? page.items.length, date: typeof date === 'string' ? date : undefined };
    };
    const users = await one('/Users');
    const groups = await one('/Groups');
    return { users: users.total, groups: groups.total, date: groups.date ?? users.date };
  }

  // ---- users --------------------------------------------------------------------------------

  async createUser(body: ScimUserBody): Promise<ScimUser> {
    const req = { method: 'POST', path: '/Users', route: 'POST /Users', body } as const;
    const { res, json } = await this.call(req);
    return asUser(req, res.status, json);
  }

  async getUser(id: string): Promise<ScimUser> {
    const req = { method: 'GET', path: `/Users/${enc(id)}`, route: 'GET /Users/{id}' } as const;
    const { res, json } = await this.call(req);
    return asUser(req, res.status, json);
  }

  async replaceUser(id: string, body: ScimUserBody): Promise<ScimUser> {
    // Okta sends the id in PUT bodies; IDaaS must see the same resource either way.
    const req = { method: 'PUT', path: `/Users/${enc(id)}`, route: 'PUT /Users/{id}', body: { ...body, id } } as const;
    const { res, json } = await this.call(req);
    return asUser(req, res.status, json);
  }

  async patchUser(id: string, operations: readonly PatchOperation[]): Promise<ScimUser | null> {
    const req = { method: 'PATCH', path: `/Users/${enc(id)}`, route: 'PATCH /Users/{id}', body: patchRequest(operations) } as const;
    const { res, json } = await this.call(req);
    return json === undefined ? null : asUser(req, res.status, json);
  }

  async deleteUser(id: string): Promise<void> {
    await this.call({ method: 'DELETE', path: `/Users/${enc(id)}`, route: 'DELETE /Users/{id}' });
  }

  async findUsers(attribute: UserFilterAttribute, value: string): Promise<readonly ScimUser[]> {
    const found = await this.find('/Users', eqFilter(attribute, value), asUser);
    // A server that ignores the filter would hand back everyone; keep only real matches.
    return this.keepMatches(found, (u) => (attribute === 'userName' ? sameFolded(u.userName, value) : u.externalId === value), `userName/externalId filter on ${attribute}`);
  }

  listUsers(): AsyncIterable<readonly ScimUser[]> {
    return this.list('/Users', undefined, asUser);
  }

  // ---- groups -------------------------------------------------------------------------------

  async createGroup(body: ScimGroupBody): Promise<ScimGroup> {
    const req = { method: 'POST', path: '/Groups', route: 'POST /Groups', body } as const;
    const { res, json } = await this.call(req);
    return asGroup(req, res.status, json);
  }

  async getGroup(id: string): Promise<ScimGroup> {
    const req = { method: 'GET', path: `/Groups/${enc(id)}`, route: 'GET /Groups/{id}' } as const;
    const { res, json } = await this.call(req);
    return asGroup(req, res.status, json);
  }

  async replaceGroup(id: string, body: ScimGroupBody): Promise<ScimGroup> {
    const req = { method: 'PUT', path: `/Groups/${enc(id)}`, route: 'PUT /Groups/{id}', body: { ...body, id } } as const;
    const { res, json } = await this.call(req);
    return asGroup(req, res.status, json);
  }

  async patchGroup(id: string, operations: readonly PatchOperation[]): Promise<ScimGroup | null> {
    const req = { method: 'PATCH', path: `/Groups/${enc(id)}`, route: 'PATCH /Groups/{id}', body: patchRequest(operations) } as const;
    const { res, json } = await this.call(req);
    return json === undefined ? null : asGroup(req, res.status, json);
  }

  async deleteGroup(id: string): Promise<void> {
    await this.call({ method: 'DELETE', path: `/Groups/${enc(id)}`, route: 'DELETE /Groups/{id}' });
  }

  async findGroups(attribute: GroupFilterAttribute, value: string): Promise<readonly ScimGroup[]> {
    const found = await this.find('/Groups', eqFilter(attribute, value), asGroup);
    return this.keepMatches(found, (g) => (attribute === 'displayName' ? sameFolded(g.displayName, value) : g.externalId === value), `group filter on ${attribute}`);
  }

  listGroups(): AsyncIterable<readonly ScimGroup[]> {
    return this.list('/Groups', undefined, asGroup);
  }

  /**
   * Sends the delta in PATCH requests of at most `membershipBatchSize` changes, one after the
   * other. Safe to repeat after a failure part-way: adding a member twice or removing a
   * non-member changes nothing on IDaaS.
   */
  async updateGroupMembers(id: string, delta: MemberDelta): Promise<void> {
    for (const ops of membershipBatches(delta, this.settings.membershipBatchSize)) await this.patchGroup(id, ops);
  }

  // ---- plumbing -----------------------------------------------------------------------------

  private async find<T extends { id: string }>(path: '/Users' | '/Groups', filter: string, parse: (req: ScimHttpRequest, status: number, v: unknown) => T): Promise<T[]> {
    const out: T[] = [];
    try {
      for await (const page of this.list(path, filter, parse)) out.push(...page);
    } catch (err) {
      // Okta's rule: a 404 on a filtered GET means "no match" (some servers answer so).
      if (err instanceof NotFoundError) return [];
      throw err;
    }
    return out;
  }

  private list<T extends { id: string }>(path: '/Users' | '/Groups', filter: string | undefined, parse: (req: ScimHttpRequest, status: number, v: unknown) => T): AsyncIterable<T[]> {
    const request = `GET ${path}`;
    return paginate(
      async (startIndex, count) => {
        const query: Record<string, string> = { ...(filter !== undefined ? { filter } : {}), startIndex: String(startIndex), count: String(count) };
        const req = { method: 'GET', path, route: request, query } as const;
        const { res, json } = await this.call(req);
        return asListPage(req, res.status, json, startIndex, (item) => parse(req, res.status, item));
      },
      { request, pageSize: PAGE_SIZE, onShortList: (detail) => this.deps.logger.warn({ request }, detail) },
    );
  }

  private keepMatches<T extends { id: string }>(found: readonly T[], matches: (r: T) => boolean, what: string): T[] {
    const kept = found.filter(matches);
    if (kept.length !== found.length) {
      this.deps.logger.warn({ returned: found.length, matching: kept.length }, `IDaaS returned resources that do not match the ${what}; ignoring them`);
    }
    return kept;
  }

  /** Sends one request, reports it to the metrics hook, and throws the classified error for non-2xx. */
  private async call(req: ScimHttpRequest): Promise<Answer> {
    const started = performance.now();
    let res: ScimHttpResponse;
    try {
      res = await this.deps.transport.send(req);
    } catch (err) {
      this.report(req, undefined, started);
      throw err;
    }
    if (res.synthetic) {
      this.deps.logger.debug({ method: req.method, route: req.route }, 'dry run: write recorded, not sent');
    } else {
      this.report(req, res.status, started, res.waitedMs);
    }
    if (res.status < 200 || res.status >= 300) throw classifyFailure(req, res, { now: this.deps.clock.now(), redact: this.deps.redact });
    return { res, json: parseJson(req, res) };
  }

  private report(req: ScimHttpRequest, status: number | undefined, started: number, waitedMs?: number): void {
    const round = (ms: number): number => Math.round(ms * 10) / 10;
    const durationMs = round(Math.max(0, performance.now() - started - (waitedMs ?? 0)));
    this.deps.logger.debug({ method: req.method, route: req.route, status, durationMs, waitedMs }, 'scim request');
    try {
      this.deps.onRequest?.({ method: req.method, route: req.route, status, durationMs, ...(waitedMs !== undefined ? { waitedMs: round(waitedMs) } : {}) });
    } catch (err) {
      // A broken metrics hook must not turn a successful write into a failed job.
      this.deps.logger.warn({ err }, 'the SCIM onRequest hook threw');
    }
  }
}

function patchRequest(operations: readonly PatchOperation[]) {
  return { schemas: [SCHEMA_PATCH_OP], Operations: [...operations] };
}

function sameFolded(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}
