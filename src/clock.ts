/** Wall-clock source for everything that stores or compares times. */
export interface Clock {
  /** Current time in Unix milliseconds (UTC). */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that starts at `startMs` and then moves with real elapsed time.
 * Used when FANSLY_WORKERS_NOW pins the start (tests, demos).
 */
export function createOffsetClock(startMs: number): Clock {
  const realStart = performance.now();
  return { now: () => Math.round(startMs + performance.now() - realStart) };
}

/** A clock that only moves when told to; the demo and unit tests drive it. */
export interface ManualClock extends Clock {
  set(ms: number): void;
  advance(ms: number): void;
}

export function createManualClock(startMs: number): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    set: (ms) => {
      current = ms;
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
