import type { ProfileValue } from '../../domain/records.js';
import { idFromRng, ID_PREFIX } from './ids.js';
import { ADDRESSES, DEPARTMENTS, FIRST_NAMES, GROUP_WORDS, LAST_NAMES, SITES, TITLES } from './names.js';
import { DEFAULT_CUSTOM_APP_ATTRIBUTES, type GroupType, type UserStatus } from './org-model.js';
import { createRng, type Rng } from './prng.js';
import { DEFAULT_APP, type SeedGroup, type SeedOrg, type SeedUser } from './seed-model.js';
import { defaultPasswordPolicies } from './seed-defaults.js';

export interface GenerateOptions {
  readonly users: number;
  readonly groups: number;
  /** The same seed number gives the same org, byte for byte. */
  readonly seed?: number;
  readonly appId?: string;
  /** Domain of generated logins. */
  readonly domain?: string;
  /** The "now" the generated timestamps lie before; epoch ms. */
  readonly baseTime?: number;
}

const DAY = 86_400_000;
export const DEFAULT_BASE_TIME = Date.UTC(2025, 0, 1);

/** Share of users per status; the rest are ACTIVE. */
const STATUS_MIX: readonly (readonly [UserStatus, number])[] = [
  ['DEPROVISIONED', 0.05],
  ['SUSPENDED', 0.03],
  ['PROVISIONED', 0.03],
  ['STAGED', 0.01],
  ['LOCKED_OUT', 0.01],
  ['PASSWORD_EXPIRED', 0.01],
  ['RECOVERY', 0.005],
];

/**
 * A realistic org of any size: mixed-script names, every lifecycle status, custom profile
 * attributes, users in 0..5 groups with a skewed spread (a few large groups, many small), a
 * share of users assigned directly, some groups assigned to the app, and some users in
 * neither (out of scope).
 */
export function generateOrg(opts: GenerateOptions): SeedOrg {
  const rng = createRng(opts.seed ?? 1);
  const baseTime = opts.baseTime ?? DEFAULT_BASE_TIME;
  const domain = opts.domain ?? 'acme.example';
  const groups = generateGroups(rng, Math.max(0, opts.groups), baseTime);
  const users: SeedUser[] = [];
  for (let i = 0; i < Math.max(0, opts.users); i++) users.push(generateUser(rng, i, groups, baseTime, domain));
  return {
    baseTime,
    app: { id: opts.appId ?? idFromRng(ID_PREFIX.app, rng), name: DEFAULT_APP.name, label: DEFAULT_APP.label, attributes: DEFAULT_CUSTOM_APP_ATTRIBUTES },
    users,
    groups,
    passwordPolicies: defaultPasswordPolicies(groups.find((g) => g.profile['name'] === 'idaas-Engineering')?.id),
  };
}

function generateGroups(rng: Rng, count: number, baseTime: number): SeedGroup[] {
  const out: SeedGroup[] = [];
  const names = new Set<string>();
  let assigned = 0;
  for (let i = 0; i < count; i++) {
    let name: string;
    if (i < DEPARTMENTS.length) name = `${i % 3 === 0 ? 'idaas-' : ''}${DEPARTMENTS[i] as string}`;
    else name = `${rng.chance(0.3) ? 'idaas-' : ''}${rng.pick(DEPARTMENTS)}-${rng.pick(GROUP_WORDS)}-${i}`;
    while (names.has(name)) name = `${name}-${i}`;
    names.add(name);
    const type: GroupType = i > 0 && i % 20 === 19 ? 'APP_GROUP' : 'OKTA_GROUP';
    const created = baseTime - rng.int(100, 900) * DAY;
    const profile: Record<string, ProfileValue> = { name, description: rng.chance(0.7) ? `${name} team` : null };
    // A custom group attribute: the SDK drops these unless GroupProfile is made extensible.
    if (rng.chance(0.5)) profile['costCenter'] = `CC-${rng.int(100, 999)}`;
    if (type === 'APP_GROUP') {
      profile['samAccountName'] = name.replace(/[^A-Za-z0-9]/g, '').slice(0, 20);
      profile['dn'] = `CN=${name},OU=Groups,DC=acme,DC=example`;
    }
    out.push({
      id: idFromRng(ID_PREFIX.group, rng),
      type,
      profile,
      created,
      lastUpdated: created + rng.int(0, 90) * DAY,
      ...(rng.chance(0.15) || i === 1 ? { app: { priority: assigned++, profile: {} } } : {}),
    });
  }
  return out;
}

function pickStatus(rng: Rng): UserStatus {
  let r = rng.next();
  for (const [status, share] of STATUS_MIX) {
    if (r < share) return status;
    r -= share;
  }
  return 'ACTIVE';
}

function generateUser(rng: Rng, i: number, groups: readonly SeedGroup[], baseTime: number, domain: string): SeedUser {
  const [first, asciiFirst] = rng.pick(FIRST_NAMES);
  const [last, asciiLast] = rng.pick(LAST_NAMES);
  const login = `${asciiFirst}.${asciiLast}${i}@${domain}`;
  const profile: Record<string, ProfileValue> = {
    login,
    email: login,
    firstName: first,
    lastName: last,
    displayName: rng.chance(0.5) ? `${first} ${last}` : null,
    title: rng.pick(TITLES),
    department: rng.pick(DEPARTMENTS),
    employeeNumber: String(100000 + i),
  };
  if (rng.chance(0.85)) profile['mobilePhone'] = `+86 1${rng.int(30, 89)} ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`;
  if (rng.chance(0.9)) profile['postalAddress'] = rng.pick(ADDRESSES);
  // A custom Okta user attribute (Profile Editor), which the SDK keeps (UserProfile is extensible).
  profile['workSite'] = rng.pick(SITES);

  const groupIds: string[] = [];
  if (groups.length > 0) {
    const r = rng.next();
    const k = r < 0.1 ? 0 : r < 0.4 ? 1 : r < 0.7 ? 2 : r < 0.9 ? 3 : rng.int(4, 5);
    for (let n = 0; n < k; n++) {
      // Squaring skews towards the first groups: a few big ones, a long tail of small ones.
      const g = groups[Math.floor(rng.next() ** 2 * groups.length)] as SeedGroup;
      if (!groupIds.includes(g.id)) groupIds.push(g.id);
    }
  }
  const created = baseTime - rng.int(1, 700) * DAY;
  const direct = rng.chance(0.55);
  return {
    id: idFromRng(ID_PREFIX.user, rng),
    status: pickStatus(rng),
    profile,
    groupIds,
    ...(direct ? { app: { profile: {} } } : {}),
    created,
    lastUpdated: Math.min(baseTime, created + rng.int(0, 300) * DAY),
  };
}
