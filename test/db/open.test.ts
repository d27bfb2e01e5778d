import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb } from "../../src/db/open.js";
import {
  LATEST_MIGRATION,
  registeredLatest,
} from "../../src/db/migrations/index.js";

describe("openDb", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fansly-workers-open-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("names the registry's newest migration as LATEST_MIGRATION", () => {
    expect(LATEST_MIGRATION).toBe(registeredLatest());
  });

  it("migrates a new file even when Kysely is not wanted", async () => {
    const db = await openDb(join(dir, "new.db"), { kysely: false });
    const applied = db.sqlite
      .prepare("select name from kysely_migration order by name")
      .pluck()
      .all();
    expect(applied.at(-1)).toBe(LATEST_MIGRATION);
    await db.close();
    expect(db.sqlite.open).toBe(false);
  });

  it("opens an up-to-date file without Kysely and says so when asked for it", async () => {
    const path = join(dir, "current.db");
    await (await openDb(path)).close();
    const db = await openDb(path, { kysely: false });
    expect(() => db.kysely).toThrow(/kysely: false/);
    expect(db.sqlite.prepare("select count(*) from tags").pluck().get()).toBe(
      0,
    );
    await db.close();
    expect(db.sqlite.open).toBe(false);
  });

  it("closes the connection when Kysely was created but never queried", async () => {
    const path = join(dir, "unused-kysely.db");
    await (await openDb(path)).close();
    const db = await openDb(path);
    db.sqlite.exec("create table probe (x integer)");
    await db.close();
    expect(db.sqlite.open).toBe(false);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it("gives a Kysely instance by default", async () => {
    const db = await openDb(join(dir, "default.db"));
    const rows = await db.kysely.selectFrom("workers").selectAll().execute();
    expect(rows).toEqual([]);
    await db.close();
  });

  it("indexes counts with deleted_at for ranking and keeps no rank index", async () => {
    const db = await openDb(join(dir, "indexes.db"), { kysely: false });
    const columns = (index: string) =>
      db.sqlite
        .prepare("select name from pragma_index_info(?) order by seqno")
        .pluck()
        .all(index);
    expect(columns("tags_view_count_idx")).toEqual([
      "view_count",
      "deleted_at",
    ]);
    expect(columns("creators_followers_idx")).toEqual([
      "followers",
      "deleted_at",
    ]);
    const rankIndexes = db.sqlite
      .prepare("select name from sqlite_master where name like '%rank_idx'")
      .pluck()
      .all();
    expect(rankIndexes).toEqual([]);
    await db.close();
  });
});
