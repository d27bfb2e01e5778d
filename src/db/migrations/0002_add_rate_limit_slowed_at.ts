import type { Kysely } from "kysely";

// Frozen in time: never edit after release; add a new migration instead.

/**
 * When the shared rate was last halved after a 429. The adaptive rate
 * recovers from `current_rate` as time passes since then, and a 429 for a
 * request sent before it does not halve the rate again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("rate_limit")
    .addColumn("slowed_at", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("rate_limit").dropColumn("slowed_at").execute();
}
