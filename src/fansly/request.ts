import { sleep, throwIfAborted } from "./abort.js";
import {
  attemptOnce,
  type Failure,
  type RequestContext,
  type RequestSpec,
} from "./attempt.js";
import { backoffDelay } from "./backoff.js";

/**
 * A Retry-After longer than this fails the request at once (after pausing
 * every process): a run should not sit idle for most of its time budget.
 */
export const RETRY_AFTER_LIMIT_MS = 5 * 60_000;

/**
 * Handles a 429: every process on the database pauses until Retry-After (or
 * the backoff), through the shared limiter. Returns whether to try again.
 */
function pauseForRateLimit(
  ctx: RequestContext,
  failure: Failure,
  attempt: number,
): boolean {
  const now = ctx.clock.now();
  const until = failure.retryAtMs ?? now + backoffDelay(attempt, ctx.backoff);
  const waitMs = until - now;
  ctx.stats.rateLimited += 1;
  ctx.limiter.block(Math.min(until, now + RETRY_AFTER_LIMIT_MS));

  const source = failure.retryAtMs === null ? "backoff" : "Retry-After";
  if (waitMs > RETRY_AFTER_LIMIT_MS) {
    ctx.log.warn(
      `${failure.error.message}; it asks for a ${Math.round(waitMs / 1000)} s pause (${source}), so this request gives up`,
    );
    return false;
  }
  ctx.log.warn(
    `${failure.error.message}; all requests pause for ${waitMs} ms (${source})`,
  );
  return attempt < ctx.maxRetries;
}

/** ms to wait before the next attempt, or null to give up with the failure. */
function planRetry(
  ctx: RequestContext,
  failure: Failure,
  attempt: number,
): number | null {
  if (failure.rateLimited) {
    // The next acquire() waits out the block, abortably, so no sleep here.
    return pauseForRateLimit(ctx, failure, attempt) ? 0 : null;
  }
  if (!failure.retryable || attempt >= ctx.maxRetries) return null;

  const waitMs = backoffDelay(attempt, ctx.backoff);
  ctx.log.debug(
    `${failure.error.message}; retry ${attempt + 1}/${ctx.maxRetries} in ${waitMs} ms`,
  );
  return waitMs;
}

/**
 * One logical request: waits for the shared rate limit before every attempt
 * and retries network errors, timeouts, 429 and 5xx with capped, jittered
 * backoff. Resolves with the parsed JSON body of a 2xx answer.
 */
export async function requestJson(
  ctx: RequestContext,
  spec: RequestSpec,
): Promise<unknown> {
  for (let attempt = 0; ; attempt += 1) {
    throwIfAborted(spec.signal);
    ctx.stats.rateLimitWaitMs += await ctx.limiter.acquire(spec.signal);
    const outcome = await attemptOnce(ctx, spec);
    if (outcome.ok) return outcome.body;

    const waitMs = planRetry(ctx, outcome, attempt);
    if (waitMs === null) {
      ctx.stats.failures += 1;
      throw outcome.error;
    }
    ctx.stats.retries += 1;
    if (waitMs > 0) await sleep(waitMs, spec.signal);
  }
}
