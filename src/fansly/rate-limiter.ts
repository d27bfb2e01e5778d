import { systemClock, type Clock } from "../clock.js";
import { WorkerError } from "../errors.js";
import { sleep, throwIfAborted } from "./abort.js";

/** Paces requests; every request of the client awaits `acquire` first. */
export interface RateLimiter {
  /**
   * Waits until a request may leave; resolves with the ms spent waiting.
   * Rejects with E_RATE_LIMITED (carrying `resumeAt`) instead of waiting
   * out a block longer than the limiter's `maxWaitMs`.
   */
  acquire(signal?: AbortSignal): Promise<number>;
  /** No request may leave before `untilMs` (Unix ms), e.g. after a 429. */
  block(untilMs: number): void;
  /**
   * A 429 answered a request sent at `sentAtMs`: halve the rate. A 429 for
   * a request sent before the last slow-down says nothing about the slower
   * rate, so a burst of 429s halves it only once. Returns the new rate in
   * requests per second, or null when this 429 left it as it was.
   */
  slowDown(sentAtMs: number): number | null;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * A block longer than this cannot come from this configuration (the longest
 * FANSLY_MAX_COOLDOWN is 15 minutes); a larger value was written under
 * another clock, such as a demo pinned by FANSLY_WORKERS_NOW, and would
 * stall every process.
 */
export const MAX_BLOCK_MS = 15 * 60_000;

/** One claim: `waitMs` 0 when a request may leave now; `blockedMs` of it is a 429's block. */
export interface Claim {
  readonly waitMs: number;
  readonly blockedMs: number;
}

/** A pause that is longer than a run may sit out. */
export interface TooLongPause {
  /** When requests may resume, Unix ms. */
  readonly resumeAt: number;
  readonly pauseMs: number;
  readonly maxWaitMs: number;
  readonly cause?: unknown;
}

/** The error that ends a run instead of waiting (E_RATE_LIMITED with `resumeAt`). */
export function coolDownTooLong(pause: TooLongPause): WorkerError {
  const asked = Math.round(pause.pauseMs / 1000);
  const limit = Math.round(pause.maxWaitMs / 1000);
  return new WorkerError(
    "E_RATE_LIMITED",
    `Fansly asked every process to pause for ${asked} s, longer than FANSLY_MAX_COOLDOWN (${limit} s); this run stops`,
    { resumeAt: pause.resumeAt, cause: pause.cause },
  );
}

export interface AcquireOptions {
  readonly claim: () => Claim;
  readonly sleep: Sleep;
  readonly clock: Clock;
  readonly maxWaitMs: number;
}

/** Claims and sleeps until one claim succeeds; shared by both limiters. */
export async function acquireWith(
  options: AcquireOptions,
  signal?: AbortSignal,
): Promise<number> {
  let waited = 0;
  for (;;) {
    throwIfAborted(signal);
    const { waitMs, blockedMs } = options.claim();
    if (waitMs === 0) return waited;
    if (blockedMs > options.maxWaitMs) {
      const resumeAt = options.clock.now() + blockedMs;
      const { maxWaitMs } = options;
      throw coolDownTooLong({ resumeAt, pauseMs: blockedMs, maxWaitMs });
    }
    await options.sleep(waitMs, signal);
    waited += waitMs;
  }
}

export interface UnlimitedRateLimiterOptions {
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  /** @defaultValue MAX_BLOCK_MS */
  readonly maxWaitMs?: number;
}

/**
 * For `FANSLY_RATE_LIMIT=off`: no pacing and no adaptive rate, but a 429's
 * Retry-After still pauses this process (only this one: nothing is shared).
 */
export function createUnlimitedRateLimiter(
  options: UnlimitedRateLimiterOptions = {},
): RateLimiter {
  const clock = options.clock ?? systemClock;
  let blockedUntil = 0;
  const claim = (): Claim => {
    const blockedMs = Math.max(0, blockedUntil - clock.now());
    return { waitMs: blockedMs, blockedMs };
  };
  const acquire = {
    claim,
    clock,
    sleep: options.sleep ?? sleep,
    maxWaitMs: options.maxWaitMs ?? MAX_BLOCK_MS,
  };
  return {
    acquire: (signal) => acquireWith(acquire, signal),
    block: (untilMs) => {
      const limit = clock.now() + MAX_BLOCK_MS;
      blockedUntil = Math.max(blockedUntil, Math.min(untilMs, limit));
    },
    slowDown: () => null,
  };
}
