import { isWorkerError, type WorkerError } from "../errors.js";
import { sleep, throwIfAborted } from "./abort.js";
import {
  attemptOnce,
  type Failure,
  type RequestContext,
  type RequestSpec,
} from "./attempt.js";
import { backoffDelay } from "./backoff.js";
import { coolDownTooLong } from "./rate-limiter.js";

const formatRate = (perSec: number): string =>
  `${perSec.toFixed(perSec < 1 ? 2 : 1)} requests/s`;

/**
 * Handles a 429: every process on the database pauses until Retry-After (or
 * the backoff) through the shared limiter, and the shared rate halves.
 * Returns E_RATE_LIMITED with the resume time when the pause is longer than
 * the maximum cool-down (a run should not sit idle for most of its time),
 * else null.
 */
function pauseForRateLimit(
  ctx: RequestContext,
  failure: Failure,
  attempt: number,
  sentAt: number,
): WorkerError | null {
  const now = ctx.clock.now();
  const fromHeader = failure.retryAtMs !== null;
  const until =
    failure.retryAtMs ?? now + backoffDelay(attempt, ctx.rateLimitBackoff);
  ctx.stats.rateLimited += 1;
  ctx.limiter.block(until);
  const rate = ctx.limiter.slowDown(sentAt);

  const source = fromHeader ? "Retry-After" : "backoff";
  const slower =
    rate === null ? "" : `; the shared rate drops to ${formatRate(rate)}`;
  if (until - now > ctx.maxCooldownMs) {
    ctx.log.warn(
      `${failure.error.message}; it asks for a ${Math.round((until - now) / 1000)} s pause (${source})${slower}`,
    );
    return coolDownTooLong({
      resumeAt: until,
      pauseMs: until - now,
      maxWaitMs: ctx.maxCooldownMs,
      cause: failure.error,
    });
  }
  ctx.log.warn(
    `${failure.error.message}; all requests pause for ${until - now} ms (${source})${slower}`,
  );
  return null;
}

/** Takes one retry from the run's budget; false when it is spent. */
function takeRetry(ctx: RequestContext, spec: RequestSpec): boolean {
  const budget = spec.retryBudget;
  if (budget === undefined) return true;
  if (budget.remaining <= 0) return false;
  budget.remaining -= 1;
  if (budget.remaining === 0) {
    ctx.log.warn(
      "this run has used the last retry of its budget (FANSLY_RETRY_BUDGET); from now on a failed request fails its item at once",
    );
  }
  return true;
}

/** ms to wait before the next attempt, or null to give up with the failure. */
function planRetry(
  ctx: RequestContext,
  spec: RequestSpec,
  failure: Failure,
  attempt: number,
): number | null {
  if (!failure.retryable || attempt >= ctx.maxRetries) return null;
  if (!takeRetry(ctx, spec)) return null;
  // The next acquire() waits out the block, abortably, so no sleep here.
  if (failure.rateLimited) return 0;

  const waitMs = backoffDelay(attempt, ctx.backoff);
  ctx.log.debug(
    `${failure.error.message}; retry ${attempt + 1}/${ctx.maxRetries} in ${waitMs} ms`,
  );
  return waitMs;
}

/** A 401/403 means every other call would get one too: none is sent. */
function throwIfAuthFailed(ctx: RequestContext): void {
  const error = ctx.authFailure.error;
  if (error !== undefined) throw error;
}

/**
 * One logical request: waits for the shared rate limit before every attempt
 * and retries network errors, timeouts, 429 and 5xx with capped, jittered
 * backoff, within the run's retry budget. Resolves with the parsed JSON body
 * of a 2xx answer.
 */
export async function requestJson(
  processCtx: RequestContext,
  spec: RequestSpec,
): Promise<unknown> {
  // Lines about this call carry the run's worker and run id when it has one.
  const ctx = spec.log ? { ...processCtx, log: spec.log } : processCtx;
  for (let attempt = 0; ; attempt += 1) {
    throwIfAborted(spec.signal);
    ctx.stats.rateLimitWaitMs += await ctx.limiter.acquire(spec.signal);
    throwIfAuthFailed(ctx);
    const sentAt = ctx.clock.now();
    const outcome = await attemptOnce(ctx, spec);
    if (outcome.ok) return outcome.body;

    if (isWorkerError(outcome.error, "E_AUTH")) {
      ctx.authFailure.error ??= outcome.error;
    }
    const stop = outcome.rateLimited
      ? pauseForRateLimit(ctx, outcome, attempt, sentAt)
      : null;
    const waitMs =
      stop === null ? planRetry(ctx, spec, outcome, attempt) : null;
    if (waitMs === null) {
      ctx.stats.failures += 1;
      throw stop ?? outcome.error;
    }
    ctx.stats.retries += 1;
    ctx.stats.retryWaitMs += waitMs;
    if (waitMs > 0) await sleep(waitMs, spec.signal);
  }
}
