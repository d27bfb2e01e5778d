import type { ConsolaInstance } from "consola";
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/open.js";
import { createFanslyClient } from "./client.js";
import {
  createUnlimitedRateLimiter,
  type RateLimiter,
} from "./rate-limiter.js";
import { createSharedRateLimiter } from "./shared-rate-limiter.js";
import type { FanslyApi } from "./types.js";

export { createFanslyClient, type FanslyClientOptions } from "./client.js";
export {
  createUnlimitedRateLimiter,
  MAX_BLOCK_MS,
  type RateLimiter,
} from "./rate-limiter.js";
export {
  createSharedRateLimiter,
  type SharedRateLimiter,
  type SharedRateLimiterOptions,
} from "./shared-rate-limiter.js";
export type * from "./types.js";

/** Identifies the tracker to Fansly, as FToolbox does with its own name. */
export const USER_AGENT = "fansly-workers/0.1.0 (tag and creator statistics)";

/** The rate limiter the configuration asks for; `FANSLY_RATE_LIMIT=off` gives an unlimited one. */
export function createLimiterFromConfig(
  config: Config,
  db: Db,
  clock: Clock,
): RateLimiter {
  const { requests, perMs } = config.rateLimit;
  const maxWaitMs = config.maxCooldownMs;
  if (requests === 0) return createUnlimitedRateLimiter({ clock, maxWaitMs });
  return createSharedRateLimiter(db, {
    requests,
    perMs,
    burst: config.rateBurst,
    marginMs: config.rateMarginMs ?? undefined,
    recoveryMs: config.rateRecoveryMs,
    maxWaitMs,
    clock,
  });
}

/** The API client the workers use, wired from the resolved configuration. */
export function createApiFromConfig(
  config: Config,
  db: Db,
  log: ConsolaInstance,
  clock: Clock,
): FanslyApi {
  return createFanslyClient({
    baseUrl: config.apiBase,
    authToken: config.authToken,
    timeoutMs: config.requestTimeoutMs,
    maxRetries: config.maxRetries,
    maxCooldownMs: config.maxCooldownMs,
    concurrency: config.concurrency,
    accountBatchSize: config.accountBatchSize,
    limiter: createLimiterFromConfig(config, db, clock),
    log,
    userAgent: USER_AGENT,
    clock,
  });
}
