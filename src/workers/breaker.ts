import { WorkerError, isWorkerError } from "../errors.js";

/**
 * Stops a run that is only producing failures: after `threshold`
 * consecutive failed items the API is taken to be down, and working through
 * the rest of the batch would only burn the request budget.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  #consecutive = 0;

  constructor(threshold: number) {
    this.#threshold = threshold;
  }

  succeeded(): void {
    this.#consecutive = 0;
  }

  /** Counts a failure; throws when the run must stop. */
  failed(error: unknown): void {
    // A bad token fails every request the same way: stop at the first.
    if (isWorkerError(error, "E_AUTH") || isWorkerError(error, "E_ABORTED")) {
      throw error;
    }
    this.#consecutive += 1;
    if (this.#consecutive >= this.#threshold) {
      const last = error instanceof Error ? error.message : String(error);
      throw new WorkerError(
        "E_CIRCUIT_OPEN",
        `stopped after ${this.#consecutive} consecutive failed items; last error: ${last}`,
        { cause: error },
      );
    }
  }
}
