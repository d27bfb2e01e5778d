import type { TrendLabel } from "../db/schema.js";

/**
 * Growth of at least this many percent per day (over the last 24 h) trends
 * `up`; a loss of at least as much trends `down`; anything between is `flat`.
 */
export const TREND_THRESHOLD_PCT_PER_DAY = 1;

/** Lower bound of the acceleration factor: a slowdown at most quarters heat. */
export const MIN_ACCELERATION = 0.25;
/** Upper bound of the acceleration factor, so one noisy day cannot dominate. */
export const MAX_ACCELERATION = 4;

/** What heat and trend are computed from; null means "not enough history". */
export interface GrowthRates {
  /** Count gained per hour between the 24 h base and the latest observation. */
  readonly rate24hPerHour: number | null;
  /** The same over the 7-day window. */
  readonly rate7dPerHour: number | null;
  /** The count at the 24 h base observation. */
  readonly baseCount: number | null;
}

/**
 * Growth relative to size, in percent per day. The base is floored at 1 so
 * an entity growing from zero gets a large but finite value.
 */
export function percentPerDay(ratePerHour: number, baseCount: number): number {
  return (ratePerHour * 24 * 100) / Math.max(baseCount, 1);
}

/**
 * How much faster the last 24 h grew than the 7-day average, clamped to
 * [0.25, 4]. Without 7 days of history there is nothing to compare with, so
 * the factor is neutral (1); growth after a flat or falling week counts as the
 * strongest acceleration.
 */
export function accelerationFactor(
  rate24hPerHour: number,
  rate7dPerHour: number | null,
): number {
  if (rate7dPerHour === null) return 1;
  if (rate7dPerHour <= 0) return MAX_ACCELERATION;
  const ratio = rate24hPerHour / rate7dPerHour;
  return Math.min(MAX_ACCELERATION, Math.max(MIN_ACCELERATION, ratio));
}

/**
 * Heat = log10(1 + r) × log10(1 + p) × a, where r is the count gained per
 * hour over the last 24 h, p is that growth in percent per day of the base
 * count, and a is the acceleration factor.
 *
 * The first term measures volume and the second speed relative to size, both
 * in orders of magnitude: a huge tag gaining a sliver of its size, or a tiny
 * one that merely doubled, scores low; a tag needs both to run hot. Without
 * growth (r ≤ 0) heat is 0 whatever the week did, so it decays as soon as
 * growth stops. Without 24 h of history it is null: unknown, not zero.
 *
 * Worked example: 206,460 views 7 days ago, 266,400 a day ago, 290,376 now.
 * r = 23,976 / 24 = 999 per hour; p = 999 × 24 × 100 / 266,400 = 9 % per
 * day; the week averaged 83,916 / 168 = 499.5 per hour, so a = 999 / 499.5
 * = 2. Heat = log10(1000) × log10(10) × 2 = 3 × 1 × 2 = 6.
 */
export function computeHeat(rates: GrowthRates): number | null {
  const { rate24hPerHour: rate, rate7dPerHour, baseCount } = rates;
  if (rate === null || baseCount === null) return null;
  if (rate <= 0) return 0;
  const volume = Math.log10(1 + rate);
  const speed = Math.log10(1 + percentPerDay(rate, baseCount));
  return volume * speed * accelerationFactor(rate, rate7dPerHour);
}

/** `up`, `down` or `flat` by the 24 h growth in percent per day; null without data. */
export function trendLabel(
  rates: Omit<GrowthRates, "rate7dPerHour">,
): TrendLabel | null {
  const { rate24hPerHour: rate, baseCount } = rates;
  if (rate === null || baseCount === null) return null;
  const pct = percentPerDay(rate, baseCount);
  if (pct >= TREND_THRESHOLD_PCT_PER_DAY) return "up";
  if (pct <= -TREND_THRESHOLD_PCT_PER_DAY) return "down";
  return "flat";
}
