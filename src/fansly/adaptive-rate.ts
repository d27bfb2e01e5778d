// The adaptive half of the shared rate limit. A 429 means the configured
// rate is more than Fansly tolerates right now, so the rate every process
// uses is halved; it then climbs back in a straight line and reaches the
// configured rate `recoveryMs` after the last 429. The state is two columns
// of the shared `rate_limit` row, so every process slows down together.

/** How the shared rate reacts to 429s. */
export interface AdaptivePolicy {
  /** The configured rate, requests per second. */
  readonly configuredPerSec: number;
  /** From the last 429 until the configured rate is back. */
  readonly recoveryMs: number;
}

/** What the shared row remembers of the last slow-down. */
export interface SlowDown {
  /** Requests per second right after it; null when never slowed. */
  readonly currentRate: number | null;
  /** When it happened, Unix ms. */
  readonly slowedAt: number;
}

/**
 * However many 429s come in a row, the rate stays at or above 1/16 of the
 * configured one: by then the circuit breaker or the maximum cool-down is
 * the better tool, and a floor keeps a recovery period meaningful.
 */
export const MIN_RATE_FRACTION = 1 / 16;

/** @defaultValue for AdaptivePolicy.recoveryMs and FANSLY_RATE_RECOVERY */
export const DEFAULT_RECOVERY_MS = 10 * 60_000;

const floorOf = (policy: AdaptivePolicy): number =>
  policy.configuredPerSec * MIN_RATE_FRACTION;

/** Requests per second allowed at `now`. */
export function effectiveRate(
  policy: AdaptivePolicy,
  state: SlowDown,
  now: number,
): number {
  const { configuredPerSec, recoveryMs } = policy;
  if (state.currentRate === null) return configuredPerSec;
  // A row written under a higher configured rate must not speed us up.
  const start = Math.min(
    configuredPerSec,
    Math.max(floorOf(policy), state.currentRate),
  );
  const elapsed = Math.max(0, now - state.slowedAt);
  if (elapsed >= recoveryMs) return configuredPerSec;
  return start + (configuredPerSec - start) * (elapsed / recoveryMs);
}

/** The rate a 429 at `now` leaves: half the effective one, not below the floor. */
export function halvedRate(
  policy: AdaptivePolicy,
  state: SlowDown,
  now: number,
): number {
  return Math.max(floorOf(policy), effectiveRate(policy, state, now) / 2);
}

/** The rate as `status` shows it. */
export interface RateView {
  readonly configuredPerSec: number;
  readonly currentPerSec: number;
  /** When the configured rate is back; null when it is in force now. */
  readonly recoveredAt: number | null;
}

export function viewRate(
  policy: AdaptivePolicy,
  state: SlowDown,
  now: number,
): RateView {
  const currentPerSec = effectiveRate(policy, state, now);
  const slowed = currentPerSec < policy.configuredPerSec;
  return {
    configuredPerSec: policy.configuredPerSec,
    currentPerSec,
    recoveredAt: slowed ? state.slowedAt + policy.recoveryMs : null,
  };
}
