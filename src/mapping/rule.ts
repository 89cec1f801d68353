import type { JsonValue } from '../domain/scim.js';
import type { Section } from './attributes.js';
import type { SourcePath, TemplatePart } from './source-path.js';
import type { TargetPath } from './target-path.js';
import type { TransformFn } from './transforms.js';
import type { Scalar } from './values.js';

/** A rule as compiled: everything checked, nothing left to interpret per record. */
export interface CompiledRule {
  readonly section: Section;
  readonly target: TargetPath;
  /** Line of the rule's key in the file. */
  readonly line: number;
  /** `mapping.yaml:12`, as record problems and previews name the rule. */
  readonly ref: string;
  readonly source: RuleSource;
  readonly transforms: readonly CompiledTransform[];
  readonly map: ValueMap | undefined;
  /** The `default` modifier: used when the value is empty after transform and map. */
  readonly fallback: Scalar | undefined;
  readonly required: boolean;
  /** What the rule means, independent of layout and comments: feeds the mapping hash and diffs. */
  readonly spec: JsonValue;
}

export type RuleSource =
  | { readonly kind: 'from'; readonly path: SourcePath }
  | { readonly kind: 'template'; readonly text: string; readonly parts: readonly TemplatePart[] }
  | { readonly kind: 'value'; readonly value: Scalar };

export interface CompiledTransform {
  readonly name: string;
  readonly fn: TransformFn;
}

export interface ValueMap {
  /** Keyed by the value's text (`ACTIVE`, `true`, `42`); `null` maps to empty. */
  readonly entries: ReadonlyMap<string, Scalar | null>;
  /** The `default` entry, when present: used for every value not listed, empty ones included. */
  readonly otherwise: { readonly value: Scalar | null } | undefined;
}

/** The keys a rule may have, with what each does (drives messages, the JSON Schema and docs). */
export const RULE_KEYS = {
  from: 'Read the value at a path of the record: id, status, profile.login, appProfile.user_address …',
  template: 'Build text from placeholders: "{profile.firstName} {profile.lastName}"; {{ and }} are literal braces.',
  value: 'A constant (text, number or true/false).',
  transform: 'A list of transforms applied in order, e.g. [trim, lowercase, truncate:64].',
  map: 'A value table, e.g. { ACTIVE: true, default: false }; default is used for every value not listed.',
  default: 'The value to use when the result is empty.',
  required: 'true: an empty result fails this record (with the reason) instead of leaving the attribute out.',
} as const;

export type RuleKey = keyof typeof RULE_KEYS;
export const RULE_KEY_NAMES = Object.keys(RULE_KEYS) as RuleKey[];
export const SOURCE_KEYS: readonly RuleKey[] = ['from', 'template', 'value'];
