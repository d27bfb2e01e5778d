import { describe, expect, it } from "vitest";
import { Migrator } from "kysely";
import { HOUR_MS } from "../../src/clock.js";
import { createCreatorStore } from "../../src/db/creator-store.js";
import { migrationProvider } from "../../src/db/migrations/index.js";
import { openDb, type Db } from "../../src/db/open.js";
import { createTagStore } from "../../src/db/tag-store.js";
import type { FanslyAccount, FanslyTag } from "../../src/fansly/types.js";
import { useTestDb } from "../stats/trends-db.js";

const T0 = Date.UTC(2025, 0, 10);
const tag = (viewCount: number): FanslyTag => ({
  id: "t1",
  name: "one",
  viewCount,
  postCount: null,
  createdAt: null,
});

const rowOf = (db: Db, table: "tags" | "creators", id: string) =>
  db.sqlite
    .prepare(
      `select last_observed_at, growth_observed_at from ${table} where id = ?`,
    )
    .get(id);

describe("last_observed_at", () => {
  const test = useTestDb("fw-last-observed-");

  it("follows every observation of a tag and clears growth_observed_at, but not a miss", () => {
    const db = test.current();
    const store = createTagStore(db);
    store.observe(tag(10), T0, "manual");
    expect(rowOf(db, "tags", "t1")).toEqual({
      last_observed_at: T0,
      growth_observed_at: null,
    });
    db.sqlite.exec("update tags set growth_observed_at = 1");
    store.observeTracked("t1", tag(12), T0 + HOUR_MS);
    expect(rowOf(db, "tags", "t1")).toEqual({
      last_observed_at: T0 + HOUR_MS,
      growth_observed_at: null,
    });
    store.miss("t1", T0 + 2 * HOUR_MS, 3);
    expect(rowOf(db, "tags", "t1")).toMatchObject({
      last_observed_at: T0 + HOUR_MS,
    });
  });

  it("stays unknown while the history holds a later row, then follows again", () => {
    const db = test.current();
    const store = createTagStore(db);
    store.observe(tag(10), T0, "manual");
    db.sqlite.exec("update tags set last_observed_at = null");
    // Older than the history row at T0: the row keeps what it has.
    store.observe(tag(9), T0 - 1, "manual");
    expect(rowOf(db, "tags", "t1")).toMatchObject({ last_observed_at: null });
    store.observe(tag(11), T0 + 1, "manual");
    expect(rowOf(db, "tags", "t1")).toMatchObject({ last_observed_at: T0 + 1 });
  });

  it("follows every observation of a creator", () => {
    const db = test.current();
    const store = createCreatorStore(db);
    const account: FanslyAccount = {
      id: "c1",
      username: "ann",
      displayName: "Ann",
      followers: 5,
      subscribers: null,
      postLikes: null,
      mediaLikes: null,
      imageCount: null,
      videoCount: null,
      createdAt: null,
    };
    store.observe(account, T0, "manual");
    store.observe({ ...account, followers: 6 }, T0 + HOUR_MS, "manual");
    expect(rowOf(db, "creators", "c1")).toEqual({
      last_observed_at: T0 + HOUR_MS,
      growth_observed_at: null,
    });
    const followers = db.sqlite
      .prepare("select followers from creators where id = 'c1'")
      .pluck()
      .get();
    expect(followers).toBe(6);
  });
});

describe("migration 0004_add_last_observed_at", () => {
  it("backfills the newest history time where the row holds its counts", async () => {
    const db = await openDb(":memory:", { migrate: false });
    const migrator = new Migrator({
      db: db.kysely,
      provider: migrationProvider,
    });
    await migrator.migrateTo("0003_replace_rank_indexes");
    db.sqlite.exec(`
      insert into tags (id, name, view_count, first_seen_at, source) values
        ('a', 'a', 30, 0, 'seed'), ('b', 'b', 99, 0, 'seed'), ('c', 'c', 5, 0, 'seed');
      insert into tag_history (tag_id, observed_at, view_count) values
        ('a', 100, 10), ('a', 300, 30), ('a', 200, 20), ('b', 100, 98);
      insert into creators (id, username, followers, first_seen_at, source)
        values ('x', 'x', 7, 0, 'seed');
      insert into creator_history (creator_id, observed_at, followers)
        values ('x', 50, 6), ('x', 60, 7);`);
    const { error } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    const known = db.sqlite
      .prepare(
        `select id, last_observed_at, growth_observed_at from tags
         union all select id, last_observed_at, growth_observed_at from creators
         order by id`,
      )
      .all();
    // a: its count 30 is the row at 300; b disagrees with its history; c has none.
    expect(known).toEqual([
      { id: "a", last_observed_at: 300, growth_observed_at: null },
      { id: "b", last_observed_at: null, growth_observed_at: null },
      { id: "c", last_observed_at: null, growth_observed_at: null },
      { id: "x", last_observed_at: 60, growth_observed_at: null },
    ]);
    await db.close();
  });
});
