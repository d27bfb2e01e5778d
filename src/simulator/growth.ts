import { HOUR_MS } from "../clock.js";
import type { Rng } from "./prng.js";

/**
 * How an entity's counters move with simulated time. Every kind is a pure,
 * non-decreasing function of the clock, so a tracker polling at any moment
 * sees values the tests can recompute exactly.
 */
export type GrowthKind = "flat" | "steady" | "accelerating" | "decaying";

export interface Growth {
  readonly kind: GrowthKind;
  /**
   * `accelerating` only: the quadratic term, per hour. The counter moves
   * `perHour * (hours + accel * hours²)`, so its rate rises by
   * `2 * accel * perHour` every hour.
   */
  readonly accel: number;
  /**
   * `decaying` only: the rate falls by e every `tauHours`, so the counter
   * approaches `base + perHour * tauHours` and then stops.
   */
  readonly tauHours: number;
}

/** One counter: its value at the dataset's epoch and its starting rate. */
export interface Counter {
  readonly base: number;
  readonly perHour: number;
}

export const FLAT_GROWTH: Growth = { kind: "flat", accel: 0, tauHours: 1 };

/** Hours of simulated time since the epoch; time before it counts as zero. */
export function elapsedHours(epochMs: number, nowMs: number): number {
  return Math.max(0, nowMs - epochMs) / HOUR_MS;
}

/** Growth measured in "hours at the starting rate". */
export function growthShape(growth: Growth, hours: number): number {
  switch (growth.kind) {
    case "flat":
      return 0;
    case "steady":
      return hours;
    case "accelerating":
      return hours + growth.accel * hours * hours;
    case "decaying":
      return -growth.tauHours * Math.expm1(-hours / growth.tauHours);
  }
}

/** The counter's integer value `hours` after the epoch. */
export function counterAt(
  counter: Counter,
  growth: Growth,
  hours: number,
): number {
  return (
    counter.base + Math.floor(counter.perHour * growthShape(growth, hours))
  );
}

/** About 20 % flat, 10 % accelerating, 20 % decaying and 50 % steady. */
export function drawGrowth(rng: Rng): Growth {
  const roll = rng.next();
  if (roll < 0.2) return FLAT_GROWTH;
  if (roll < 0.3) {
    return { kind: "accelerating", accel: rng.range(0.005, 0.03), tauHours: 1 };
  }
  if (roll < 0.5) {
    return { kind: "decaying", accel: 0, tauHours: rng.range(12, 120) };
  }
  return { kind: "steady", accel: 0, tauHours: 1 };
}
