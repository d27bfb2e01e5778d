import { DAY_MS, HOUR_MS } from "../clock.js";
import type { GrowthColumns } from "../db/schema.js";
import { computeHeat, trendLabel } from "./heat.js";

/** One history row of the counter a trend follows. */
export interface Observation {
  /** Unix ms. */
  readonly observedAt: number;
  readonly count: number;
}

/** Change of a counter over one window; see `computeWindowChange`. */
export interface WindowChange {
  /** Latest count minus base count. */
  readonly change: number;
  /** Change in percent of the base count; null when the base is 0. */
  readonly pct: number | null;
  /** Change per hour of real time between the two observations. */
  readonly perHour: number;
  readonly baseCount: number;
}

/** The short trend window. */
export const WINDOW_24H_MS = DAY_MS;
/** The long trend window, which the acceleration factor compares with. */
export const WINDOW_7D_MS = 7 * DAY_MS;
/**
 * History this recent, counted back from now and from each entity's latest
 * observation, is never thinned by the retention (src/stats/retention.ts).
 * The 7-day change reads the observation at or before `latest - 7 d`, which
 * lies at most one day before that boundary's UTC day; eight days cover both.
 */
export const FULL_RESOLUTION_MS = WINDOW_7D_MS + DAY_MS;

/**
 * The rule the statistics pass applies in SQL (src/stats/trends.ts), in
 * plain TypeScript for tests and one-off use. `latest` is the last
 * observation at or before `nowMs`; `base` the last one at or before
 * `latest - windowMs`. Observations arrive at irregular times, so the rate
 * divides by the real time between the two, which is at least the window.
 * Null when there is no such base: not enough history, never a made-up zero.
 * The arithmetic is written in the same order as the SQL so both give
 * bit-identical doubles.
 */
export function computeWindowChange(
  history: readonly Observation[],
  nowMs: number,
  windowMs: number,
): WindowChange | null {
  if (!(windowMs > 0)) {
    throw new TypeError(`windowMs must be positive (got ${windowMs})`);
  }
  const latest = lastAtOrBefore(history, nowMs);
  if (latest === undefined) return null;
  const base = lastAtOrBefore(history, latest.observedAt - windowMs);
  if (base === undefined) return null;

  const change = latest.count - base.count;
  return {
    change,
    pct: base.count === 0 ? null : (change * 100) / base.count,
    perHour: (change * HOUR_MS) / (latest.observedAt - base.observedAt),
    baseCount: base.count,
  };
}

/** Every growth column of one entity, as the statistics pass stores them. */
export function computeGrowth(
  history: readonly Observation[],
  nowMs: number,
): GrowthColumns {
  const day = computeWindowChange(history, nowMs, WINDOW_24H_MS);
  const week = computeWindowChange(history, nowMs, WINDOW_7D_MS);
  const rates = {
    rate24hPerHour: day?.perHour ?? null,
    rate7dPerHour: week?.perHour ?? null,
    baseCount: day?.baseCount ?? null,
  };
  return {
    change_24h: day?.change ?? null,
    change_24h_pct: day?.pct ?? null,
    change_24h_per_hour: day?.perHour ?? null,
    change_7d: week?.change ?? null,
    change_7d_pct: week?.pct ?? null,
    change_7d_per_hour: week?.perHour ?? null,
    heat: computeHeat(rates),
    trend: trendLabel(rates),
  };
}

function lastAtOrBefore(
  history: readonly Observation[],
  limitMs: number,
): Observation | undefined {
  let found: Observation | undefined;
  for (const observation of history) {
    if (observation.observedAt > limitMs) continue;
    if (found === undefined || observation.observedAt > found.observedAt) {
      found = observation;
    }
  }
  return found;
}
