import { MappingInvalidError, compileMapping } from '../../src/mapping/compile.js';
import type { CompiledMapping } from '../../src/mapping/compiled-mapping.js';
import type { FileProblem } from '../../src/domain/errors.js';
import type { GroupMappingInput, Profile, UserMappingInput } from '../../src/domain/records.js';

export const CUSTOM_NS = 'urn:ietf:params:scim:schemas:extension:customfield:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** The rule lines always needed, so a test can focus on the rule under test. */
export const GROUP_SECTION = 'group:\n  displayName: { from: profile.name, required: true }\n';

/** A mapping with userName plus the given user rules (YAML lines, indented by the caller or not). */
export function userMapping(rules: string, opts: { userName?: boolean } = {}): string {
  const lines = rules
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => `  ${l}`)
    .join('\n');
  const userName = opts.userName === false ? '' : '  userName: { from: profile.login, required: true }\n';
  return `user:\n${userName}${lines}\n${GROUP_SECTION}`;
}

export function compile(text: string, customFieldNamespace?: string): CompiledMapping {
  return compileMapping(text, { file: '/cfg/mapping.yaml', ...(customFieldNamespace ? { customFieldNamespace } : {}) });
}

/** The problems compiling `text` reports (fails the test when it compiles). */
export function problemsOf(text: string, customFieldNamespace?: string): { problems: readonly FileProblem[]; warnings: readonly FileProblem[] } {
  try {
    compile(text, customFieldNamespace);
  } catch (err) {
    if (err instanceof MappingInvalidError) return { problems: err.problems, warnings: err.warnings };
    throw err;
  }
  throw new Error(`expected mapping problems, but it compiled:\n${text}`);
}

export function user(profile: Profile, extra: Partial<UserMappingInput> = {}): UserMappingInput {
  return { id: '00u1', status: 'ACTIVE', profile: { login: 'alice@acme.com', ...profile }, appProfile: {}, ...extra };
}

export function group(profile: Profile, extra: Partial<GroupMappingInput> = {}): GroupMappingInput {
  return { id: '00g1', type: 'OKTA_GROUP', profile: { name: 'Engineering', ...profile }, ...extra };
}
