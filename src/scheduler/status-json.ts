import type { RunOutcome } from "../db/schema.js";
import type { RateStatus } from "../fansly/rate-status.js";
import type { DisplayStatus, StatusView } from "./status.js";

/** One worker in `status --json` and `GET /api/workers/status`. */
export interface WorkerStatusJson {
  readonly name: string;
  readonly enabled: boolean;
  readonly status: DisplayStatus;
  readonly lastRun: string | null;
  readonly lastFinished: string | null;
  readonly nextRun: string | null;
  readonly runCount: number;
  readonly successCount: number;
  readonly errorCount: number;
  readonly consecutiveFailures: number;
  readonly lastOutcome: RunOutcome | null;
  readonly lastError: string | null;
  readonly lastDurationMs: number | null;
  readonly intervalMs: number;
  readonly overdue: boolean;
}

/** The shared rate limit; rates in requests per second, times ISO UTC. */
export interface RateLimitJson {
  /** null when FANSLY_RATE_LIMIT=off. */
  readonly configuredPerSecond: number | null;
  /** Below the configured rate while it recovers from a 429. */
  readonly currentPerSecond: number | null;
  readonly recoveredAt: string | null;
  /** Set while a 429's cool-down holds every request back. */
  readonly blockedUntil: string | null;
}

export interface StatusJson {
  readonly overall: StatusView["overall"];
  /** When the view was read, ISO UTC. */
  readonly generatedAt: string;
  readonly workers: readonly WorkerStatusJson[];
  readonly rateLimit?: RateLimitJson;
}

const isoOrNull = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString();

/**
 * The machine-readable form of a status view: ISO UTC times, raw numbers.
 * It lives here rather than in cli/ so the HTTP listener can share it
 * without pulling in the table renderer.
 */
export function statusToJson(view: StatusView): StatusJson {
  return {
    overall: view.overall,
    generatedAt: new Date(view.now).toISOString(),
    workers: view.workers.map((w) => ({
      name: w.name,
      enabled: w.enabled,
      status: w.status,
      lastRun: isoOrNull(w.lastRun),
      lastFinished: isoOrNull(w.lastFinished),
      nextRun: isoOrNull(w.nextRun),
      runCount: w.runCount,
      successCount: w.successCount,
      errorCount: w.errorCount,
      consecutiveFailures: w.consecutiveFailures,
      lastOutcome: w.lastOutcome,
      lastError: w.lastError,
      lastDurationMs: w.lastDurationMs,
      intervalMs: w.intervalMs,
      overdue: w.overdue,
    })),
    ...(view.rate && { rateLimit: rateToJson(view.rate) }),
  };
}

const roundRate = (perSec: number | null): number | null =>
  perSec === null ? null : Math.round(perSec * 1_000) / 1_000;

function rateToJson(rate: RateStatus): RateLimitJson {
  return {
    configuredPerSecond: roundRate(rate.configuredPerSec),
    currentPerSecond: roundRate(rate.currentPerSec),
    recoveredAt: isoOrNull(rate.recoveredAt),
    blockedUntil: isoOrNull(rate.blockedUntil),
  };
}
