import { bodyHash } from '../domain/canonical-json.js';
import { OisyncError } from '../domain/errors.js';
import type { RecordProblem, SourceDirectory } from '../domain/ports.js';
import { userMappingInput, type GroupMappingInput, type Profile, type UserMappingInput } from '../domain/records.js';
import type { Section } from './attributes.js';
import type { AttributeTrace } from './build-body.js';
import { formatRecordProblem, groupWho, userWho, type CompiledMapping, type Explained } from './compiled-mapping.js';

/** What `oisync mapping preview` shows: the body that would be sent, and the rule behind each attribute. */
export interface PreviewReport {
  readonly kind: Section;
  /** `user alice@acme.com (00u1)`. */
  readonly who: string;
  readonly mappingFile: string;
  readonly mappingHash: string;
  readonly ok: boolean;
  readonly body?: Record<string, unknown>;
  /** The hash the sync engine compares to decide "unchanged". */
  readonly bodyHash?: string;
  readonly attributes: readonly AttributeTrace[];
  readonly omitted: readonly AttributeTrace[];
  readonly problems: readonly RecordProblem[];
}

export function previewUserRecord(mapping: CompiledMapping, input: UserMappingInput): PreviewReport {
  return report('user', userWho(input), mapping, mapping.explainUser(input));
}

export function previewGroupRecord(mapping: CompiledMapping, input: GroupMappingInput): PreviewReport {
  return report('group', groupWho(input), mapping, mapping.explainGroup(input));
}

function report(kind: Section, who: string, mapping: CompiledMapping, x: Explained<Record<string, unknown>>): PreviewReport {
  const base = { kind, who, mappingFile: mapping.file, mappingHash: mapping.hash, attributes: x.sent, omitted: x.omitted };
  if (!x.result.ok) return { ...base, ok: false, problems: x.result.problems };
  return { ...base, ok: true, body: x.result.body, bodyHash: bodyHash(x.result.body), problems: [] };
}

export type UserPreview =
  | { readonly kind: 'preview'; readonly report: PreviewReport }
  | { readonly kind: 'not-assigned'; readonly id: string; readonly login?: string; readonly status: string }
  | { readonly kind: 'not-found'; readonly id: string };

/**
 * Preview a user as Okta holds it now: read it (by id or login) with its app profile through the
 * source port and map it. A user who exists but is not assigned to the app is reported as such:
 * it is not synced, so there is no body to show.
 */
export async function previewUser(source: SourceDirectory, mapping: CompiledMapping, idOrLogin: string): Promise<UserPreview> {
  const found = await source.getUser(idOrLogin);
  switch (found.kind) {
    case 'in-scope':
      return { kind: 'preview', report: previewUserRecord(mapping, userMappingInput(found.user)) };
    case 'not-assigned':
      return { kind: 'not-assigned', id: found.id, ...(found.login === undefined ? {} : { login: found.login }), status: found.status };
    case 'not-found':
      return { kind: 'not-found', id: found.id };
  }
}

/** The preview as an operator reads it. */
export function formatPreview(r: PreviewReport): string {
  const lines: string[] = [];
  const schema = r.kind === 'user' ? 'User' : 'Group';
  if (!r.ok) {
    lines.push(`${r.who} cannot be mapped (the sync would fail this record with MAPPING_RECORD):`);
    for (const p of r.problems) lines.push(`  ${formatRecordProblem(p)}`);
  } else {
    lines.push(`SCIM ${schema} body for ${r.who} (mapping ${r.mappingFile}, hash ${r.mappingHash.slice(0, 12)}):`);
    lines.push(JSON.stringify(r.body, null, 2));
  }
  if (r.attributes.length > 0) {
    lines.push('', r.ok ? 'attribute ← rule' : 'attributes that mapped:');
    const width = Math.min(90, Math.max(...r.attributes.map((a) => a.attribute.length)));
    for (const a of r.attributes) {
      const rule = a.rule === 'implicit' ? 'implicit (the first entry is primary)' : a.rule;
      lines.push(`  ${a.attribute.padEnd(width)}  ${rule}`);
    }
  }
  if (r.omitted.length > 0) {
    lines.push('', 'left out:');
    const width = Math.min(90, Math.max(...r.omitted.map((a) => a.attribute.length)));
    for (const a of r.omitted) lines.push(`  ${a.attribute.padEnd(width)}  ${a.rule}  ${a.omitted === 'empty' ? 'empty' : (a.omitted ?? '')}`);
  }
  return lines.join('\n');
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A record from a JSON file for an offline preview: the mapping input shape, or an Okta API user
 * or group object (extra keys such as `_links` and `credentials` are ignored).
 */
export function recordFromJson(json: unknown, kind: Section, file: string): UserMappingInput | GroupMappingInput {
  const bad = (why: string): OisyncError => new OisyncError('USAGE', `record file ${file}: ${why}`, { details: { file } });
  if (!isObject(json)) throw bad(`expected a JSON object with id${kind === 'user' ? ', status' : ''} and profile`);
  const id = json['id'];
  if (typeof id !== 'string' || id === '') throw bad('"id" must be a non-empty string (the Okta id)');
  const profile = json['profile'];
  if (!isObject(profile)) throw bad('"profile" must be an object of profile attributes');
  if (kind === 'group') {
    const type = json['type'] ?? 'OKTA_GROUP';
    if (typeof type !== 'string') throw bad('"type" must be a string such as OKTA_GROUP');
    return { id, type, profile: profile as Profile };
  }
  const status = json['status'];
  if (typeof status !== 'string' || status === '') throw bad('"status" must be an Okta user status such as ACTIVE');
  const appProfile = json['appProfile'] ?? {};
  if (!isObject(appProfile)) throw bad('"appProfile" must be an object (the app user profile)');
  const text = (k: string): { [key: string]: string } => (typeof json[k] === 'string' ? { [k]: json[k] } : {});
  return { id, status, ...text('created'), ...text('lastUpdated'), profile: profile as Profile, appProfile: appProfile as Profile };
}
