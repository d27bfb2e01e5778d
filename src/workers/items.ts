import type { ConsolaInstance } from "consola";
import type { Db } from "../db/open.js";
import { WorkerError, asError } from "../errors.js";
import type { WorkerReport } from "./types.js";

/** Splits `items` into consecutive pages of at most `size`. */
export function toPages<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    pages.push(items.slice(i, i + size));
  }
  return pages;
}

/**
 * Writes one page of items in a single IMMEDIATE transaction, each item in
 * its own savepoint: a failing item is rolled back alone, counted and
 * logged, and the rest of the page still commits.
 */
export function writePage<T>(
  db: Db,
  items: readonly T[],
  write: (item: T) => void,
  failed: (item: T, error: Error) => void,
): void {
  const writeOne = db.sqlite.transaction(write);
  db.sqlite
    .transaction(() => {
      for (const item of items) {
        try {
          writeOne(item);
        } catch (error) {
          failed(item, asError(error));
        }
      }
    })
    .immediate();
}

/** Settles every promise; the outcome array keeps the input order. */
export async function settleAll<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  return Promise.allSettled(items.map((item) => task(item)));
}

/** Reasons kept in a run's details; the log has every one. */
const MAX_RECORDED_FAILURES = 20;

/**
 * Counts failed items in the run's tally, logs the reason once and keeps
 * it in the run's details (`failures`), so `worker_runs` says why.
 */
export function countFailure(
  progress: WorkerReport,
  log: ConsolaInstance,
  what: string,
  error: Error,
  options: { readonly items?: number | undefined } = {},
): void {
  const reason = `${what} failed: ${error.message}`;
  progress.failed += options.items ?? 1;
  log.warn(reason);

  const recorded = progress.details.failures;
  const failures = Array.isArray(recorded) ? recorded : [];
  if (failures.length < MAX_RECORDED_FAILURES) failures.push(reason);
  progress.details.failures = failures;
}

/**
 * A run in which every item failed did not do its job, even when the
 * circuit breaker never tripped (a batch smaller than its threshold): it
 * fails, so that cron and `status` show that the API is unreachable.
 */
export function failIfNothingWorked(progress: WorkerReport): void {
  if (progress.ok === 0 && progress.failed > 0) {
    throw new WorkerError(
      "E_HTTP",
      `every item failed (${progress.failed}); see the warnings above for the reasons`,
    );
  }
}
