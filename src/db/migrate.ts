import type BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect } from "kysely";
import { WorkerError } from "../errors.js";
import { migrationProvider } from "./migrations/index.js";
import type { Database } from "./schema.js";

// Loaded by open.ts only when a caller wants the query builder or the file
// needs migrating: Kysely is most of what a command would otherwise load
// before doing anything (DESIGN §11).

/** A Kysely instance over an open connection; destroying it closes the connection. */
export function createKysely(sqlite: BetterSqlite3.Database): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
  });
}

/**
 * Runs pending migrations under `BEGIN IMMEDIATE`, so that two processes
 * starting at once serialise on SQLite's write lock: the second one waits,
 * then finds nothing left to do. Kysely's own transaction would be a deferred
 * BEGIN, which fails with SQLITE_BUSY instead of waiting.
 */
export async function migrate(
  kysely: Kysely<Database>,
  sqlite: BetterSqlite3.Database,
  onMigration?: (name: string, status: string) => void,
): Promise<void> {
  sqlite.exec("BEGIN IMMEDIATE");
  const migrator = new Migrator({
    db: kysely,
    provider: migrationProvider,
    disableTransactions: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const result of results) {
    onMigration?.(result.migrationName, result.status);
  }
  if (error) {
    sqlite.exec("ROLLBACK");
    throw new WorkerError("E_DB", "Database migration failed", {
      cause: error,
    });
  }
  sqlite.exec("COMMIT");
}
