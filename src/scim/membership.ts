import { OisyncError } from '../domain/errors.js';
import type { MemberDelta } from '../domain/ports.js';
import type { PatchOperation } from '../domain/scim.js';
import { memberPath } from './filter-string.js';

/**
 * A membership delta as PATCH requests of at most `batchSize` changes each (AWS-style caps;
 * IDaaS publishes none). Removes use `members[value eq "id"]`, one op per member — never a
 * path-less `remove members`, which RFC 7644 defines as "remove every member". Adds go in one
 * `add members` op with a value list. Removes come first, so re-adding is never undone.
 */
export function membershipBatches(delta: MemberDelta, batchSize: number): PatchOperation[][] {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new OisyncError('INTERNAL', `membershipBatchSize must be a positive integer (got ${batchSize})`);
  const removes = [...new Set(delta.remove)];
  const seen = new Set<string>();
  const adds = delta.add.filter((m) => (seen.has(m.value) ? false : (seen.add(m.value), true)));
  for (const id of [...removes, ...adds.map((m) => m.value)]) {
    if (typeof id !== 'string' || id.trim() === '') throw new OisyncError('INTERNAL', 'a member id in a membership delta is empty; refusing to build a members path from it');
  }
  type Change = { kind: 'remove'; id: string } | { kind: 'add'; value: string; display: string | undefined };
  const changes: Change[] = [
    ...removes.map((id): Change => ({ kind: 'remove', id })),
    ...adds.map((m): Change => ({ kind: 'add', value: m.value, display: m.display })),
  ];
  const batches: PatchOperation[][] = [];
  for (let i = 0; i < changes.length; i += batchSize) {
    const chunk = changes.slice(i, i + batchSize);
    const ops: PatchOperation[] = [];
    const added: { value: string; display?: string }[] = [];
    for (const c of chunk) {
      if (c.kind === 'remove') ops.push({ op: 'remove', path: memberPath(c.id) });
      else added.push(c.display === undefined ? { value: c.value } : { value: c.value, display: c.display });
    }
    if (added.length > 0) ops.push({ op: 'add', path: 'members', value: added });
    batches.push(ops);
  }
  return batches;
}
