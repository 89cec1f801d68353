import type { AppUser, Group, User } from '@okta/okta-sdk-nodejs';
import type {
  AppSchemaAttribute,
  ChangeBatch,
  Clock,
  GroupLookup,
  Logger,
  PasswordPolicySummary,
  ScopeRead,
  SourceDirectory,
  UserLookup,
} from '../domain/ports.js';
import { NotFoundError, OisyncError } from '../domain/errors.js';
import { probeOktaRead, type OktaRead, type ProbeAnswer } from './access-probe.js';
import { oktaCall } from './classify-error.js';
import type { OktaClient, OktaConfig } from './create-client.js';
import type { GroupSelection } from './group-selection.js';
import { readAppUserSchema, readPasswordPolicies } from './policies-and-schema.js';
import { ReadTracker } from './read-tracker.js';
import type { OktaRequestExecutor } from './request-executor.js';
import type { OktaRequestStats } from './request-stats.js';
import { memberIdPages, OktaScopeRead } from './scope-read.js';
import { readChanges } from './system-log.js';
import { groupName, toSourceGroup, toSourceUser } from './to-records.js';

export interface OktaReaderParts {
  readonly config: OktaConfig;
  /** Normalized (no trailing slash). */
  readonly orgUrl: string;
  readonly client: OktaClient;
  readonly executor: OktaRequestExecutor;
  readonly selection: GroupSelection;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** The Okta side of the sync: implements SourceDirectory on the official SDK. */
export class OktaReader implements SourceDirectory {
  private readonly appId: string;
  private readonly timeoutMs: number;

  constructor(private readonly parts: OktaReaderParts) {
    this.appId = parts.config.appId;
    this.timeoutMs = parts.config.requestTimeoutMs;
  }

  /** Request, retry, throttling and rate-limit figures so far (for metrics). */
  stats(): OktaRequestStats {
    return this.parts.executor.stats();
  }

  readScope(): ScopeRead {
    const read = new OktaScopeRead({ client: this.parts.client, appId: this.appId, selection: this.parts.selection, timeoutMs: this.timeoutMs });
    const logger = this.parts.logger;
    // Wrap report() so an incomplete read is always visible in the logs, not only to the engine.
    return {
      users: () => read.users(),
      groups: () => read.groups(),
      groupMemberIds: (id) => read.groupMemberIds(id),
      report: () => {
        const r = read.report();
        if (!r.complete) logger.warn({ code: 'OKTA_INCOMPLETE_READ', problems: r.problems }, 'Okta read incomplete; no destructive step will be planned from it');
        return r;
      },
    };
  }

  async getUser(idOrLogin: string): Promise<UserLookup> {
    const { client } = this.parts;
    let user: User;
    try {
      user = await oktaCall(`GET /api/v1/users/${idOrLogin}`, () => client.userApi.getUser({ userId: idOrLogin }), this.timeoutMs);
    } catch (err) {
      if (err instanceof NotFoundError) return { kind: 'not-found', id: idOrLogin };
      throw err;
    }
    const id = String(user.id);
    let appUser: AppUser;
    try {
      appUser = await oktaCall(
        `GET /api/v1/apps/${this.appId}/users/${id}`,
        () => client.applicationApi.getApplicationUser({ appId: this.appId, userId: id }),
        this.timeoutMs,
      );
    } catch (err) {
      // Okta answers 404 both for "not assigned" (AppUser) and for a wrong app id (AppInstance);
      // the latter must not make every user look unassigned.
      if (err instanceof NotFoundError && !/AppInstance/.test(err.message)) {
        const login = user.profile?.login;
        return { kind: 'not-assigned', id, ...(typeof login === 'string' ? { login } : {}), status: String(user.status ?? 'UNKNOWN') };
      }
      throw err;
    }
    const record = toSourceUser(user, appUser);
    if (!record) throw new OisyncError('INTERNAL', `Okta user ${idOrLogin} came back without an id`);
    return { kind: 'in-scope', user: record };
  }

  async getGroup(groupId: string): Promise<GroupLookup> {
    let group: Group;
    try {
      group = await oktaCall(`GET /api/v1/groups/${groupId}`, () => this.parts.client.groupApi.getGroup({ groupId }), this.timeoutMs);
    } catch (err) {
      if (err instanceof NotFoundError) return { kind: 'not-found', id: groupId };
      throw err;
    }
    const record = toSourceGroup(group);
    if (!record) throw new OisyncError('INTERNAL', `Okta group ${groupId} came back without an id`);
    return this.parts.selection.selects({ id: record.id, name: groupName(group) }) ? { kind: 'selected', group: record } : { kind: 'not-selected', group: record };
  }

  async listGroupMemberIds(groupId: string): Promise<readonly string[]> {
    const ids: string[] = [];
    for await (const page of memberIdPages({ client: this.parts.client, timeoutMs: this.timeoutMs }, new ReadTracker(), groupId)) ids.push(...page);
    return ids;
  }

  readChanges(cursor: string | null): Promise<ChangeBatch> {
    return readChanges(
      {
        client: this.parts.client,
        orgUrl: this.parts.orgUrl,
        appId: this.appId,
        clock: this.parts.clock,
        timeoutMs: this.timeoutMs,
        memberIds: (id) => this.listGroupMemberIds(id),
      },
      cursor,
    );
  }

  passwordPolicies(): Promise<readonly PasswordPolicySummary[]> {
    return readPasswordPolicies(this.parts.client, this.timeoutMs);
  }

  /** One cheap read of one kind of data (permission checks, readiness); throws the classified error. */
  probe(read: OktaRead): Promise<ProbeAnswer> {
    return probeOktaRead(this.parts.client, this.parts.orgUrl, this.appId, read, this.timeoutMs, this.parts.clock.now());
  }

  appUserSchema(): Promise<readonly AppSchemaAttribute[]> {
    return readAppUserSchema(this.parts.client, this.parts.orgUrl, this.appId, this.timeoutMs);
  }
}

