/**
 * The interfaces the sync engine and jobs depend on. Adapters implement them
 * (`src/okta` → SourceDirectory, `src/scim` → TargetDirectory, `src/mapping` → Mapper,
 * `src/state` → StateStore); only the composition root in `src/cli` constructs adapters.
 */
import type { Flag, FlagKind, FlagState } from './flags.js';
import type { GroupLink, UserLink } from './links.js';
import type { GroupMappingInput, SourceGroup, SourceUser, UserMappingInput } from './records.js';
import type { DriftEntry } from './drift.js';
import type { FailureRecord, Outcome, PlanStep, RecordKind, RunKind, RunRecord, RunStatus } from './runs.js';
import type {
  PatchOperation,
  ScimGroup,
  ScimGroupBody,
  ScimMember,
  ScimUser,
  ScimUserBody,
  TargetCapabilities,
} from './scim.js';

// ---------------------------------------------------------------------------------------------
// Logging and time

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// ---------------------------------------------------------------------------------------------
// Source: Okta

/** The outcome of one full read of the scope. */
export interface ReadReport {
  /** True only when every page of every listing, and every member list, was read to its end. */
  readonly complete: boolean;
  /** Human-readable reasons when not complete (which listing stopped, and why). */
  readonly problems: readonly string[];
}

/**
 * One read of the Okta scope. Each listing streams pages and never holds the org in memory.
 * A listing that fails throws from its iterator and is also recorded in `report()`, so the
 * engine can refuse destructive steps after an incomplete read.
 */
export interface ScopeRead {
  /** Users assigned to the app (directly or through groups), with their app profile. */
  users(): AsyncIterable<readonly SourceUser[]>;
  /** Groups selected for push by `okta.groups` (name, id or pattern). */
  groups(): AsyncIterable<readonly SourceGroup[]>;
  /** Okta user ids of every member of a group (the caller keeps only those in scope). */
  groupMemberIds(groupId: string): AsyncIterable<readonly string[]>;
  report(): ReadReport;
}

export type UserLookup =
  | { readonly kind: 'in-scope'; readonly user: SourceUser }
  /** Exists in Okta but is not assigned to the app (any more). */
  | { readonly kind: 'not-assigned'; readonly id: string; readonly login?: string; readonly status: string }
  | { readonly kind: 'not-found'; readonly id: string };

export type GroupLookup =
  | { readonly kind: 'selected'; readonly group: SourceGroup }
  | { readonly kind: 'not-selected'; readonly group: SourceGroup }
  | { readonly kind: 'not-found'; readonly id: string };

/** Dirty ids derived from System Log events, de-duplicated. */
export interface ChangeBatch {
  readonly dirtyUserIds: readonly string[];
  readonly dirtyGroupIds: readonly string[];
  /** Groups whose membership changed (a subset view of dirtyGroupIds useful for member re-reads). */
  readonly membershipGroupIds: readonly string[];
  /** Number of System Log events read in this batch. */
  readonly events: number;
  /** Store this after the batch has been applied; reading from it resumes exactly after the batch. */
  readonly nextCursor: string;
}

export interface PasswordPolicySummary {
  readonly id: string;
  readonly name: string;
  readonly priority: number;
  readonly system: boolean;
  readonly minLength: number;
  readonly minLowerCase: number;
  readonly minUpperCase: number;
  readonly minNumber: number;
  readonly minSymbol: number;
}

/** An app-user-profile attribute and where Okta would send it over SCIM. */
export interface AppSchemaAttribute {
  readonly variableName: string;
  readonly externalName?: string;
  readonly externalNamespace?: string;
  readonly type?: string;
}

export interface SourceDirectory {
  readScope(): ScopeRead;
  /** By Okta user id, or by login (Okta accepts either); re-reads current state, never cached. */
  getUser(oktaUserIdOrLogin: string): Promise<UserLookup>;
  getGroup(oktaGroupId: string): Promise<GroupLookup>;
  /** Okta user ids of one group's members (complete, or it throws). */
  listGroupMemberIds(oktaGroupId: string): Promise<readonly string[]>;
  /**
   * Read the next System Log events after `cursor` (null = start from now). Returns at most
   * one batch; call again with `nextCursor` to continue.
   */
  readChanges(cursor: string | null): Promise<ChangeBatch>;
  passwordPolicies(): Promise<readonly PasswordPolicySummary[]>;
  appUserSchema(): Promise<readonly AppSchemaAttribute[]>;
}

// ---------------------------------------------------------------------------------------------
// Target: IDaaS over SCIM

export type UserFilterAttribute = 'userName' | 'externalId';
export type GroupFilterAttribute = 'displayName' | 'externalId';

export interface MemberDelta {
  readonly add: readonly ScimMember[];
  /** SCIM ids of members to remove. */
  readonly remove: readonly string[];
}

export interface TargetDirectory {
  capabilities(): Promise<TargetCapabilities>;

  createUser(body: ScimUserBody): Promise<ScimUser>;
  /** @throws NotFoundError */
  getUser(id: string): Promise<ScimUser>;
  replaceUser(id: string, body: ScimUserBody): Promise<ScimUser>;
  /** Returns the resource when the server sends it back (200), else null (204). */
  patchUser(id: string, operations: readonly PatchOperation[]): Promise<ScimUser | null>;
  deleteUser(id: string): Promise<void>;
  findUsers(attribute: UserFilterAttribute, value: string): Promise<readonly ScimUser[]>;
  /** Every user, in pages of at most 100. */
  listUsers(): AsyncIterable<readonly ScimUser[]>;

  createGroup(body: ScimGroupBody): Promise<ScimGroup>;
  /** With members. @throws NotFoundError */
  getGroup(id: string): Promise<ScimGroup>;
  replaceGroup(id: string, body: ScimGroupBody): Promise<ScimGroup>;
  patchGroup(id: string, operations: readonly PatchOperation[]): Promise<ScimGroup | null>;
  deleteGroup(id: string): Promise<void>;
  findGroups(attribute: GroupFilterAttribute, value: string): Promise<readonly ScimGroup[]>;
  /** Every group without members (as IDaaS lists them), in pages of at most 100. */
  listGroups(): AsyncIterable<readonly ScimGroup[]>;
  /** Apply membership changes as PATCH deltas, in batches of `idaas.membershipBatchSize`. */
  updateGroupMembers(id: string, delta: MemberDelta): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Mapping

/** Why one record could not be mapped; names the attribute, the rule and the value. */
export interface RecordProblem {
  /** Target SCIM attribute path, e.g. `userName`. */
  readonly attribute: string;
  /** Where the rule is, `mapping.yaml:12`, when it came from a rule. */
  readonly rule?: string;
  readonly message: string;
  /** The offending value, shortened; never a secret. */
  readonly value?: string;
}

export type MapResult<T> =
  | { readonly ok: true; readonly body: T }
  | { readonly ok: false; readonly problems: readonly RecordProblem[] };

export interface Mapper {
  /** Content hash of the compiled mapping: a change here explains attribute changes. */
  readonly hash: string;
  mapUser(input: UserMappingInput): MapResult<ScimUserBody>;
  mapGroup(input: GroupMappingInput): MapResult<ScimGroupBody>;
}

// ---------------------------------------------------------------------------------------------
// State (Redis)

/** Filter for listing flags. */
export interface FlagQuery {
  readonly kind?: FlagKind;
  readonly state?: FlagState;
}

/** A run's outcome for one record, as recorded by a push job or the planner. */
export interface OutcomeUpdate {
  readonly key: string;
  readonly kind: RecordKind;
  readonly outcome: Outcome;
  /** Present when the outcome is `failed`; cleared when a later attempt succeeds. */
  readonly failure?: FailureRecord;
  /**
   * Only record it if the record has no outcome yet. The planner's immediate outcomes use this:
   * a control job re-planning after a crash must not turn "created" into "unchanged".
   */
  readonly ifAbsent?: boolean;
}

export interface StateStore {
  // links (cache: rebuildable by reconcile)
  getUserLinks(oktaIds: readonly string[]): Promise<Map<string, UserLink>>;
  getUserLink(oktaId: string): Promise<UserLink | undefined>;
  /** Store a link; with `createdDone` also clear the write-ahead create mark, in one round trip. */
  putUserLink(link: UserLink, opts?: { createdDone?: boolean }): Promise<void>;
  deleteUserLink(oktaId: string): Promise<void>;
  countUserLinks(): Promise<number>;
  /** Every user link, in batches (HSCAN; a link may appear twice if written during the scan). */
  scanUserLinks(): AsyncIterable<readonly UserLink[]>;
  getGroupLinks(oktaIds: readonly string[]): Promise<Map<string, GroupLink>>;
  getGroupLink(oktaId: string): Promise<GroupLink | undefined>;
  putGroupLink(link: GroupLink): Promise<void>;
  deleteGroupLink(oktaId: string): Promise<void>;
  countGroupLinks(): Promise<number>;
  scanGroupLinks(): AsyncIterable<readonly GroupLink[]>;
  /**
   * Write-ahead mark before a user is created, so a create whose answer was lost (worker killed
   * after IDaaS committed) is recognised as ours when the retry meets a 409.
   */
  markCreating(oktaId: string, runId: string): Promise<void>;
  /** `getUserLink` and `markCreating` in one round trip (the create path of a push job). */
  linkOrMarkCreating(oktaId: string, runId: string): Promise<UserLink | undefined>;
  creatingBy(oktaId: string): Promise<string | undefined>;
  clearCreating(oktaId: string): Promise<void>;
  /** SCIM ids we believe are members of the IDaaS group linked to an Okta group. */
  getGroupMembers(oktaGroupId: string): Promise<Set<string>>;
  updateGroupMembers(oktaGroupId: string, add: readonly string[], remove: readonly string[]): Promise<void>;
  replaceGroupMembers(oktaGroupId: string, members: readonly string[]): Promise<void>;

  // runs
  createRun(run: RunRecord): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Newest first; of one kind when `kind` is given. */
  listRuns(limit: number, kind?: RunKind): Promise<readonly RunRecord[]>;
  updateRun(
    runId: string,
    patch: Partial<Pick<RunRecord, 'status' | 'phase' | 'finishedAt' | 'sourceComplete' | 'error' | 'mappingHash'>>,
  ): Promise<void>;
  /** Set the status only if it is still `from` (atomic); true when it changed. */
  transitionRun(runId: string, from: RunStatus, to: RunStatus): Promise<boolean>;
  addRunNote(runId: string, note: string): Promise<void>;
  /** Register records that will get an outcome; returns how many were new (idempotent). */
  addPlanned(runId: string, keys: readonly string[]): Promise<number>;
  /** Set a record's outcome; counters move exactly once per change (safe to call twice). */
  recordOutcome(runId: string, update: OutcomeUpdate): Promise<void>;
  recordOutcomes(runId: string, updates: readonly OutcomeUpdate[]): Promise<void>;
  addCount(runId: string, counter: string, by: number): Promise<void>;
  getOutcome(runId: string, key: string): Promise<Outcome | undefined>;
  /** Forget the outcomes of these records (held steps about to run), moving the counters back. */
  resetOutcomes(runId: string, keys: readonly string[]): Promise<void>;
  /** Planned record keys that have no outcome yet. */
  pendingKeys(runId: string): Promise<readonly string[]>;
  getFailures(runId: string): Promise<readonly FailureRecord[]>;
  appendPlanSteps(runId: string, steps: readonly PlanStep[]): Promise<void>;
  getPlanSteps(runId: string, offset: number, limit: number): Promise<{ total: number; steps: readonly PlanStep[] }>;
  /** A reconcile's drift report, entry by entry (in-sync pairs are only counted). */
  appendReport(runId: string, entries: readonly DriftEntry[]): Promise<void>;
  getReport(runId: string, offset: number, limit: number): Promise<{ total: number; entries: readonly DriftEntry[] }>;
  /** Destructive steps held by the safety brake, as opaque job payloads. */
  holdSteps(runId: string, payloads: readonly unknown[]): Promise<void>;
  getHeld(runId: string): Promise<readonly unknown[]>;
  /** Take (and remove) the held payloads; a second call returns none. */
  takeHeld(runId: string): Promise<readonly unknown[]>;

  // flags (the only copy: resolutions are not rebuildable)
  upsertFlag(flag: Omit<Flag, 'firstSeen' | 'state' | 'resolution'> & { state?: FlagState }): Promise<Flag>;
  getFlag(id: string): Promise<Flag | undefined>;
  listFlags(query?: FlagQuery): Promise<readonly Flag[]>;
  resolveFlag(id: string, by: string, note: string): Promise<Flag | undefined>;
  autoCloseFlag(id: string, reason: string): Promise<Flag | undefined>;

  // cursors and locks
  getCursor(name: string): Promise<string | undefined>;
  setCursor(name: string, value: string): Promise<void>;
  /** Single-flight: take the lock for `owner`, or re-enter one `owner` already holds. */
  acquireLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  renewLock(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLock(name: string, owner: string): Promise<void>;
  lockHolder(name: string): Promise<string | undefined>;
}
