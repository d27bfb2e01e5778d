import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach } from "vitest";
import { openDb, type Db } from "../../src/db/open.js";
import type { GrowthColumns } from "../../src/db/schema.js";
import { observations, type Series } from "./trends-fixtures.js";

/** A fresh migrated database per test, closed and removed afterwards. */
export function useTestDb(prefix: string): { readonly current: () => Db } {
  let dir: string;
  let db: Db | undefined;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    db = await openDb(join(dir, "test.db"));
  });
  afterEach(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    current: () => {
      if (db === undefined) throw new Error("no test database is open");
      return db;
    },
  };
}

/** Inserts a tag with the given history; a deleted one starts with stale growth values it must lose. */
export async function addTag(
  db: Db,
  name: string,
  series: Series,
  deletedAt: number | null = null,
): Promise<void> {
  const stale = deletedAt === null ? {} : { change_24h: 5, heat: 2 };
  await db.kysely
    .insertInto("tags")
    .values({
      ...stale,
      id: name,
      name,
      first_seen_at: 0,
      source: "seed",
      deleted_at: deletedAt,
    })
    .execute();
  const insert = db.sqlite.prepare(
    "insert into tag_history (tag_id, observed_at, view_count) values (?, ?, ?)",
  );
  for (const { observedAt, count } of observations(series)) {
    insert.run(name, observedAt, count);
  }
}

export const growthOf = (
  db: Db,
  table: "tags" | "creators",
  id: string,
): GrowthColumns =>
  db.sqlite
    .prepare(
      `select change_24h, change_24h_pct, change_24h_per_hour, change_7d,
        change_7d_pct, change_7d_per_hour, heat, trend from ${table} where id = ?`,
    )
    .get(id) as GrowthColumns;

export const NO_GROWTH: GrowthColumns = {
  change_24h: null,
  change_24h_pct: null,
  change_24h_per_hour: null,
  change_7d: null,
  change_7d_pct: null,
  change_7d_per_hour: null,
  heat: null,
  trend: null,
};
