import { sql, type Kysely } from "kysely";

// Frozen in time: never edit after release; add a new migration instead.

/**
 * `last_observed_at` is the time of the history row whose counts the entity
 * row holds, so the statistics pass reads the latest observation from the
 * row instead of seeking it; null means "look it up in the history".
 * `growth_observed_at` is the `last_observed_at` the growth columns were
 * computed from, so the pass skips rows that nothing moved (issue #6).
 */
const ENTITIES = [
  ["tags", "tag_history", "tag_id", "view_count"],
  ["creators", "creator_history", "creator_id", "followers"],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, history, key, count] of ENTITIES) {
    for (const column of ["last_observed_at", "growth_observed_at"]) {
      await db.schema.alterTable(table).addColumn(column, "integer").execute();
    }
    // Only where the row's count is the latest history row's, so a row that
    // disagrees with its history keeps null and is looked up as before.
    await sql`
      update ${sql.table(table)} set last_observed_at = latest.observed_at
      from (
        select ${sql.ref(key)} as entity_id, max(observed_at) as observed_at,
          ${sql.ref(count)} as count
        from ${sql.table(history)} group by ${sql.ref(key)}
      ) as latest
      where latest.entity_id = ${sql.ref(`${table}.id`)}
        and latest.count = ${sql.ref(`${table}.${count}`)}`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table] of ENTITIES) {
    for (const column of ["growth_observed_at", "last_observed_at"]) {
      await db.schema.alterTable(table).dropColumn(column).execute();
    }
  }
}
