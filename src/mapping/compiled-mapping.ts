import { canonicalJson, sha256Hex } from '../domain/canonical-json.js';
import type { FileProblem } from '../domain/errors.js';
import type { MapResult, Mapper, RecordProblem } from '../domain/ports.js';
import type { GroupMappingInput, UserMappingInput } from '../domain/records.js';
import type { JsonValue, ScimGroupBody, ScimUserBody } from '../domain/scim.js';
import type { Section } from './attributes.js';
import { buildBody, type AttributeTrace } from './build-body.js';
import { evaluateRule } from './evaluate.js';
import { checkGroupConstraints, checkUserConstraints } from './idaas-constraints.js';
import type { CompiledRule } from './rule.js';

/** A mapping result with the rule behind each attribute, for previews. */
export interface Explained<T> {
  readonly result: MapResult<T>;
  /** Attributes in the body, each with the rule (file:line) that produced it. */
  readonly sent: readonly AttributeTrace[];
  /** Rules whose attribute is not in the body, and why (empty, entry without a value). */
  readonly omitted: readonly AttributeTrace[];
}

/** What a rule is, for status pages and diffs: its target, where it is, and what it means. */
export interface RuleInfo {
  readonly attribute: string;
  readonly rule: string;
  readonly line: number;
  readonly spec: JsonValue;
}

export interface CompiledMappingParts {
  readonly file: string;
  readonly customFieldNamespace: string;
  readonly user: readonly CompiledRule[];
  readonly group: readonly CompiledRule[];
  readonly warnings: readonly FileProblem[];
}

/** Bumped when the meaning of the same rules changes (evaluation or body shape). */
const ENGINE_VERSION = 1;

/**
 * A mapping file compiled once and evaluated per record. Implements the `Mapper` port: `mapUser`
 * and `mapGroup` never throw — a record that cannot be mapped comes back as its problems.
 */
export class CompiledMapping implements Mapper {
  readonly file: string;
  readonly customFieldNamespace: string;
  /**
   * SHA-256 of what the rules mean (not of the text: comments and layout do not count), plus the
   * namespace and the engine version. Equal hashes map every record identically.
   */
  readonly hash: string;
  readonly warnings: readonly FileProblem[];
  readonly rules: Readonly<Record<Section, readonly RuleInfo[]>>;
  private readonly compiled: Readonly<Record<Section, readonly CompiledRule[]>>;

  constructor(parts: CompiledMappingParts) {
    this.file = parts.file;
    this.customFieldNamespace = parts.customFieldNamespace;
    this.warnings = Object.freeze([...parts.warnings]);
    this.compiled = { user: [...parts.user], group: [...parts.group] };
    const info = (r: CompiledRule): RuleInfo => ({ attribute: r.target.canonical, rule: r.ref, line: r.line, spec: r.spec });
    this.rules = Object.freeze({ user: Object.freeze(parts.user.map(info)), group: Object.freeze(parts.group.map(info)) });
    this.hash = sha256Hex(
      canonicalJson({
        engine: ENGINE_VERSION,
        customFieldNamespace: parts.customFieldNamespace,
        user: parts.user.map((r) => r.spec),
        group: parts.group.map((r) => r.spec),
      }),
    );
    Object.freeze(this);
  }

  mapUser(input: UserMappingInput): MapResult<ScimUserBody> {
    return this.explainUser(input).result;
  }

  mapGroup(input: GroupMappingInput): MapResult<ScimGroupBody> {
    return this.explainGroup(input).result;
  }

  explainUser(input: UserMappingInput): Explained<ScimUserBody> {
    return this.run('user', input, userWho, (body, sent, who) => checkUserConstraints(body, sent, who)) as Explained<ScimUserBody>;
  }

  explainGroup(input: GroupMappingInput): Explained<ScimGroupBody> {
    return this.run('group', input, groupWho, (body, _sent, who) => checkGroupConstraints(body, who)) as Explained<ScimGroupBody>;
  }

  private run(
    section: Section,
    input: unknown,
    describe: (input: unknown) => string,
    constraints: (body: Record<string, unknown>, sent: readonly AttributeTrace[], who: string) => RecordProblem[],
  ): Explained<Record<string, unknown>> {
    let who = `${section} (unreadable record)`;
    try {
      who = describe(input);
      const outcomes = this.compiled[section].map((rule) => evaluateRule(rule, input, who));
      const failed = outcomes.flatMap((o) => (o.problem ? [o.problem] : []));
      const built = buildBody(section, outcomes);
      // A constraint on an attribute whose rule already failed would only repeat the failure.
      const broken = constraints(built.body, built.sent, who).filter((p) => !failed.some((f) => f.attribute === p.attribute));
      const problems = [...failed, ...broken];
      const result = problems.length > 0 ? { ok: false as const, problems } : { ok: true as const, body: built.body };
      return { result, sent: built.sent, omitted: built.omitted };
    } catch (err) {
      // Evaluation is written to be total; this keeps a defect from taking a sync run down.
      const message = `internal error while mapping (${err instanceof Error ? err.message : String(err)}); please report it (${who})`;
      return { result: { ok: false, problems: [{ attribute: '(mapping)', message }] }, sent: [], omitted: [] };
    }
  }
}

function safeText(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function field(input: unknown, ...path: string[]): unknown {
  let cur: unknown = input;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** `user alice@acme.com (00u1)` — the login and id, as far as the record has them. */
export function userWho(input: unknown): string {
  const id = safeText(field(input, 'id'));
  const login = safeText(field(input, 'profile', 'login'));
  if (login && id) return `user ${login} (${id})`;
  return `user ${login ?? id ?? '(no id)'}`;
}

export function groupWho(input: unknown): string {
  const id = safeText(field(input, 'id'));
  const name = safeText(field(input, 'profile', 'name'));
  if (name && id) return `group ${name} (${id})`;
  return `group ${name ?? id ?? '(no id)'}`;
}

/** One line per record problem: `userName (mapping.yaml:3): message; value "…"`. */
export function formatRecordProblem(p: RecordProblem): string {
  return `${p.attribute}${p.rule ? ` (${p.rule})` : ''}: ${p.message}${p.value !== undefined ? `; value ${p.value}` : ''}`;
}
