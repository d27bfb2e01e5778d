import { sql, type Kysely, type CreateTableBuilder } from "kysely";

// Frozen in time: never edit after release; add a new migration instead.

function withGrowthColumns<T extends string>(
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, never> {
  return table
    .addColumn("change_24h", "integer")
    .addColumn("change_24h_pct", "real")
    .addColumn("change_24h_per_hour", "real")
    .addColumn("change_7d", "integer")
    .addColumn("change_7d_pct", "real")
    .addColumn("change_7d_per_hour", "real")
    .addColumn("heat", "real")
    .addColumn("trend", "text");
}

async function createEntityTables(db: Kysely<any>): Promise<void> {
  await withGrowthColumns(
    db.schema
      .createTable("tags")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) =>
        c
          .notNull()
          .unique()
          .modifyEnd(sql`collate nocase`),
      )
      .addColumn("view_count", "integer")
      .addColumn("post_count", "integer")
      .addColumn("rank", "integer")
      .addColumn("previous_rank", "integer"),
  )
    .addColumn("fansly_created_at", "integer")
    .addColumn("first_seen_at", "integer", (c) => c.notNull())
    .addColumn("last_checked_at", "integer")
    .addColumn("last_used_for_discovery", "integer")
    .addColumn("misses", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("deleted_at", "integer")
    .addColumn("source", "text", (c) => c.notNull())
    .execute();

  await withGrowthColumns(
    db.schema
      .createTable("creators")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("username", "text", (c) =>
        c
          .notNull()
          .unique()
          .modifyEnd(sql`collate nocase`),
      )
      .addColumn("display_name", "text")
      .addColumn("followers", "integer")
      .addColumn("subscribers", "integer")
      .addColumn("media_likes", "integer")
      .addColumn("post_likes", "integer")
      .addColumn("image_count", "integer")
      .addColumn("video_count", "integer")
      .addColumn("rank", "integer")
      .addColumn("previous_rank", "integer"),
  )
    .addColumn("fansly_created_at", "integer")
    .addColumn("first_seen_at", "integer", (c) => c.notNull())
    .addColumn("last_checked_at", "integer")
    .addColumn("misses", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("deleted_at", "integer")
    .addColumn("source", "text", (c) => c.notNull())
    .execute();
}

async function createHistoryTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("tag_history")
    .addColumn("tag_id", "text", (c) =>
      c.notNull().references("tags.id").onDelete("cascade"),
    )
    .addColumn("observed_at", "integer", (c) => c.notNull())
    .addColumn("view_count", "integer", (c) => c.notNull())
    .addColumn("post_count", "integer")
    .addPrimaryKeyConstraint("tag_history_pk", ["tag_id", "observed_at"])
    .modifyEnd(sql`without rowid`)
    .execute();

  await db.schema
    .createTable("creator_history")
    .addColumn("creator_id", "text", (c) =>
      c.notNull().references("creators.id").onDelete("cascade"),
    )
    .addColumn("observed_at", "integer", (c) => c.notNull())
    .addColumn("followers", "integer", (c) => c.notNull())
    .addColumn("subscribers", "integer")
    .addColumn("media_likes", "integer")
    .addColumn("post_likes", "integer")
    .addColumn("image_count", "integer")
    .addColumn("video_count", "integer")
    .addPrimaryKeyConstraint("creator_history_pk", [
      "creator_id",
      "observed_at",
    ])
    .modifyEnd(sql`without rowid`)
    .execute();
}

async function createDiscoveryTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("posts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text")
    .addColumn("created_at", "integer")
    .addColumn("first_seen_at", "integer", (c) => c.notNull())
    .addColumn("source_tag_id", "text")
    .execute();

  await db.schema
    .createTable("tag_relations")
    .addColumn("tag_id", "text", (c) =>
      c.notNull().references("tags.id").onDelete("cascade"),
    )
    .addColumn("related_tag_id", "text", (c) =>
      c.notNull().references("tags.id").onDelete("cascade"),
    )
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("post_count", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("tag_relations_pk", [
      "tag_id",
      "related_tag_id",
      "day",
    ])
    .modifyEnd(sql`without rowid`)
    .execute();
}

async function createStatisticsTable(db: Kysely<any>): Promise<void> {
  let table = db.schema
    .createTable("statistics")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("computed_at", "integer", (c) => c.notNull());
  for (const column of [
    "tag_count",
    "creator_count",
    "deleted_tag_count",
    "deleted_creator_count",
    "total_views",
    "total_posts",
    "total_followers",
    "total_likes",
  ]) {
    table = table.addColumn(column, "integer", (c) => c.notNull());
  }
  for (const metric of ["views", "posts", "followers", "likes"]) {
    table = table
      .addColumn(`${metric}_change_24h`, "integer")
      .addColumn(`${metric}_change_24h_pct`, "real");
  }
  await table.execute();
}

async function createBookkeepingTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("workers")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("idle"))
    .addColumn("last_run_at", "integer")
    .addColumn("last_finished_at", "integer")
    .addColumn("next_run_at", "integer")
    .addColumn("run_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("success_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("consecutive_failures", "integer", (c) =>
      c.notNull().defaultTo(0),
    )
    .addColumn("last_error", "text")
    .addColumn("last_duration_ms", "integer")
    .addColumn("last_outcome", "text")
    .addColumn("lease_owner", "text")
    .addColumn("lease_expires_at", "integer")
    .addColumn("current_run_id", "integer")
    .execute();

  await db.schema
    .createTable("worker_runs")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("worker", "text", (c) => c.notNull())
    .addColumn("started_at", "integer", (c) => c.notNull())
    .addColumn("finished_at", "integer")
    .addColumn("outcome", "text", (c) => c.notNull())
    .addColumn("items_ok", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("items_failed", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("items_skipped", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("missed_intervals", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("error", "text")
    .addColumn("details", "text")
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("trigger", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("rate_limit")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("tat", "integer", (c) => c.notNull())
    .addColumn("blocked_until", "integer", (c) => c.notNull())
    .addColumn("current_rate", "real")
    .addColumn("updated_at", "integer", (c) => c.notNull())
    .execute();
  await db
    .insertInto("rate_limit")
    .values({ id: 1, tat: 0, blocked_until: 0, updated_at: 0 })
    .execute();
}

async function createIndexes(db: Kysely<any>): Promise<void> {
  const indexes: [string, string, string[]][] = [
    ["tags_view_count_idx", "tags", ["view_count"]],
    ["tags_last_checked_idx", "tags", ["last_checked_at"]],
    ["tags_rank_idx", "tags", ["rank"]],
    ["creators_followers_idx", "creators", ["followers"]],
    ["creators_last_checked_idx", "creators", ["last_checked_at"]],
    ["creators_rank_idx", "creators", ["rank"]],
    ["tag_relations_related_idx", "tag_relations", ["related_tag_id", "day"]],
    ["tag_relations_day_idx", "tag_relations", ["day"]],
    ["worker_runs_worker_idx", "worker_runs", ["worker", "started_at"]],
  ];
  for (const [name, table, columns] of indexes) {
    await db.schema.createIndex(name).on(table).columns(columns).execute();
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await createEntityTables(db);
  await createHistoryTables(db);
  await createDiscoveryTables(db);
  await createStatisticsTable(db);
  await createBookkeepingTables(db);
  await createIndexes(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "rate_limit",
    "worker_runs",
    "workers",
    "statistics",
    "tag_relations",
    "posts",
    "creator_history",
    "tag_history",
    "creators",
    "tags",
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
