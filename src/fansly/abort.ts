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
