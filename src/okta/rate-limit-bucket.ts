/**
 * Which Okta rate-limit bucket a request path counts against (Okta's management rate-limit
 * table). Remaining-budget figures are tracked per bucket, since each bucket has its own
 * limit and reset: mixing them would slow down the wrong calls.
 */
export function rateLimitBucket(path: string): string {
  const seg = path.split('/').filter(Boolean); // ['api','v1','apps','0oa..','users']
  if (seg[0] === 'oauth2') return 'oauth2';
  const [, , root, id] = seg;
  switch (root) {
    case 'apps':
      return seg.length === 4 && id ? 'app' : 'apps';
    case 'users':
      return id ? 'user' : 'users';
    case 'groups':
      return id ? 'group' : 'groups';
    case 'logs':
      return 'logs';
    default:
      return 'other';
  }
}
