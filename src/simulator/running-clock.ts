import type { ManualClock } from "../clock.js";

/**
 * A clock for `simulate`: it runs by itself at `speed` simulated ms per real
 * ms from `startMs`. It still honours `set` and `advance` (they move the
 * anchor), so everything typed for a ManualClock accepts it.
 */
export function createRunningClock(
  startMs: number,
  speed: number,
): ManualClock {
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new TypeError(
      `Simulator speed must be a positive number (got ${speed}); use 1 for real time`,
    );
  }
  let anchorMs = startMs;
  let anchorReal = performance.now();

  return {
    now: () => Math.floor(anchorMs + (performance.now() - anchorReal) * speed),
    set: (ms) => {
      anchorMs = ms;
      anchorReal = performance.now();
    },
    advance: (ms) => {
      anchorMs += ms;
    },
  };
}
