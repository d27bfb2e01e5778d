import type { Config } from "../config.js";
import type { Db } from "../db/open.js";
import { viewRate } from "./adaptive-rate.js";

/** The shared rate limit as `status` shows it. */
export interface RateStatus {
  /** Configured requests per second; null when FANSLY_RATE_LIMIT=off. */
  readonly configuredPerSec: number | null;
  /** In force now: lower than configured while recovering from a 429. */
  readonly currentPerSec: number | null;
  /** When the configured rate is back; null when it is in force. */
  readonly recoveredAt: number | null;
  /** No request leaves before this (a 429's cool-down); null when none is on. */
  readonly blockedUntil: number | null;
}

interface Row {
  readonly blocked_until: number;
  readonly current_rate: number | null;
  readonly slowed_at: number;
}

/** Reads the shared row; without a shared limit nothing in it applies. */
export function readRateStatus(
  db: Db,
  config: Config,
  now: number,
): RateStatus {
  const { requests, perMs } = config.rateLimit;
  if (requests === 0) {
    return {
      configuredPerSec: null,
      currentPerSec: null,
      recoveredAt: null,
      blockedUntil: null,
    };
  }
  const row = db.sqlite
    .prepare(
      "select blocked_until, current_rate, slowed_at from rate_limit where id = 1",
    )
    .get() as Row | undefined;
  const policy = {
    configuredPerSec: (requests * 1_000) / perMs,
    recoveryMs: config.rateRecoveryMs,
  };
  const state = {
    currentRate: row?.current_rate ?? null,
    slowedAt: row?.slowed_at ?? 0,
  };
  const blockedUntil = row?.blocked_until ?? 0;
  return {
    ...viewRate(policy, state, now),
    blockedUntil: blockedUntil > now ? blockedUntil : null,
  };
}
