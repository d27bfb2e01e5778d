import { immediate, type Db } from "../db/open.js";

class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super("dry run: rolling back");
    this.name = "DryRunRollback";
  }
}

/**
 * Runs `fn`, whose writes are synchronous better-sqlite3 transactions. With
 * `dryRun` it runs inside an outer transaction that is always rolled back,
 * so the caller gets the numbers a real run would produce while the database
 * stays as it was; `fn`'s own transactions nest as savepoints.
 */
export function writeOrPreview<T>(db: Db, dryRun: boolean, fn: () => T): T {
  if (!dryRun) return fn();
  try {
    immediate(db, () => {
      throw new DryRunRollback(fn());
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.result as T;
    throw error;
  }
  throw new Error("unreachable: a dry run always rolls back");
}
