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

/** How one item's write is handled, in and after its page's transaction. */
export interface PageWriter<T, R> {
  /** Stores one item; may run twice (see writePage), so no side effects. */
  readonly write: (item: T) => R;
  /** Called after the commit for each item stored, with what `write` returned. */
  readonly stored: (item: T, result: R) => void;
  /** Called after the commit for each item rolled back. */
  readonly failed: (item: T, error: Error) => void;
}

type Outcome<R> =
  | { readonly ok: true; readonly value: R }
  | { readonly ok: false; readonly error: Error };

/**
 * Writes a page of items in one IMMEDIATE transaction. When an item fails,
 * that transaction is rolled back and the page is written again with each
 * item in its own savepoint, so the failing item is rolled back alone and
 * the rest still commits. Savepoints only then: on every page they cost
 * about a tenth of the write speed (issue #6). A failure of the
 * transaction itself (a busy database, a full disk) is thrown.
 */
export function writePage<T, R>(
  db: Db,
  items: readonly T[],
  writer: PageWriter<T, R>,
): void {
  const outcomes =
    writeAllOrNothing(db, items, writer.write) ??
    writeEachAlone(db, items, writer.write);
  outcomes.forEach((outcome, i) => {
    const item = items[i]!;
    if (outcome.ok) writer.stored(item, outcome.value);
    else writer.failed(item, outcome.error);
  });
}

/** The page in one transaction; undefined when an item failed. */
function writeAllOrNothing<T, R>(
  db: Db,
  items: readonly T[],
  write: (item: T) => R,
): Outcome<R>[] | undefined {
  const itemErrors: unknown[] = [];
  const writeOrNote = (item: T): Outcome<R> => {
    try {
      return { ok: true, value: write(item) };
    } catch (error) {
      itemErrors.push(error);
      throw error;
    }
  };
  try {
    return db.sqlite.transaction(() => items.map(writeOrNote)).immediate();
  } catch (error) {
    if (itemErrors.includes(error)) return undefined;
    throw error;
  }
}

/** The page in one transaction, each item in a savepoint of its own. */
function writeEachAlone<T, R>(
  db: Db,
  items: readonly T[],
  write: (item: T) => R,
): Outcome<R>[] {
  const writeOne = db.sqlite.transaction(write);
  const attempt = (item: T): Outcome<R> => {
    try {
      return { ok: true, value: writeOne(item) };
    } catch (error) {
      return { ok: false, error: asError(error) };
    }
  };
  return db.sqlite.transaction(() => items.map(attempt)).immediate();
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
