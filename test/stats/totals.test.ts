import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../src/clock.js";
import { openDb, type Db } from "../../src/db/open.js";
import { recordTotals } from "../../src/stats/totals.js";

const NOW = Date.UTC(2025, 0, 15, 12);

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "fw-totals-"));
  db = await openDb(join(dir, "test.db"));
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function seedEntities(): Promise<void> {
  const tag = { first_seen_at: 0, source: "seed" } as const;
  await db.kysely
    .insertInto("tags")
    .values([
      { ...tag, id: "t1", name: "one", view_count: 800, post_count: 8 },
      { ...tag, id: "t2", name: "two", view_count: 2_000, post_count: null },
      { ...tag, id: "t3", name: "gone", view_count: 5_000, post_count: 50 },
      { ...tag, id: "t4", name: "new", view_count: null, post_count: null },
    ])
    .execute();
  await db.kysely
    .insertInto("creators")
    .values([
      {
        ...tag,
        id: "c1",
        username: "ann",
        followers: 80,
        media_likes: 10,
        post_likes: 5,
      },
      {
        ...tag,
        id: "c2",
        username: "bob",
        followers: 50,
        media_likes: null,
        post_likes: 20,
      },
      {
        ...tag,
        id: "c3",
        username: "cid",
        followers: 999,
        media_likes: 7,
        post_likes: 7,
      },
    ])
    .execute();
  db.sqlite.exec(`
    update tags set deleted_at = 1 where id = 't3';
    update creators set deleted_at = 1 where id = 'c3';`);
}

describe("recordTotals", () => {
  it("sums the entities that are not deleted and counts the deleted apart", async () => {
    await seedEntities();

    expect(recordTotals(db, NOW)).toEqual({
      id: 1,
      computed_at: NOW,
      tag_count: 3,
      creator_count: 2,
      deleted_tag_count: 1,
      deleted_creator_count: 1,
      total_views: 2_800,
      total_posts: 8,
      total_followers: 130,
      total_likes: 35,
      views_change_24h: null,
      views_change_24h_pct: null,
      posts_change_24h: null,
      posts_change_24h_pct: null,
      followers_change_24h: null,
      followers_change_24h_pct: null,
      likes_change_24h: null,
      likes_change_24h_pct: null,
    });
  });

  it("compares with the latest row at or before 24 h ago, not a newer one", async () => {
    await seedEntities();
    recordTotals(db, NOW - 25 * HOUR_MS);
    db.sqlite.exec(`
      update tags set view_count = 1000, post_count = 10 where id = 't1';
      update creators set followers = 100 where id = 'c1';
      update creators set post_likes = 25 where id = 'c2';`);
    recordTotals(db, NOW - HOUR_MS);

    const row = recordTotals(db, NOW);

    expect(row).toMatchObject({
      id: 3,
      total_views: 3_000,
      total_posts: 10,
      total_followers: 150,
      total_likes: 40,
      views_change_24h: 200,
      posts_change_24h: 2,
      followers_change_24h: 20,
      likes_change_24h: 5,
      posts_change_24h_pct: 25,
    });
    expect(row.views_change_24h_pct).toBeCloseTo(7.142857143, 8);
    expect(row.followers_change_24h_pct).toBeCloseTo(15.384615385, 8);
    expect(row.likes_change_24h_pct).toBeCloseTo(14.285714286, 8);
  });

  it("takes a row exactly 24 h old as the base and gives no percent from a zero total", () => {
    recordTotals(db, NOW - DAY_MS);

    const row = recordTotals(db, NOW);

    expect(row).toMatchObject({
      tag_count: 0,
      total_views: 0,
      views_change_24h: 0,
      views_change_24h_pct: null,
      likes_change_24h: 0,
      likes_change_24h_pct: null,
    });
  });
});
