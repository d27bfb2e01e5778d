import { describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { createCreatorStore } from "../../src/db/creator-store.js";
import type { Db } from "../../src/db/open.js";
import { createTagStore } from "../../src/db/tag-store.js";
import type { FanslyAccount, FanslyTag } from "../../src/fansly/types.js";
import { useTestDb } from "../stats/trends-db.js";

const T1 = Date.UTC(2025, 0, 10);
const T2 = T1 + HOUR_MS;

const tag = (viewCount: number): FanslyTag => ({
  id: "t1",
  name: "one",
  viewCount,
  postCount: viewCount / 10,
  createdAt: null,
});

const account = (followers: number): FanslyAccount => ({
  id: "c1",
  username: "ann",
  displayName: "Ann",
  followers,
  subscribers: null,
  postLikes: null,
  mediaLikes: null,
  imageCount: null,
  videoCount: null,
  createdAt: null,
});

const tagRow = (db: Db) =>
  db.sqlite
    .prepare(
      `select view_count, post_count, last_checked_at, last_observed_at,
         growth_observed_at, misses, deleted_at from tags where id = 't1'`,
    )
    .get();

const historyOf = (db: Db, table: "tag_history" | "creator_history") =>
  db.sqlite
    .prepare(`select observed_at from ${table} order by observed_at`)
    .pluck()
    .all();

describe("tag store with observations written out of order", () => {
  const test = useTestDb("fw-observation-order-");

  it("keeps a newer observation's counts and adds the older one to the history", () => {
    const db = test.current();
    const store = createTagStore(db);
    store.observe(tag(300), T2, "manual");
    db.sqlite.exec("update tags set growth_observed_at = last_observed_at");

    expect(store.observeTracked("t1", tag(200), T1)).toBe("updated");

    expect(tagRow(db)).toEqual({
      view_count: 300,
      post_count: 30,
      last_checked_at: T2,
      last_observed_at: T2,
      growth_observed_at: T2,
      misses: 0,
      deleted_at: null,
    });
    expect(historyOf(db, "tag_history")).toEqual([T1, T2]);
  });

  it("takes the older counts when the row's are unknown and no later history row exists", () => {
    const db = test.current();
    const store = createTagStore(db);
    store.observe(tag(300), T2, "manual");
    db.sqlite.exec("delete from tag_history");
    db.sqlite.exec("update tags set last_observed_at = null");

    store.observeTracked("t1", tag(200), T1);

    expect(tagRow(db)).toMatchObject({
      view_count: 200,
      last_checked_at: T2,
      last_observed_at: T1,
    });
  });

  it("ignores a miss older than the row's last check", () => {
    const db = test.current();
    const store = createTagStore(db);
    store.observe(tag(300), T2, "manual");

    expect(store.miss("t1", T1, 1)).toBe(false);

    expect(tagRow(db)).toMatchObject({
      misses: 0,
      deleted_at: null,
      last_checked_at: T2,
    });
  });

  it("does not restore a tag that a later miss deleted", () => {
    const db = test.current();
    const store = createTagStore(db);
    store.observe(tag(100), T1 - HOUR_MS, "manual");
    expect(store.miss("t1", T2, 1)).toBe(true);

    expect(store.observeTracked("t1", tag(200), T1)).toBe("updated");

    expect(tagRow(db)).toMatchObject({
      view_count: 200,
      misses: 1,
      deleted_at: T2,
      last_checked_at: T2,
      last_observed_at: T1,
    });
  });
});

describe("creator store with observations written out of order", () => {
  const test = useTestDb("fw-observation-order-");

  it("keeps a newer observation's counts and adds the older one to the history", () => {
    const db = test.current();
    const store = createCreatorStore(db);
    store.observe(account(300), T2, "manual");

    store.observeTracked({ ...account(200), username: "old_ann" }, T1);

    const row = db.sqlite
      .prepare(
        `select username, followers, last_checked_at, last_observed_at
         from creators`,
      )
      .get();
    expect(row).toEqual({
      username: "ann",
      followers: 300,
      last_checked_at: T2,
      last_observed_at: T2,
    });
    expect(historyOf(db, "creator_history")).toEqual([T1, T2]);
  });

  it("never inserts a tracked creator that was removed meanwhile", () => {
    const db = test.current();
    const store = createCreatorStore(db);
    store.observe(account(300), T1, "manual");
    db.sqlite.exec("delete from creators where id = 'c1'");

    expect(() => store.observeTracked(account(310), T2)).toThrow(/FOREIGN KEY/);

    const count = db.sqlite.prepare("select count(*) from creators").pluck();
    expect(count.get()).toBe(0);
  });

  it("restores a deleted creator observed after its deletion", () => {
    const db = test.current();
    const store = createCreatorStore(db);
    store.observe(account(300), T1, "manual");
    expect(store.miss("c1", T1 + 1, 1)).toBe(true);

    expect(store.observeTracked(account(310), T2)).toBe("restored");
    expect(store.observe(account(320), T2 + 1, "manual")).toBe("updated");
  });
});
