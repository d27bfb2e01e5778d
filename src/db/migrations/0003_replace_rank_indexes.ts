import type { Kysely } from "kysely";

// Frozen in time: never edit after release; add a new migration instead.

/**
 * The rank indexes served no query (every ranked list orders by `rank is
 * null, rank, …`, which a plain index on rank cannot give), yet each
 * ranking pass had to move every entry: on 1M tags they took half the
 * pass. The count indexes gain `deleted_at`, so the pass reads the distinct
 * live counts in order from the index alone, without a sort (issue #6).
 */
const COUNT_INDEXES = [
  ["tags_view_count_idx", "tags", "view_count"],
  ["creators_followers_idx", "creators", "followers"],
] as const;

const RANK_INDEXES = [
  ["tags_rank_idx", "tags"],
  ["creators_rank_idx", "creators"],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name] of RANK_INDEXES) {
    await db.schema.dropIndex(name).execute();
  }
  for (const [name, table, column] of COUNT_INDEXES) {
    await db.schema.dropIndex(name).execute();
    await db.schema
      .createIndex(name)
      .on(table)
      .columns([column, "deleted_at"])
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name, table, column] of COUNT_INDEXES) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on(table).column(column).execute();
  }
  for (const [name, table] of RANK_INDEXES) {
    await db.schema.createIndex(name).on(table).column("rank").execute();
  }
}
