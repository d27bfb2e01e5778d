import type { ConsolaInstance } from "consola";
import { WorkerError, asError, isWorkerError } from "../errors.js";
import { countFailure } from "./items.js";
import type { WorkerReport } from "./types.js";

/**
 * Errors after which no item of the run can succeed: a bad token, a
 * cool-down longer than FANSLY_MAX_COOLDOWN, an abort. They end the run
 * rather than count as one more failed item.
 */
export function isRunStopping(error: unknown): boolean {
  if (isWorkerError(error, "E_AUTH") || isWorkerError(error, "E_ABORTED")) {
    return true;
  }
  return isWorkerError(error, "E_RATE_LIMITED") && error.resumeAt !== undefined;
}

/** What a failed request was for, in the run's log and details. */
export interface FailedItems {
  readonly what: string;
  /** Items the request was for (a batch of creators). @defaultValue 1 */
  readonly items?: number;
}

/**
 * Stops a run that is only producing failures: after `threshold`
 * consecutive failed requests the API is taken to be down, and working
 * through the rest of the batch would only burn the request budget.
 * `failed` never throws, so the caller can still store what the rest of a
 * page fetched; `throwIfOpen` then ends the run.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #progress: WorkerReport;
  readonly #log: ConsolaInstance;
  #consecutive = 0;
  #stop: Error | undefined;

  constructor(
    threshold: number,
    run: { readonly progress: WorkerReport; readonly log: ConsolaInstance },
  ) {
    this.#threshold = threshold;
    this.#progress = run.progress;
    this.#log = run.log;
  }

  succeeded(): void {
    this.#consecutive = 0;
  }

  /** Counts the items of a failed request, or keeps an error that stops the run. */
  failed(error: unknown, failed: FailedItems): void {
    if (isRunStopping(error)) {
      this.#stop ??= asError(error);
      return;
    }
    countFailure(this.#progress, this.#log, failed.what, asError(error), {
      items: failed.items,
    });
    if (this.#stop !== undefined) return;
    this.#consecutive += 1;
    if (this.#consecutive >= this.#threshold) this.#trip(error);
  }

  /** Throws the error that ends the run, if there is one. */
  throwIfOpen(): void {
    if (this.#stop !== undefined) throw this.#stop;
  }

  #trip(error: unknown): void {
    const last = asError(error).message;
    const count = `${this.#consecutive} consecutive failed requests`;
    this.#progress.details.breakerTrips = 1;
    this.#log.error(
      `circuit breaker open after ${count} (FANSLY_BREAKER_THRESHOLD=${this.#threshold}); the run stops. Last error: ${last}`,
    );
    this.#stop = new WorkerError(
      "E_CIRCUIT_OPEN",
      `stopped after ${count}; last error: ${last}`,
      { cause: error },
    );
  }
}
