import { setTimeout as delay } from "node:timers/promises";
import { WorkerError } from "../errors.js";

/**
 * The error an aborted call rejects with: the signal's own reason when it is
 * a WorkerError (the run's E_ABORTED or E_TIMEOUT), so callers see why the
 * run stopped rather than a DOMException from deep inside fetch or a timer.
 */
export function abortReason(signal: AbortSignal): WorkerError {
  const reason: unknown = signal.reason;
  if (reason instanceof WorkerError) return reason;
  return new WorkerError("E_ABORTED", "The Fansly request was aborted", {
    cause: reason,
  });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/** Waits `ms`, rejecting with the signal's reason as soon as it aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if (signal?.aborted) throw abortReason(signal);
    throw error;
  }
}

/** The signal of one attempt, and how it ended. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** True once the attempt's own timer aborted it. */
  timedOut(): boolean;
  /** Stops the timer and unlinks the caller's signal; call it once settled. */
  dispose(): void;
}

/** Attempt controllers in flight, by the caller's signal they follow. */
const followers = new WeakMap<AbortSignal, Set<AbortController>>();

/**
 * Adds `controller` to those that abort with `parent`. Each caller's signal
 * gets one listener, however many attempts follow it: one per attempt
 * would pass EventTarget's limit of 10 at a concurrency above 8 and print
 * a MaxListenersExceededWarning.
 */
function follow(parent: AbortSignal, controller: AbortController): () => void {
  let set = followers.get(parent);
  if (set === undefined) {
    const attempts = new Set<AbortController>();
    const abortAll = () => {
      for (const attempt of attempts) attempt.abort(parent.reason);
    };
    parent.addEventListener("abort", abortAll, { once: true });
    followers.set(parent, attempts);
    set = attempts;
  }
  set.add(controller);
  return () => set.delete(controller);
}

/**
 * A signal that aborts when `parent` does or after `timeoutMs`. Not
 * AbortSignal.any: it links the signals through WeakRefs, V8's scavenger
 * treats WeakRef targets as live, and so every attempt's signals and
 * their listeners were promoted to old space and kept until the next
 * major GC, most of what the updaters' requests left behind (issue #6).
 */
export function attemptSignal(
  parent: AbortSignal | undefined,
  timeoutMs: number,
): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  if (parent?.aborted) controller.abort(parent.reason);
  const unfollow = parent ? follow(parent, controller) : () => false;

  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      unfollow();
    },
  };
}
