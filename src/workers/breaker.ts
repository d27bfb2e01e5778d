import type { ConsolaInstance } from "consola";
import { WorkerError, asError, isWorkerError } from "../errors.js";
import { countFailure } from "./items.js";
import type { RunApi } from "./run-api.js";
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
 * through the rest of the batch would only burn the request budget. Calls
 * made through `guard` are then stopped at once, the queued ones unsent;
 * `failed` never throws, so the caller can still store what the rest of a
 * page fetched, and `throwIfOpen` then ends the run.
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #progress: WorkerReport;
  readonly #log: ConsolaInstance;
  readonly #runSignal: AbortSignal;
  readonly #open = new AbortController();
  /** Aborts with the run, or with the error that opened the breaker. */
  readonly signal: AbortSignal;
  #consecutive = 0;
  #stop: Error | undefined;

  constructor(
    threshold: number,
    run: {
      readonly progress: WorkerReport;
      readonly log: ConsolaInstance;
      readonly signal: AbortSignal;
    },
  ) {
    this.#threshold = threshold;
    this.#progress = run.progress;
    this.#log = run.log;
    this.#runSignal = run.signal;
    this.signal = AbortSignal.any([run.signal, this.#open.signal]);
  }

  /** The run's API with calls that stop when the breaker opens. */
  guard(client: RunApi): RunApi {
    return { ...client, call: { ...client.call, signal: this.signal } };
  }

  succeeded(): void {
    this.#consecutive = 0;
  }

  /**
   * Counts the items of a failed request, or keeps an error that stops the
   * run. A call stopped by the run's end or by this breaker is no failure
   * of its own and is not counted.
   */
  failed(error: unknown, failed: FailedItems): void {
    if (this.#runSignal.aborted || error === this.#stop) return;
    if (isRunStopping(error)) {
      this.#open.abort((this.#stop ??= asError(error)));
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
    this.#open.abort(this.#stop);
  }
}
