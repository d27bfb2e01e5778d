import {
  parseCount,
  parseDuration,
  parsePositiveInt,
  parseRateLimit,
  parseUrl,
  type RateLimit,
} from "./config-parse.js";
import type { Reader } from "./config-workers.js";

/** The real API; tests and the demo point FANSLY_API_BASE at the simulator. */
export const DEFAULT_API_BASE = "https://apiv3.fansly.com/api/v1";

/** The longest FANSLY_MAX_COOLDOWN; the shared limiter clamps blocks to it. */
const LONGEST_COOLDOWN = { ms: 15 * 60_000, text: "15m" } as const;

/** A longer margin would rather mean a slower FANSLY_RATE_LIMIT. */
const LONGEST_MARGIN = { ms: 60_000, text: "1m" } as const;

/** How the tracker talks to Fansly, and how politely. */
export interface ApiSettings {
  /** API base URL. @defaultValue the real Fansly API */
  readonly apiBase: string;
  /** Sent as the Authorization header; never logged. @defaultValue none */
  readonly authToken: string | null;
  /** Shared request budget across processes. @defaultValue 50/10s */
  readonly rateLimit: RateLimit;
  /**
   * Requests that may leave back to back (at most the budget's count). A
   * burst counts against the window, so the steady pace is slower by as
   * many requests. @defaultValue 1 (evenly spaced)
   */
  readonly rateBurst: number;
  /**
   * Part of every rate window left unused for latency jitter; null means
   * 2 % of the window, at least 20 ms. @defaultValue null
   */
  readonly rateMarginMs: number | null;
  /**
   * After a 429 halves the shared rate, it climbs back linearly and is whole
   * again this long after the last 429. @defaultValue 10 min
   */
  readonly rateRecoveryMs: number;
  /**
   * A 429 asking for a longer pause ends the run as `rate_limited`, its next
   * run no earlier than the pause's end. At most 15 min. @defaultValue 5 min
   */
  readonly maxCooldownMs: number;
  /** Parallel requests per process. @defaultValue 2 */
  readonly concurrency: number;
  /** Timeout of one HTTP attempt. @defaultValue 30 s */
  readonly requestTimeoutMs: number;
  /** Retries per request after the first attempt. @defaultValue 4 */
  readonly maxRetries: number;
  /** Retries one run may make across all its requests; 0 = none. @defaultValue 50 */
  readonly retryBudget: number;
  /** Ids per `/account?ids=` request (max 100). @defaultValue 50 */
  readonly accountBatchSize: number;
  /** Consecutive failed items after which a run stops as failed. @defaultValue 10 */
  readonly breakerThreshold: number;
  /**
   * The pause before asking once more after a suspiciously empty answer
   * (suspected soft throttling). @defaultValue 60 s
   */
  readonly softThrottlePauseMs: number;
}

const positive =
  (max?: number) =>
  (name: string, value: string): number =>
    parsePositiveInt(name, value, max);

export function readApiSettings(read: Reader): ApiSettings {
  return {
    apiBase: read("FANSLY_API_BASE", DEFAULT_API_BASE, parseUrl),
    authToken: read<string | null>("FANSLY_AUTH_TOKEN", null, (_n, v) =>
      v.trim(),
    ),
    rateLimit: read(
      "FANSLY_RATE_LIMIT",
      { requests: 50, perMs: 10_000 },
      parseRateLimit,
    ),
    rateBurst: read("FANSLY_RATE_BURST", 1, positive()),
    rateMarginMs: read<number | null>("FANSLY_RATE_MARGIN", null, (n, v) =>
      parseDuration(n, v, { allowZero: true, max: LONGEST_MARGIN }),
    ),
    rateRecoveryMs: read("FANSLY_RATE_RECOVERY", 600_000, (n, v) =>
      parseDuration(n, v),
    ),
    maxCooldownMs: read("FANSLY_MAX_COOLDOWN", 300_000, (n, v) =>
      parseDuration(n, v, { max: LONGEST_COOLDOWN }),
    ),
    concurrency: read("FANSLY_CONCURRENCY", 2, positive(64)),
    requestTimeoutMs: read("FANSLY_REQUEST_TIMEOUT", 30_000, (n, v) =>
      parseDuration(n, v),
    ),
    maxRetries: read("FANSLY_MAX_RETRIES", 4, (n, v) => parseCount(n, v, 20)),
    retryBudget: read("FANSLY_RETRY_BUDGET", 50, (n, v) =>
      parseCount(n, v, 100_000),
    ),
    accountBatchSize: read("FANSLY_ACCOUNT_BATCH", 50, positive(100)),
    breakerThreshold: read("FANSLY_BREAKER_THRESHOLD", 10, positive()),
    softThrottlePauseMs: read("FANSLY_SOFT_THROTTLE_PAUSE", 60_000, (n, v) =>
      parseDuration(n, v, { allowZero: true }),
    ),
  };
}
