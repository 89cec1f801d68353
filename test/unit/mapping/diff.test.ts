import { describe, expect, it } from 'vitest';
import { diffMappings, formatMappingDiff } from '../../../src/mapping/diff.js';
import { compile, userMapping } from '../../helpers/mapping.js';

describe('mapping diff', () => {
  const before = compile(userMapping('title: { from: profile.title }\nnickName: { from: profile.nickName }\nexternalId: { from: id }'));

  it('names added, changed and removed attributes per section', () => {
    const after = compile(
      userMapping('title: { from: profile.title, transform: [trim] }\nexternalId: { from: id }\nuserType: { value: Employee }').replace(
        'group:\n  displayName: { from: profile.name, required: true }',
        'group:\n  displayName: { from: profile.name, required: true }\n  externalId: { from: id }',
      ),
    );
    const d = diffMappings(before, after);
    expect(d.user).toEqual({ added: ['userType'], removed: ['nickName'], changed: ['title'], reordered: false });
    expect(d.group).toEqual({ added: ['externalId'], removed: [], changed: [], reordered: false });
    expect(d.same).toBe(false);
    expect(formatMappingDiff(d)).toBe('user: +userType ~title -nickName; group: +externalId');
  });

  it('says when only the order changed', () => {
    const after = compile(userMapping('externalId: { from: id }\ntitle: { from: profile.title }\nnickName: { from: profile.nickName }'));
    const d = diffMappings(before, after);
    expect(d.user.reordered).toBe(true);
    expect(formatMappingDiff(d)).toBe('user: (rules reordered); group: unchanged');
  });

  it('says when the custom-field namespace changed', () => {
    const d = diffMappings(before, compile(userMapping('title: { from: profile.title }\nnickName: { from: profile.nickName }\nexternalId: { from: id }'), 'urn:acme:x'));
    expect(formatMappingDiff(d)).toContain('custom-field namespace urn:ietf:params:scim:schemas:extension:customfield:2.0:User → urn:acme:x');
  });

  it('a comment-only edit is no effective change', () => {
    const d = diffMappings(before, compile(`# edited\n${userMapping('title: { from: profile.title }   # why\nnickName: { from: profile.nickName }\nexternalId: { from: id }')}`));
    expect(d.same).toBe(true);
    expect(formatMappingDiff(d)).toBe('no effective change');
  });
});
