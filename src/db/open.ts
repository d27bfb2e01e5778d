import BetterSqlite3 from "better-sqlite3";
import type { Kysely } from "kysely";
import { WorkerError, asError } from "../errors.js";
import { LATEST_MIGRATION } from "./migrations/latest.js";
import type { Database } from "./schema.js";

/** An open database: Kysely for queries, the raw handle for hot paths and transactions. */
export interface Db {
  /** Throws when the database was opened with `kysely: false`. */
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
  /**
   * Build the Kysely instance. Commands that only use `sqlite` pass false,
   * so that an up-to-date database opens without loading Kysely at all.
   * @defaultValue true
   */
  readonly kysely?: boolean;
}

/** Opens (creating if needed) the SQLite file, sets the pragmas and migrates it. */
export async function openDb(
  path: string,
  options: OpenDbOptions = {},
): Promise<Db> {
  const sqlite = openSqlite(path);
  let kysely: Kysely<Database> | undefined;
  const db: Db = {
    get kysely(): Kysely<Database> {
      if (kysely) return kysely;
      throw new TypeError(
        `Database '${path}' was opened with { kysely: false }; use db.sqlite`,
      );
    },
    sqlite,
    path,
    close: async () => {
      // Kysely closes the connection only if it ever ran a query, so a
      // caller that used db.sqlite alone would leave it open, and its WAL
      // unmerged into the file.
      if (kysely) await kysely.destroy();
      if (sqlite.open) sqlite.close();
    },
  };

  try {
    const pending = options.migrate !== false && !isUpToDate(sqlite);
    if (options.kysely !== false || pending) {
      const { createKysely, migrate } = await import("./migrate.js");
      kysely = createKysely(sqlite);
      if (pending) await migrate(kysely, sqlite, options.onMigration);
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

function openSqlite(path: string): BetterSqlite3.Database {
  try {
    const sqlite = new BetterSqlite3(path, { timeout: BUSY_TIMEOUT_MS });
    applyPragmas(sqlite);
    return sqlite;
  } catch (error) {
    throw new WorkerError(
      "E_DB",
      `Cannot open database '${path}': ${asError(error).message}`,
      { cause: error },
    );
  }
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

/** Runs `fn` in a better-sqlite3 IMMEDIATE transaction (no awaits inside). */
export function immediate<T>(db: Db, fn: () => T): T {
  return db.sqlite.transaction(fn).immediate();
}
