import { sql, type Kysely } from "kysely";

// Frozen in time: never edit after release; add a new migration instead.

/**
 * The updaters read due entities a page at a time, in the order live before
 * deleted, never checked first, then oldest check, then id. These indexes
 * hold exactly that order, so each page is one index range read from where
 * the last one stopped, without sorting every due row again. They replace
 * the plain `last_checked_at` indexes, which no other query used, so each
 * observation still moves one index entry (issue #6).
 */
const STALE_INDEXES = [
  ["tags_stale_idx", "tags", "tags_last_checked_idx"],
  ["creators_stale_idx", "creators", "creators_last_checked_idx"],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, replaced] of STALE_INDEXES) {
    await db.schema.dropIndex(replaced).execute();
    await sql`create index ${sql.id(name)} on ${sql.table(table)}
      (deleted_at is not null, last_checked_at, id)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, table, replaced] of STALE_INDEXES) {
    await db.schema.dropIndex(name).execute();
    await db.schema
      .createIndex(replaced)
      .on(table)
      .column("last_checked_at")
      .execute();
  }
}
