import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { locate, parseYamlSource, pathToString, type YamlSource } from '../../config/yaml-source.js';
import { formatProblem, OisyncError, type FileProblem } from '../../domain/errors.js';
import { DEFAULT_BASE_TIME } from './generate.js';
import { idFromName, ID_PREFIX } from './ids.js';
import { CUSTOM_FIELD_NAMESPACE, DEFAULT_CUSTOM_APP_ATTRIBUTES, USER_STATUSES, type AppAttributeDef } from './org-model.js';
import { defaultPasswordPolicies } from './seed-defaults.js';
import { DEFAULT_APP, type SeedGroup, type SeedOrg, type SeedPasswordPolicy, type SeedUser } from './seed-model.js';

/**
 * The YAML seed file (format in docs/emulators.md, example in config/demo-okta.yaml): a
 * readable org description. Ids are derived from logins and group names unless given, so a
 * file edit elsewhere does not renumber anything. Every problem is reported at once with
 * file:line:col.
 */
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const profileSchema = z.record(z.string(), z.union([scalar, z.array(scalar)]));
const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO date such as 2024-06-01T00:00:00Z');

const userSchema = z.strictObject({
  id: z.string().min(1).optional(),
  login: z.string().min(1),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  /** Defaults to the login. */
  email: z.string().min(1).optional(),
  status: z.enum(USER_STATUSES as [string, ...string[]]).default('ACTIVE'),
  /** Any other profile attributes, standard or custom (mobilePhone, postalAddress, ...). */
  profile: profileSchema.default({}),
  /** Group names (or ids) the user is a member of. */
  groups: z.array(z.string().min(1)).default([]),
  /** Direct app assignment: true, or app profile values set on the assignment. */
  app: z.union([z.boolean(), z.strictObject({ profile: profileSchema.default({}) })]).default(false),
  created: isoDate.optional(),
  lastUpdated: isoDate.optional(),
});

const groupSchema = z.strictObject({
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  description: z.string().nullable().optional(),
  type: z.enum(['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN']).default('OKTA_GROUP'),
  /** Extra (custom) group profile attributes. */
  profile: profileSchema.default({}),
  /** Assigned to the app: true, or { priority, profile }. */
  app: z.union([z.boolean(), z.strictObject({ priority: z.number().int().min(0).optional(), profile: profileSchema.default({}) })]).default(false),
  created: isoDate.optional(),
});

const attributeSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'letters, digits and _ only (an Okta variable name)'),
  title: z.string().min(1).optional(),
  type: z.enum(['string', 'boolean', 'number', 'integer', 'array']).default('string'),
  /** The Okta user profile attribute mapped into it. */
  from: z.string().min(1).optional(),
  externalName: z.string().min(1).optional(),
  externalNamespace: z.string().min(1).optional(),
});

const policySchema = z.strictObject({
  name: z.string().min(1),
  priority: z.number().int().min(1),
  system: z.boolean().default(false),
  minLength: z.number().int().min(1).default(8),
  minLowerCase: z.number().int().min(0).max(1).default(1),
  minUpperCase: z.number().int().min(0).max(1).default(1),
  minNumber: z.number().int().min(0).max(1).default(1),
  minSymbol: z.number().int().min(0).max(1).default(1),
  /** Group names (or ids) the policy applies to; empty = everyone. */
  groups: z.array(z.string().min(1)).default([]),
});

const seedSchema = z.strictObject({
  /** The "now" that default timestamps are placed before. */
  baseTime: isoDate.optional(),
  app: z
    .strictObject({
      id: z.string().min(1).optional(),
      label: z.string().min(1).optional(),
      name: z.string().min(1).optional(),
      /** Custom app user attributes; default is user_address ← postalAddress. */
      attributes: z.array(attributeSchema).optional(),
    })
    .prefault({}),
  groups: z.array(groupSchema).default([]),
  users: z.array(userSchema).default([]),
  passwordPolicies: z.array(policySchema).optional(),
});

type SeedFile = z.output<typeof seedSchema>;
const DAY = 86_400_000;

export function loadSeedFile(file: string): SeedOrg {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new OisyncError('OKTA_EMULATOR_SEED_INVALID', `Okta emulator seed file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
      cause: err,
      details: { file },
    });
  }
  return parseSeed(file, text);
}

export function parseSeed(file: string, text: string): SeedOrg {
  const src = parseYamlSource(file, text);
  if (src.syntaxProblems.length > 0) fail(file, src.syntaxProblems);
  const result = seedSchema.safeParse(src.doc.toJS() ?? {});
  if (!result.success) {
    fail(
      file,
      result.error.issues.map((issue) => {
        const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
        const full = issue.code === 'unrecognized_keys' ? [...path, issue.keys[0] ?? ''] : path;
        return { file, ...locate(src, full, { key: issue.code === 'unrecognized_keys' }), path: pathToString(full), message: issue.message };
      }),
    );
  }
  return toSeedOrg(file, src, result.data);
}

function fail(file: string, problems: readonly FileProblem[]): never {
  const head = `Okta emulator seed ${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  throw new OisyncError('OKTA_EMULATOR_SEED_INVALID', [head, ...problems.map((p) => `  ${formatProblem(p)}`)].join('\n'), {
    details: { file, count: problems.length },
  });
}

function toSeedOrg(file: string, src: YamlSource, data: SeedFile): SeedOrg {
  const problems: FileProblem[] = [];
  const problem = (path: (string | number)[], message: string): void => {
    problems.push({ file, ...locate(src, path), path: pathToString(path), message });
  };
  const baseTime = data.baseTime ? Date.parse(data.baseTime) : DEFAULT_BASE_TIME;

  const groupIdByKey = new Map<string, string>();
  const groups: SeedGroup[] = [];
  let priority = 0;
  data.groups.forEach((g, i) => {
    const id = g.id ?? idFromName(ID_PREFIX.group, g.name);
    if (groupIdByKey.has(g.name) || groupIdByKey.has(id)) problem(['groups', i, 'name'], `duplicate group "${g.name}"`);
    groupIdByKey.set(g.name, id);
    groupIdByKey.set(id, id);
    const created = g.created ? Date.parse(g.created) : baseTime - (400 - i) * DAY;
    const app = g.app === false ? undefined : { priority: g.app === true ? priority : (g.app.priority ?? priority), profile: g.app === true ? {} : g.app.profile };
    if (app) priority++;
    groups.push({
      id,
      type: g.type,
      profile: { name: g.name, description: g.description ?? null, ...g.profile },
      ...(app ? { app } : {}),
      created,
      lastUpdated: created,
    });
  });

  const logins = new Set<string>();
  const users: SeedUser[] = data.users.map((u, i) => {
    if (logins.has(u.login.toLowerCase())) problem(['users', i, 'login'], `duplicate login "${u.login}"`);
    logins.add(u.login.toLowerCase());
    const groupIds = u.groups.flatMap((name, j) => {
      const id = groupIdByKey.get(name);
      if (!id) {
        problem(['users', i, 'groups', j], `unknown group "${name}"; groups are declared under groups:`);
        return [];
      }
      return [id];
    });
    const created = u.created ? Date.parse(u.created) : baseTime - (300 - (i % 300)) * DAY;
    return {
      id: u.id ?? idFromName(ID_PREFIX.user, u.login.toLowerCase()),
      status: u.status as SeedUser['status'],
      profile: { login: u.login, email: u.email ?? u.login, firstName: u.firstName, lastName: u.lastName, ...u.profile },
      groupIds,
      ...(u.app === false ? {} : { app: { profile: u.app === true ? {} : u.app.profile } }),
      created,
      lastUpdated: u.lastUpdated ? Date.parse(u.lastUpdated) : created + DAY,
    };
  });

  const attributes: AppAttributeDef[] = data.app.attributes
    ? data.app.attributes.map((a) => ({
        name: a.name,
        title: a.title ?? a.name,
        type: a.type,
        ...(a.from ? { from: a.from } : {}),
        externalName: a.externalName ?? a.name,
        externalNamespace: a.externalNamespace ?? CUSTOM_FIELD_NAMESPACE,
        base: false,
      }))
    : [...DEFAULT_CUSTOM_APP_ATTRIBUTES];

  let passwordPolicies: SeedPasswordPolicy[];
  if (data.passwordPolicies) {
    passwordPolicies = data.passwordPolicies.map((p, i) => ({
      id: idFromName(ID_PREFIX.policy, p.name),
      name: p.name,
      priority: p.priority,
      system: p.system,
      minLength: p.minLength,
      minLowerCase: p.minLowerCase,
      minUpperCase: p.minUpperCase,
      minNumber: p.minNumber,
      minSymbol: p.minSymbol,
      groupIds: p.groups.flatMap((name, j) => {
        const id = groupIdByKey.get(name);
        if (!id) problem(['passwordPolicies', i, 'groups', j], `unknown group "${name}"`);
        return id ? [id] : [];
      }),
    }));
  } else {
    passwordPolicies = defaultPasswordPolicies();
  }

  if (problems.length > 0) fail(file, problems);
  return {
    baseTime,
    app: {
      id: data.app.id ?? idFromName(ID_PREFIX.app, data.app.label ?? DEFAULT_APP.label),
      name: data.app.name ?? DEFAULT_APP.name,
      label: data.app.label ?? DEFAULT_APP.label,
      attributes,
    },
    groups,
    users,
    passwordPolicies,
  };
}
