import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/db/open.js";
import { TAG_ENTITY, rankOrderSql } from "../../src/stats/entities.js";
import { rankTags } from "../../src/stats/ranks.js";

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "fw-entities-"));
  db = await openDb(join(dir, "test.db"));
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("rankOrderSql", () => {
  it("lists a shared rank by name, case-insensitively, and unranked tags last", async () => {
    const tag = (name: string, views: number | null, deletedAt?: number) => ({
      id: name,
      name,
      view_count: views,
      deleted_at: deletedAt ?? null,
      first_seen_at: 0,
      source: "seed" as const,
    });
    await db.kysely
      .insertInto("tags")
      .values([
        tag("Zulu", 10),
        tag("yankee", 10),
        tag("Xray", 20),
        tag("whiskey", null),
        tag("Victor", 5, 1),
      ])
      .execute();
    rankTags(db);

    const rows = db.sqlite
      .prepare(
        `select name, rank from tags order by ${rankOrderSql(TAG_ENTITY)}`,
      )
      .all();

    // Binary order would put "Zulu" before "yankee" and NULL ranks first.
    expect(rows).toEqual([
      { name: "Xray", rank: 1 },
      { name: "yankee", rank: 2 },
      { name: "Zulu", rank: 2 },
      { name: "Victor", rank: null },
      { name: "whiskey", rank: null },
    ]);
  });
});
