// The simulator's own rate limit. It runs on real time, not the simulated
// clock, because clients wait in real time whatever the simulated date is.

import { parseRateLimit } from "../config-parse.js";

/** At most `requests` arrivals in any sliding window of `perMs` real ms. */
export interface RateLimitOptions {
  readonly requests: number;
  readonly perMs: number;
}

export interface RateGate {
  /**
   * Records an arrival at real time `at`. Returns the whole seconds of
   * Retry-After to answer with when the request is a violation: over the
   * window limit, or inside a cool-down announced earlier.
   */
  admit(at: number): number | undefined;
  /** Remembers a Retry-After sent at `at`; arrivals before its end violate. */
  announce(at: number, cooldownMs: number): void;
  setLimit(limit: RateLimitOptions | undefined): void;
}

/**
 * `toleranceMs` forgives arrivals that are that early: timers fire a little
 * early, Date.now rounds to whole ms, and two requests can swap order on the
 * way, so a client exactly on time may look a millisecond early here.
 */
export function createRateGate(
  toleranceMs: number,
  initial: RateLimitOptions | undefined,
): RateGate {
  if (!(toleranceMs >= 0)) {
    throw new RangeError(
      `Simulator option 'toleranceMs' must be 0 or more (got ${toleranceMs})`,
    );
  }
  let limit = checkedLimit(initial, toleranceMs);
  // Every arrival counts, refused ones too, so a client that keeps knocking
  // stays refused; the log then agrees with what the limit saw.
  const arrivals: number[] = [];
  let coolUntil = Number.NEGATIVE_INFINITY;

  return {
    admit(at) {
      const windowWait =
        limit === undefined
          ? undefined
          : recordArrival(arrivals, limit, toleranceMs, at);
      const coolingMs = coolUntil - at;
      if (windowWait === undefined && coolingMs <= toleranceMs) {
        return undefined;
      }
      const seconds = Math.ceil(Math.max(windowWait ?? 0, coolingMs) / 1_000);
      // The refusal is itself a Retry-After, so it starts a cool-down.
      coolUntil = Math.max(coolUntil, at + seconds * 1_000);
      return seconds;
    },
    announce(at, cooldownMs) {
      coolUntil = Math.max(coolUntil, at + cooldownMs);
    },
    setLimit(next) {
      limit = checkedLimit(next, toleranceMs);
      arrivals.length = 0;
    },
  };
}

/**
 * Adds an arrival to the window and returns the real ms until the window has
 * room again, or undefined when it is within the limit.
 */
function recordArrival(
  arrivals: number[],
  limit: RateLimitOptions,
  toleranceMs: number,
  at: number,
): number | undefined {
  const horizon = at - limit.perMs + toleranceMs;
  while ((arrivals[0] ?? Number.POSITIVE_INFINITY) <= horizon) {
    arrivals.shift();
  }
  arrivals.push(at);
  const excess = arrivals.length - limit.requests;
  if (excess <= 0) return undefined;
  // The next request fits once `excess + 1` of the oldest have left, this
  // refused one still counting.
  const freedBy = arrivals[excess] ?? at;
  return freedBy + limit.perMs - toleranceMs - at;
}

function checkedLimit(
  limit: RateLimitOptions | undefined,
  toleranceMs: number,
): RateLimitOptions | undefined {
  if (limit === undefined) return undefined;
  const { requests, perMs } = limit;
  if (!Number.isInteger(requests) || requests < 1) {
    throw new RangeError(
      `Rate limit 'requests' must be a positive integer (got ${requests})`,
    );
  }
  if (!(perMs > toleranceMs)) {
    throw new RangeError(
      `Rate limit 'perMs' must be longer than the ${toleranceMs} ms tolerance (got ${perMs})`,
    );
  }
  return { requests, perMs };
}

/**
 * `--rate-limit` text, in the syntax of FANSLY_RATE_LIMIT: `50/10s`, `10/1s`,
 * `5/500ms`, `60/m`; `off` gives undefined (no limit).
 */
export function parseRateLimitSpec(
  text: string,
  name = "--rate-limit",
): RateLimitOptions | undefined {
  const limit = parseRateLimit(name, text);
  return limit.requests === 0 ? undefined : limit;
}
