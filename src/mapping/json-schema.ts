import { SCHEMA_CUSTOMFIELD_USER, SCHEMA_ENTERPRISE_USER } from '../domain/scim.js';
import { ENTERPRISE_ATTRIBUTES, REQUIRED_TARGET, SECTION_SCHEMA, coreAttributes, type AttributeDef, type Section } from './attributes.js';
import { RULE_KEYS } from './rule.js';
import { PROFILE_ATTRIBUTE_NAME, profileRoots, valueRoots } from './source-path.js';
import { TRANSFORMS, type ArgSpec, type TransformDef } from './transforms.js';

/**
 * JSON Schema (draft 2020-12) of the mapping file, for editors (completion, hover, red
 * squiggles). Built from the compiler's own tables — the attribute catalogue, the source roots,
 * the rule keys and the transform registry — so it cannot list what the compiler refuses.
 * What a schema cannot know is left to `oisync mapping validate`: the configured custom-field
 * namespace, whether a regular expression compiles, template placeholders, duplicate targets
 * written two ways. A test checks both agree on a table of files.
 */
export function mappingJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'okta-idaas-sync attribute mapping (config/mapping.yaml)',
    description: 'How Okta users and groups become IDaaS SCIM resources. Reference: docs/mapping.md',
    type: 'object',
    additionalProperties: false,
    required: ['user', 'group'],
    properties: {
      user: section('user', 'Rules for users: SCIM attribute path → rule over { id, status, created, lastUpdated, profile, appProfile }.'),
      group: section('group', 'Rules for groups: SCIM attribute path → rule over { id, type, profile }.'),
    },
    $defs: {
      userRule: rule('user', false),
      userBooleanRule: rule('user', true),
      groupRule: rule('group', false),
      transform: transformSchema(),
    },
  };
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alt = (xs: readonly string[]): string => `(?:${xs.join('|')})`;

/** Every target path the compiler accepts for a section, as one regular expression. */
export function targetPattern(section: Section): string {
  const core = `(?:${esc(SECTION_SCHEMA[section])}:)?${attributesPattern(coreAttributes(section))}`;
  if (section === 'group') return `^${core}$`;
  const enterprise = `${esc(SCHEMA_ENTERPRISE_USER)}:${attributesPattern(ENTERPRISE_ATTRIBUTES)}`;
  // Any URN with a field: the compiler then requires it to be idaas.customFieldNamespace.
  const custom = `urn:[A-Za-z0-9][A-Za-z0-9-]*(?::[^:\\[\\]\\s]+)+:[A-Za-z][A-Za-z0-9_-]*`;
  return `^${alt([core, enterprise, custom])}$`;
}

function attributesPattern(defs: readonly AttributeDef[]): string {
  const forms: string[] = [];
  for (const d of defs) {
    if (d.kind === 'simple') forms.push(esc(d.name));
    else if (d.kind === 'complex') forms.push(`${esc(d.name)}\\.${alt(d.subs.filter((s) => !s.forbidden).map((s) => esc(s.name)))}`);
    else if (d.kind === 'multi') {
      const subs = d.subs.filter((s) => !s.forbidden).map((s) => esc(s.name));
      forms.push(`${esc(d.name)}\\[\\s*type\\s+[eE][qQ]\\s+"(?:[^"\\\\]|\\\\.)+"\\s*\\]\\.${alt(subs)}`);
    }
  }
  return alt(forms);
}

function isBooleanTarget(path: string): boolean {
  return path === 'active' || path.endsWith('.primary');
}

/** The targets an editor offers, each with a one-line description. */
function knownTargets(section: Section): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (defs: readonly AttributeDef[], prefix: string): void => {
    for (const d of defs) {
      if (d.kind === 'simple') out[`${prefix}${d.name}`] = TARGET_NOTES[d.name] ?? `SCIM ${d.name}`;
      else if (d.kind === 'complex') for (const s of d.subs) if (!s.forbidden) out[`${prefix}${d.name}.${s.name}`] = `SCIM ${d.name}.${s.name}`;
      if (d.kind === 'multi') {
        for (const s of d.subs) {
          if (s.forbidden) continue;
          out[`${prefix}${d.name}[type eq "${d.exampleType}"].${s.name}`] = `SCIM ${d.name} entry of type "${d.exampleType}": ${s.name}${s.name === 'primary' ? ' (default: the first entry is primary)' : ''}`;
        }
      }
    }
  };
  add(coreAttributes(section), '');
  if (section === 'user') {
    add(ENTERPRISE_ATTRIBUTES, `${SCHEMA_ENTERPRISE_USER}:`);
    out[`${SCHEMA_CUSTOMFIELD_USER}:user_address`] = 'IDaaS extended field user_address (the namespace must equal idaas.customFieldNamespace)';
  }
  return out;
}

const TARGET_NOTES: Readonly<Record<string, string>> = {
  userName: 'SCIM userName (required). IDaaS: letters, digits and _ . @ - only, at most 64 characters.',
  externalId: 'SCIM externalId: the Okta id, so records stay linked across renames. IDaaS: at most 64 characters.',
  displayName: 'SCIM displayName. IDaaS: at most 64 characters for users.',
  active: 'SCIM active (true/false), e.g. { from: status, map: { ACTIVE: true, default: false } }.',
};

function section(s: Section, description: string): Record<string, unknown> {
  const ruleRef = s === 'user' ? '#/$defs/userRule' : '#/$defs/groupRule';
  const properties: Record<string, unknown> = {};
  for (const [path, note] of Object.entries(knownTargets(s))) {
    properties[path] = { $ref: s === 'user' && isBooleanTarget(path) ? '#/$defs/userBooleanRule' : ruleRef, description: note };
  }
  const required = REQUIRED_TARGET[s];
  return {
    type: 'object',
    description,
    properties,
    ...(s === 'user'
      ? {
          patternProperties: {
            [`^(?:${esc(SECTION_SCHEMA.user)}:)?active$`]: { $ref: '#/$defs/userBooleanRule' },
            '\\]\\.primary$': { $ref: '#/$defs/userBooleanRule' },
          },
        }
      : {}),
    additionalProperties: { $ref: ruleRef },
    propertyNames: { pattern: targetPattern(s) },
    anyOf: [{ required: [required] }, { required: [`${SECTION_SCHEMA[s]}:${required}`] }],
  };
}

/** Every source path the compiler accepts for a section (near-misses are warnings, not errors). */
export function sourcePattern(s: Section): string {
  const name = PROFILE_ATTRIBUTE_NAME.source.replace(/^\^|\$$/g, '');
  return `^${alt([...valueRoots(s).map(esc), `${alt(profileRoots(s).map(esc))}\\.${name}`])}$`;
}

const NON_BLANK = '\\S';

function rule(s: Section, booleanTarget: boolean): Record<string, unknown> {
  const constant = booleanTarget
    ? { type: 'boolean' }
    : { type: ['string', 'number', 'boolean'], pattern: NON_BLANK };
  const mapValue = booleanTarget ? { type: ['boolean', 'null'] } : { type: ['string', 'number', 'boolean', 'null'], pattern: NON_BLANK };
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      from: { type: 'string', pattern: sourcePattern(s), description: RULE_KEYS.from },
      template: { type: 'string', description: RULE_KEYS.template },
      value: { ...constant, description: RULE_KEYS.value },
      transform: { type: 'array', items: { $ref: '#/$defs/transform' }, description: RULE_KEYS.transform },
      map: { type: 'object', minProperties: 1, additionalProperties: mapValue, description: RULE_KEYS.map },
      default: { ...constant, description: RULE_KEYS.default },
      required: { type: 'boolean', description: RULE_KEYS.required },
    },
    oneOf: [{ required: ['from'] }, { required: ['template'] }, { required: ['value'] }],
  };
}

function argSchema(a: ArgSpec): Record<string, unknown> {
  switch (a.kind) {
    case 'text':
      return { type: ['string', 'number'] };
    case 'nonEmptyText':
      return { anyOf: [{ type: 'string', minLength: 1 }, { type: 'number' }] };
    case 'positiveInt':
      return { type: 'integer', minimum: 1 };
    case 'countryCode':
      return { anyOf: [{ type: 'string', pattern: '^[1-9][0-9]{0,2}$' }, { type: 'integer', minimum: 1, maximum: 999 }] };
    case 'regex':
      return { type: 'string', minLength: 1 };
  }
}

function textArgPattern(a: ArgSpec): string {
  switch (a.kind) {
    case 'text':
      return '[\\s\\S]*';
    case 'nonEmptyText':
    case 'regex':
      return '[\\s\\S]+';
    case 'positiveInt':
      return '0*[1-9][0-9]*';
    case 'countryCode':
      return '[1-9][0-9]{0,2}';
  }
}

function transformSchema(): Record<string, unknown> {
  const bare = TRANSFORMS.filter((t) => t.args.every((a) => a.optional)).map((t) => t.name);
  const forms: Record<string, unknown>[] = [{ enum: bare }];
  for (const t of TRANSFORMS) {
    const [first] = t.args;
    if (t.args.length === 1 && first) {
      forms.push({ type: 'string', pattern: `^${esc(t.name)}:${textArgPattern(first)}$`, description: describe(t) });
    }
    if (t.args.length > 0) forms.push(objectForm(t));
  }
  return { description: `A transform: ${TRANSFORMS.map((t) => t.name).join(', ')}. See docs/mapping.md.`, anyOf: forms };
}

function objectForm(t: TransformDef): Record<string, unknown> {
  const min = t.args.filter((a) => !a.optional).length;
  const list = { type: 'array', prefixItems: t.args.map(argSchema), items: false, minItems: min, maxItems: t.args.length };
  const [first] = t.args;
  const value = t.args.length === 1 && first ? { anyOf: [argSchema(first), list] } : list;
  return { type: 'object', properties: { [t.name]: value }, required: [t.name], additionalProperties: false, description: describe(t) };
}

function describe(t: TransformDef): string {
  return `${t.name}: ${t.summary}`;
}
