import { HOUR_MS } from "../../src/clock.js";
import type { Observation } from "../../src/stats/growth.js";

// Histories shared by the growth and trends tests. The expected changes,
// rates and heats in those tests were worked out by hand from these.

export const NOW = Date.UTC(2025, 0, 15, 12);

/** Observations as [hours relative to NOW, count]. */
export type Series = [number, number][];

export const observations = (series: Series): Observation[] =>
  series.map(([hours, count]) => ({
    observedAt: NOW + hours * HOUR_MS,
    count,
  }));

/** Every 12 h for 8 days, +50 an hour: 10,000 at -192 h, 19,600 now. */
export const REGULAR: Series = Array.from({ length: 17 }, (_, k) => [
  -12 * k,
  10_000 + 50 * (192 - 12 * k),
]);
/** Uneven gaps, and a sample after NOW that must be ignored. */
export const IRREGULAR: Series = [
  [-200, 5_000],
  [-50, 5_600],
  [-30, 5_900],
  [-20, 6_000],
  [-1, 6_300],
  [1, 9_999],
];
/** Nine days without an observation before the latest. */
export const GAP: Series = [
  [-240, 1_000],
  [-216, 1_100],
  [-2, 1_500],
];
/** Losing views: -20 an hour over the last day. */
export const DROP: Series = [
  [-168, 50_000],
  [-24, 48_000],
  [0, 47_520],
];
/** The worked example of src/stats/heat.ts (heat 6). */
export const WORKED: Series = [
  [-168, 206_460],
  [-24, 266_400],
  [0, 290_376],
];
/** Ten hours of history: not enough for any window. */
export const SHORT: Series = [
  [-10, 700],
  [0, 760],
];
/** Enough for 24 h, not for 7 d. */
export const DAY_ONLY: Series = [
  [-30, 100],
  [0, 124],
];
/** Growth from a zero base: no percent, finite heat. */
export const FROM_ZERO: Series = [
  [-24, 0],
  [0, 48],
];

/**
 * Hidden by Fansly from -60 h to -5 h (deleted, so no observations), then
 * restored: the 24 h base reaches back across the gap to -60 h.
 */
export const RESTORED: Series = [
  [-200, 8_000],
  [-170, 8_300],
  [-60, 9_000],
  [-5, 9_650],
  [0, 9_700],
];

/** Every history above by a name, plus a tag that was never observed. */
export const NAMED_SERIES: [string, Series][] = [
  ["regular", REGULAR],
  ["irregular", IRREGULAR],
  ["gap", GAP],
  ["drop", DROP],
  ["worked", WORKED],
  ["short", SHORT],
  ["day-only", DAY_ONLY],
  ["from-zero", FROM_ZERO],
  ["restored", RESTORED],
  ["none", []],
];
