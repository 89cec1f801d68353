/** What a route handler sees and returns; the server does auth, limits, faults and writing. */
export interface RouteRequest {
  readonly method: string;
  /** Decoded path, no query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Absolute base of links, e.g. `http://127.0.0.1:4010`. */
  readonly base: string;
  /** The absolute request URL (the `self` link). */
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The emulator's page-size cap (tests use it to get many pages from a small org). */
  readonly pageCap: number;
}

export interface RouteResponse {
  readonly status?: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

export type Handler = (req: RouteRequest) => RouteResponse;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path with `:name` placeholders for one segment each. */
  readonly path: string;
  readonly handler: Handler;
}
