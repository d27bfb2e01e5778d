import { systemClock, type Clock } from "../clock.js";
import type { Db } from "../db/open.js";
import { sleep } from "./abort.js";
import {
  DEFAULT_RECOVERY_MS,
  effectiveRate,
  halvedRate,
  type AdaptivePolicy,
  type SlowDown,
} from "./adaptive-rate.js";
import { prepareCell, type Cell, type CellStatements } from "./rate-cell.js";
import {
  acquireWith,
  MAX_BLOCK_MS,
  type Claim,
  type RateLimiter,
  type Sleep,
} from "./rate-limiter.js";

/** The SQLite-backed limiter; `tryAcquire` lets tests check decisions without sleeping. */
export interface SharedRateLimiter extends RateLimiter {
  /** One claim: 0 when a request may leave now, else ms until one may. */
  tryAcquire(): number;
}

export interface SharedRateLimiterOptions {
  /** Requests per window, shared by every process on the database. */
  readonly requests: number;
  readonly perMs: number;
  /** Requests that may leave back to back; more than `requests` counts as `requests`. */
  readonly burst: number;
  /**
   * Time left unused in every window for latency jitter.
   * @defaultValue `defaultRateMarginMs(perMs)`
   */
  readonly marginMs?: number;
  /** @defaultValue the system clock */
  readonly clock?: Clock;
  /** How to wait between claims; tests pass one that moves a manual clock. */
  readonly sleep?: Sleep;
  /** From the last 429 until the configured rate is back. @defaultValue 10 min */
  readonly recoveryMs?: number;
  /** A longer block rejects `acquire` with E_RATE_LIMITED. @defaultValue MAX_BLOCK_MS */
  readonly maxWaitMs?: number;
}

// The server sees arrival times, not claim times, and latency varies from
// request to request; a margin of each window stays unused so that jitter
// cannot push one request too many into a window.
const MARGIN_FRACTION = 0.02;
const MIN_MARGIN_MS = 20;

/** The default margin: 2 % of the window, at least 20 ms. */
export const defaultRateMarginMs = (perMs: number): number =>
  Math.max(MIN_MARGIN_MS, Math.ceil(perMs * MARGIN_FRACTION));

/** GCRA parameters in whole ms. */
interface Pace {
  readonly interval: number;
  /** How far ahead of now `tat` may be for a request to leave. */
  readonly slack: number;
}

function basePace(options: SharedRateLimiterOptions): Pace {
  const { requests, perMs, burst } = options;
  const marginMs = options.marginMs ?? defaultRateMarginMs(perMs);
  for (const [name, value] of Object.entries({ requests, perMs, burst })) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(
        `Rate limiter ${name} must be a positive integer (got ${value})`,
      );
    }
  }
  if (!Number.isSafeInteger(marginMs) || marginMs < 0) {
    throw new TypeError(
      `Rate limiter marginMs must be a whole number of ms, 0 or more (got ${marginMs})`,
    );
  }
  const windowMs = perMs + marginMs;
  // A burst of b back to back, then one per interval: any window then holds
  // at most b + (requests - b) requests. Rounded up, never over budget.
  const bursting = Math.min(burst, requests);
  const interval = Math.ceil(windowMs / (requests - bursting + 1));
  return { interval, slack: (bursting - 1) * interval };
}

const slowDownOf = (cell: Cell): SlowDown => ({
  currentRate: cell.current_rate,
  slowedAt: cell.slowed_at,
});

/** The configured pace, or after a 429 a slower one without bursts. */
function paceAt(
  base: Pace,
  policy: AdaptivePolicy,
  cell: Cell,
  now: number,
): Pace {
  const rate = effectiveRate(policy, slowDownOf(cell), now);
  if (rate >= policy.configuredPerSec) return base;
  const interval = Math.ceil((base.interval * policy.configuredPerSec) / rate);
  return { interval, slack: 0 };
}

/**
 * How long until a claim can succeed. A cell no process of this
 * configuration could have written (another clock, a slower budget) is
 * pulled back first, so it cannot stall every process for hours.
 */
function waitAfterFailedClaim(
  cell: CellStatements,
  pace: Pace,
  now: number,
): Claim {
  const current = cell.read();
  const horizon = pace.slack + pace.interval;
  const tat = Math.min(current.tat, now + horizon);
  const blockedUntil = Math.min(current.blocked_until, now + MAX_BLOCK_MS);
  if (
    tat !== current.tat ||
    blockedUntil !== current.blocked_until ||
    current.slowed_at > now
  ) {
    cell.clamp(now, horizon, MAX_BLOCK_MS);
  }
  const blockedMs = Math.max(0, blockedUntil - now);
  const waitMs = Math.max(1, blockedMs, tat - pace.slack - now);
  return { waitMs, blockedMs };
}

/** One request budget for every process using the same SQLite file. */
export function createSharedRateLimiter(
  db: Db,
  options: SharedRateLimiterOptions,
): SharedRateLimiter {
  const clock = options.clock ?? systemClock;
  const base = basePace(options);
  const policy: AdaptivePolicy = {
    configuredPerSec: (options.requests * 1_000) / options.perMs,
    recoveryMs: options.recoveryMs ?? DEFAULT_RECOVERY_MS,
  };
  const cell = prepareCell(db);

  const claim = (): Claim => {
    const now = clock.now();
    const pace = paceAt(base, policy, cell.read(), now);
    if (cell.claim(now, pace.interval, pace.slack)) {
      return { waitMs: 0, blockedMs: 0 };
    }
    return waitAfterFailedClaim(cell, pace, now);
  };
  const acquire = {
    claim,
    clock,
    sleep: options.sleep ?? sleep,
    maxWaitMs: options.maxWaitMs ?? MAX_BLOCK_MS,
  };

  return {
    tryAcquire: () => claim().waitMs,
    acquire: (signal) => acquireWith(acquire, signal),
    block: (untilMs) => {
      const now = clock.now();
      cell.block(Math.min(Math.round(untilMs), now + MAX_BLOCK_MS), now);
    },
    slowDown: (sentAtMs) => {
      const now = clock.now();
      const rate = halvedRate(policy, slowDownOf(cell.read()), now);
      return cell.slow(rate, now, Math.round(sentAtMs)) ? rate : null;
    },
  };
}
