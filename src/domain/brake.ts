/**
 * The safety brake (DESIGN §7): destructive steps beyond `safety.maxDestructive` in one run
 * are held for approval; everything else goes ahead. Over either limit holds them all — a
 * partial application of a mass change is harder to reason about than none.
 */
export interface BrakeLimits {
  readonly count: number;
  readonly percent: number;
}

export interface BrakeVerdict {
  readonly hold: boolean;
  readonly reason: string;
}

export function brakeVerdict(destructive: number, linkedRecords: number, limits: BrakeLimits): BrakeVerdict {
  if (destructive === 0) return { hold: false, reason: 'no destructive steps' };
  if (destructive > limits.count) {
    return { hold: true, reason: `${destructive} destructive steps exceed safety.maxDestructive.count (${limits.count})` };
  }
  if (linkedRecords > 0) {
    const pct = (destructive * 100) / linkedRecords;
    if (pct > limits.percent) {
      return {
        hold: true,
        reason: `${destructive} destructive steps are ${pct.toFixed(1)}% of ${linkedRecords} linked records, over safety.maxDestructive.percent (${limits.percent}%)`,
      };
    }
  }
  return { hold: false, reason: `${destructive} destructive steps within limits` };
}
