import type { ConsolaInstance } from "consola";
import type { Db } from "../db/open.js";
import { asError } from "../errors.js";
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

/** Counts an item failure in the run's tally and logs it once. */
export function countFailure(
  progress: WorkerReport,
  log: ConsolaInstance,
  what: string,
  error: Error,
): void {
  progress.failed += 1;
  log.warn(`${what} failed: ${error.message}`);
}
