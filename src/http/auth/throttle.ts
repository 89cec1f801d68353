/**
 * Wrong admin tokens per client address in a sliding minute. Past the limit, logins from that
 * address are refused until the window moves on, which turns guessing a long random token
 * from hopeless into more hopeless — and keeps a misbehaving script from filling the log.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
    private readonly maxClients = 10_000,
  ) {}

  blocked(client: string, now: number): boolean {
    return this.recent(client, now).length >= this.limit;
  }

  fail(client: string, now: number): void {
    const list = this.recent(client, now);
    list.push(now);
    this.failures.set(client, list);
    if (this.failures.size > this.maxClients) {
      // Forget the client that failed longest ago; bounded memory under a spray of addresses.
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }

  succeed(client: string): void {
    this.failures.delete(client);
  }

  private recent(client: string, now: number): number[] {
    const list = (this.failures.get(client) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length === 0) this.failures.delete(client);
    return list;
  }
}
