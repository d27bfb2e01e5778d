import { sleep } from "../fansly/abort.js";
import type { WorkerContext } from "./types.js";

export interface Checked<T> {
  readonly value: T;
  /** Both answers looked throttled: nothing may be concluded from them. */
  readonly throttled: boolean;
}

/** One request checked for soft throttling. */
export interface ThrottleCheck<T> {
  /** The request, for the log. */
  readonly what: string;
  readonly fetch: () => Promise<T>;
  readonly looksThrottled: (value: T) => boolean;
  /**
   * Ends the pause before the second request: the circuit breaker's
   * signal, so a breaker that opens meanwhile stops the wait too.
   * @defaultValue the run's signal
   */
  readonly signal?: AbortSignal;
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/**
 * Fansly sometimes answers a throttled request with 200 and nothing in it
 * (fansly-api.md §3 #7). The check lives in the workers, not the client,
 * because only they know from the database what should have come back. An
 * answer that `looksThrottled` is logged and asked for once more after
 * FANSLY_SOFT_THROTTLE_PAUSE (abortable by `check.signal`); when the second one looks the
 * same, the caller gets `throttled` and must mark nothing missing or
 * deleted on the strength of it.
 */
export async function fetchCheckingThrottle<T>(
  ctx: WorkerContext,
  check: ThrottleCheck<T>,
): Promise<Checked<T>> {
  const { what, fetch, looksThrottled } = check;
  const first = await fetch();
  if (!looksThrottled(first)) return { value: first, throttled: false };

  const pauseMs = ctx.config.softThrottlePauseMs;
  ctx.log.warn(
    `${what} came back empty although it should not have; suspected soft throttling, asking once more in ${seconds(pauseMs)}`,
  );
  await sleep(pauseMs, check.signal ?? ctx.signal);
  const second = await fetch();
  const throttled = looksThrottled(second);
  if (throttled) {
    ctx.log.warn(
      `${what} came back empty again; taken as throttling, so nothing is marked missing`,
    );
  }
  return { value: second, throttled };
}
