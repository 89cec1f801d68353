import { closest } from '../config/suggest.js';
import type { Section } from './attributes.js';

/**
 * Where a rule reads from. A user record is `{ id, status, created, lastUpdated, profile,
 * appProfile }`, a group record `{ id, type, profile }` (DESIGN §6). Okta profiles are flat, so a
 * path is a root, or `profile.NAME` / `appProfile.NAME`.
 */
export interface SourcePath {
  readonly root: string;
  /** The profile attribute, for `profile.*` and `appProfile.*`. */
  readonly attribute: string | undefined;
  readonly text: string;
}

const VALUE_ROOTS: Readonly<Record<Section, readonly string[]>> = {
  user: ['id', 'status', 'created', 'lastUpdated'],
  group: ['id', 'type'],
};
const PROFILE_ROOTS: Readonly<Record<Section, readonly string[]>> = {
  user: ['profile', 'appProfile'],
  group: ['profile'],
};

export function sourceRoots(section: Section): readonly string[] {
  return [...VALUE_ROOTS[section], ...PROFILE_ROOTS[section]];
}

export function valueRoots(section: Section): readonly string[] {
  return VALUE_ROOTS[section];
}

export function profileRoots(section: Section): readonly string[] {
  return PROFILE_ROOTS[section];
}

/** Okta's 31 default user profile attributes (Users API, `profile` object). */
export const OKTA_USER_ATTRIBUTES: readonly string[] = [
  'login',
  'email',
  'secondEmail',
  'firstName',
  'lastName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
  'title',
  'displayName',
  'nickName',
  'profileUrl',
  'mobilePhone',
  'primaryPhone',
  'streetAddress',
  'city',
  'state',
  'zipCode',
  'postalAddress',
  'countryCode',
  'preferredLanguage',
  'locale',
  'timezone',
  'userType',
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
  'managerId',
  'manager',
];

/** Okta's default group profile attributes. */
export const OKTA_GROUP_ATTRIBUTES: readonly string[] = ['name', 'description'];

/** Okta variable names: a letter or `_`, then letters, digits and `_`. */
export const PROFILE_ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type SourceResult =
  | { readonly ok: true; readonly path: SourcePath; readonly warning?: { readonly message: string; readonly hint?: string } }
  | { readonly ok: false; readonly message: string; readonly hint?: string };

const fail = (message: string, hint?: string): SourceResult => ({ ok: false, message, ...(hint ? { hint } : {}) });

/**
 * Okta Expression Language spellings an admin may bring along, and ours: `user.firstName` and
 * `user.profile.firstName` (Identity Engine), `appuser.x`, `user.id`/`user.status` and
 * `user.getInternalProperty("id")`.
 */
function fromOktaEl(text: string, section: Section): string | undefined {
  const internal = /^(?:user|group)\.getInternalProperty\(\s*["'](\w+)["']\s*\)$/.exec(text);
  if (internal?.[1] && sourceRoots(section).includes(internal[1])) return internal[1];
  const m = /^(user|appuser|group)\.(?:profile\.)?(\w+)$/.exec(text);
  if (!m?.[2]) return undefined;
  const [, owner, name] = m;
  if (owner === 'appuser') return section === 'user' ? `appProfile.${name}` : undefined;
  if ((owner === 'user') !== (section === 'user')) return undefined;
  if (!text.includes('.profile.') && valueRoots(section).includes(name)) return name;
  return `profile.${name}`;
}

export function parseSourcePath(text: string, section: Section): SourceResult {
  const record = section === 'user' ? 'a user record' : 'a group record';
  const roots = sourceRoots(section);
  const shape = `it has ${roots.join(', ')}`;
  const el = fromOktaEl(text, section);
  if (el) return fail(`"${text}" is Okta Expression Language; here paths start at the record`, `write "${el}"`);

  const parts = text.split('.');
  const root = parts[0] ?? '';
  if (!roots.includes(root)) {
    const other: Section = section === 'user' ? 'group' : 'user';
    if (sourceRoots(other).includes(root)) return fail(`${record} has no "${root}"; ${shape}`);
    const near = closest(root, roots);
    const tail = parts.length > 1 ? `.${parts.slice(1).join('.')}` : '';
    return fail(`"${root}" cannot exist: ${record} has ${roots.join(', ')}`, near ? `did you mean "${near}${tail}"?` : undefined);
  }
  if (VALUE_ROOTS[section].includes(root)) {
    if (parts.length > 1) return fail(`${root} is a plain value; "${text}" cannot exist`, `write "${root}"`);
    return { ok: true, path: { root, attribute: undefined, text } };
  }
  if (parts.length === 1) return fail(`name an attribute of ${root}, e.g. "${root}.${section === 'user' ? 'login' : 'name'}"`);
  if (parts.length > 2) {
    return fail(`Okta profiles are flat; "${text}" cannot exist`, `write "${root}.${parts[1] ?? ''}"`);
  }
  const attribute = parts[1] ?? '';
  if (!PROFILE_ATTRIBUTE_NAME.test(attribute)) {
    return fail(`"${attribute}" is not an Okta attribute name (letters, digits and _; not starting with a digit)`);
  }
  const path: SourcePath = { root, attribute, text };
  if (root !== 'profile') return { ok: true, path };
  const defaults = section === 'user' ? OKTA_USER_ATTRIBUTES : OKTA_GROUP_ATTRIBUTES;
  if (defaults.includes(attribute)) return { ok: true, path };
  const near = closest(attribute, defaults);
  if (near === undefined) return { ok: true, path };
  return {
    ok: true,
    path,
    warning: {
      message: `"${text}" is not a default Okta attribute; it is read as a custom attribute and is empty unless one has that exact name`,
      hint: `did you mean "profile.${near}"?`,
    },
  };
}

/** A piece of a template: literal text, or a placeholder with its offset in the template. */
export type TemplatePart = { readonly text: string } | { readonly path: SourcePath };

export interface TemplateIssue {
  readonly offset: number;
  readonly message: string;
  readonly hint?: string;
  readonly warning?: boolean;
}

/**
 * `"{profile.firstName} {profile.lastName}"`; `{{` and `}}` stand for literal braces. Returns
 * the parts and every problem, each at its offset in the template text.
 */
export function parseTemplate(text: string, section: Section): { parts: TemplatePart[]; issues: TemplateIssue[] } {
  const parts: TemplatePart[] = [];
  const issues: TemplateIssue[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '{' && text[i + 1] === '{') {
      literal += '{';
      i += 2;
    } else if (c === '}' && text[i + 1] === '}') {
      literal += '}';
      i += 2;
    } else if (c === '}') {
      issues.push({ offset: i, message: 'unmatched "}" in template', hint: 'write }} for a literal brace' });
      i++;
    } else if (c === '{') {
      const end = text.indexOf('}', i + 1);
      if (end === -1) {
        issues.push({ offset: i, message: 'placeholder "{" is never closed', hint: 'write {{ for a literal brace' });
        break;
      }
      const inner = text.slice(i + 1, end);
      const lead = inner.length - inner.trimStart().length;
      const name = inner.trim();
      if (literal) parts.push({ text: literal });
      literal = '';
      if (name === '') {
        issues.push({ offset: i, message: 'empty placeholder {}', hint: 'write {profile.ATTRIBUTE}, or {{}} for literal braces' });
      } else {
        const r = parseSourcePath(name, section);
        if (r.ok) {
          parts.push({ path: r.path });
          if (r.warning) issues.push({ offset: i + 1 + lead, ...r.warning, warning: true });
        } else {
          issues.push({ offset: i + 1 + lead, message: r.message, ...(r.hint ? { hint: r.hint } : {}) });
        }
      }
      i = end + 1;
    } else {
      literal += c;
      i++;
    }
  }
  if (literal) parts.push({ text: literal });
  return { parts, issues };
}
