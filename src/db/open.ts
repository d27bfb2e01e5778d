import BetterSqlite3 from "better-sqlite3";
import { Kysely, Migrator, SqliteDialect, sql } from "kysely";
import { WorkerError, asError } from "../errors.js";
import type { Database } from "./schema.js";
import { LATEST_MIGRATION, migrationProvider } from "./migrations/index.js";

/** An open database: Kysely for queries, the raw handle for hot paths and transactions. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly sqlite: BetterSqlite3.Database;
  readonly path: string;
  close(): Promise<void>;
}

/** How long a write waits for another process's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

export interface OpenDbOptions {
  /** Skip migrations (read-only tools that must not change the file). */
  readonly migrate?: boolean;
  readonly onMigration?: (name: string, status: string) => void;
}

/** Opens (creating if needed) the SQLite file, sets the pragmas and migrates it. */
export async function openDb(
  path: string,
  options: OpenDbOptions = {},
): Promise<Db> {
  let sqlite: BetterSqlite3.Database;
  try {
    sqlite = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
    applyPragmas(sqlite);
  } catch (error) {
    throw new WorkerError(
      "E_DB",
      `Cannot open database '${path}': ${asError(error).message}`,
      { cause: error },
    );
  }

  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
  });
  const db: Db = {
    kysely,
    sqlite,
    path,
    close: async () => {
      await kysely.destroy();
    },
  };

  if (options.migrate !== false) {
    try {
      await migrate(db, options.onMigration);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

function applyPragmas(sqlite: BetterSqlite3.Database): void {
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("synchronous = NORMAL");
}

function isUpToDate(sqlite: BetterSqlite3.Database): boolean {
  const table = sqlite
    .prepare(
      "select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'",
    )
    .get();
  if (!table) return false;
  const row = sqlite
    .prepare("select 1 from kysely_migration where name = ?")
    .get(LATEST_MIGRATION);
  return row !== undefined;
}

/**
 * Runs pending migrations under `BEGIN IMMEDIATE`, so that two processes
 * starting at once serialise on SQLite's write lock: the second one waits,
 * then finds nothing left to do. Kysely's own transaction would be a deferred
 * BEGIN, which fails with SQLITE_BUSY instead of waiting.
 */
async function migrate(
  db: Db,
  onMigration?: (name: string, status: string) => void,
): Promise<void> {
  if (isUpToDate(db.sqlite)) return;

  db.sqlite.exec("BEGIN IMMEDIATE");
  const migrator = new Migrator({
    db: db.kysely,
    provider: migrationProvider,
    disableTransactions: true,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  for (const result of results) {
    onMigration?.(result.migrationName, result.status);
  }
  if (error) {
    db.sqlite.exec("ROLLBACK");
    throw new WorkerError("E_DB", "Database migration failed", {
      cause: error,
    });
  }
  db.sqlite.exec("COMMIT");
}

/** Runs `fn` in a better-sqlite3 IMMEDIATE transaction (no awaits inside). */
export function immediate<T>(db: Db, fn: () => T): T {
  return db.sqlite.transaction(fn).immediate();
}

export { sql };
