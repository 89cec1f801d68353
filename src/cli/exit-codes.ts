/** Process exit codes (DESIGN §4). */
export const EXIT = {
  OK: 0,
  /** A run finished with failed records, or a runtime error. */
  FAILED: 1,
  /** Bad config or usage. */
  USAGE: 2,
  /** Destructive steps held by the safety brake; `oisync plan approve RUN`. */
  HELD: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
