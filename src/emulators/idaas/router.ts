/** Where a request under the SCIM base path goes, and how the counters name it. */
export type RouteKind = 'users' | 'groups' | 'spc' | 'resourceTypes' | 'schemas' | 'unsupported' | 'none';

export interface Route {
  readonly kind: RouteKind;
  /** Path template for counters and metrics, e.g. `/Users/{id}`. */
  readonly template: string;
  readonly id: string | undefined;
  /** Methods the route answers; others get 405. Empty for `unsupported`/`none` (any method). */
  readonly methods: readonly string[];
  /** Discovery endpoints need no token on IDaaS. */
  readonly public: boolean;
}

const COLLECTION = ['GET', 'POST'];
const RESOURCE = ['GET', 'PUT', 'PATCH', 'DELETE'];

export function matchRoute(relPath: string): Route {
  const parts = relPath.split('/').filter((p) => p !== '');
  const [first, second, ...more] = parts;
  const route = (kind: RouteKind, template: string, methods: readonly string[], id?: string, isPublic = false): Route => ({
    kind,
    template,
    id,
    methods,
    public: isPublic,
  });
  if (more.length > 0 || first === undefined) return route('none', '(unknown)', []);
  switch (first) {
    case 'ServiceProviderConfig':
      return second === undefined ? route('spc', '/ServiceProviderConfig', ['GET'], undefined, true) : route('none', '(unknown)', []);
    case 'ResourceTypes':
      return second === undefined
        ? route('resourceTypes', '/ResourceTypes', ['GET'], undefined, true)
        : route('resourceTypes', '/ResourceTypes/{id}', ['GET'], decode(second), true);
    case 'Schemas':
      return second === undefined ? route('schemas', '/Schemas', ['GET'], undefined, true) : route('schemas', '/Schemas/{id}', ['GET'], decode(second), true);
    case 'Users':
    case 'Groups': {
      const kind = first === 'Users' ? 'users' : 'groups';
      if (second === undefined) return route(kind, `/${first}`, COLLECTION);
      if (second === '.search') return route('unsupported', `/${first}/.search`, []);
      return route(kind, `/${first}/{id}`, RESOURCE, decode(second));
    }
    case 'Bulk':
    case 'Me':
    case '.search':
      return second === undefined ? route('unsupported', `/${first}`, []) : route('none', '(unknown)', []);
    default:
      return route('none', '(unknown)', []);
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
