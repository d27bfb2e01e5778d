import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../../src/db/open.js";
import type { NewCreator, NewTag } from "../../src/db/schema.js";
import { CREATOR_ENTITY, rankOrderSql } from "../../src/stats/entities.js";
import { rankCreators, rankTags } from "../../src/stats/ranks.js";

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "fw-ranks-"));
  db = await openDb(join(dir, "test.db"));
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const tag = (
  name: string,
  view_count: number | null,
  deleted_at: number | null = null,
): NewTag => ({
  id: `id-${name}`,
  name,
  view_count,
  deleted_at,
  first_seen_at: 0,
  source: "seed",
});

const tagRanks = (): Record<string, [number | null, number | null]> =>
  Object.fromEntries(
    db.sqlite
      .prepare("select name, rank, previous_rank from tags")
      .raw()
      .all()
      .map((row) => {
        const [name, rank, previous] = row as [string, number, number];
        return [name, [rank, previous]];
      }),
  );

/** Dense ranks by a plain sort, independent of the SQL under test. */
function denseRanksBySort(
  rows: { name: string; count: number | null; deleted: boolean }[],
): Map<string, number | null> {
  const live = rows.filter((r) => !r.deleted && r.count !== null);
  const counts = [...new Set(live.map((r) => r.count ?? 0))];
  counts.sort((a, b) => b - a);
  return new Map(
    rows.map((r) => [
      r.name,
      live.includes(r) ? counts.indexOf(r.count ?? 0) + 1 : null,
    ]),
  );
}

// Ties at 900 and 700, a deleted tag with the most views, one never counted.
const PHONETIC: NewTag[] = [
  tag("alpha", 500),
  tag("Charlie", 900),
  tag("bravo", 900),
  tag("delta", 700),
  tag("echo", 1000, 1),
  tag("foxtrot", null),
  tag("golf", 700),
  tag("hotel", 100),
];

describe("rankTags", () => {
  it("gives equal view counts one dense rank and leaves deleted and uncounted tags unranked", async () => {
    await db.kysely.insertInto("tags").values(PHONETIC).execute();

    expect(rankTags(db)).toEqual({ ranked: 6, unranked: 2, changed: 6 });
    expect(tagRanks()).toEqual({
      alpha: [3, null],
      bravo: [1, null],
      Charlie: [1, null],
      delta: [2, null],
      echo: [null, null],
      foxtrot: [null, null],
      golf: [2, null],
      hotel: [4, null],
    });
  });

  it("keeps the previous pass's rank, ranks a restored tag and unranks a deleted one", async () => {
    await db.kysely.insertInto("tags").values(PHONETIC).execute();
    rankTags(db);
    db.sqlite.exec(`
      update tags set view_count = 950 where name = 'alpha';
      update tags set deleted_at = null where name = 'echo';
      update tags set deleted_at = 5 where name = 'delta';`);

    expect(rankTags(db)).toEqual({ ranked: 6, unranked: 2, changed: 7 });
    expect(tagRanks()).toEqual({
      echo: [1, null],
      alpha: [2, 3],
      bravo: [3, 1],
      Charlie: [3, 1],
      golf: [4, 2],
      hotel: [5, 4],
      delta: [null, 2],
      foxtrot: [null, null],
    });
  });

  it("rewrites only rows whose rank or previous rank moves", async () => {
    await db.kysely
      .insertInto("tags")
      .values([tag("a", 30), tag("b", 20), tag("c", 10), tag("d", 5, 1)])
      .execute();
    rankTags(db);

    expect(rankTags(db).changed).toBe(3);
    expect(rankTags(db).changed).toBe(0);
    db.sqlite.exec("update tags set view_count = 25 where name = 'c'");
    expect(rankTags(db).changed).toBe(2);
    expect(tagRanks()).toEqual({
      a: [1, 1],
      c: [2, 3],
      b: [3, 2],
      d: [null, null],
    });
  });

  it("agrees with an independent sort on 500 tags with many ties", async () => {
    let seed = 12345;
    const next = (): number => (seed = (seed * 48271) % 2147483647);
    const rows = Array.from({ length: 500 }, (_, i) => ({
      name: `t${i}`,
      count: next() % 13 === 0 ? null : (next() % 40) * 1000,
      deleted: next() % 7 === 0,
    }));
    await db.kysely
      .insertInto("tags")
      .values(rows.map((r) => tag(r.name, r.count, r.deleted ? 1 : null)))
      .execute();

    rankTags(db);

    const expected = denseRanksBySort(rows);
    const actual = tagRanks();
    for (const row of rows) {
      expect(actual[row.name]?.[0], row.name).toBe(expected.get(row.name));
    }
  });
});

describe("rankCreators", () => {
  it("dense-ranks by followers and leaves deleted creators unranked", async () => {
    const creator = (
      username: string,
      followers: number | null,
    ): NewCreator => ({
      id: `c-${username}`,
      username,
      followers,
      first_seen_at: 0,
      source: "discovered",
    });
    await db.kysely
      .insertInto("creators")
      .values([
        creator("ann", 300),
        creator("bob", 300),
        creator("cid", 50),
        { ...creator("dee", 9000), deleted_at: 1 },
        creator("eve", null),
      ])
      .execute();

    expect(rankCreators(db)).toEqual({ ranked: 3, unranked: 2, changed: 3 });
    const rows = db.sqlite
      .prepare(
        `select username, rank from creators order by ${rankOrderSql(CREATOR_ENTITY)}`,
      )
      .all();
    expect(rows).toEqual([
      { username: "ann", rank: 1 },
      { username: "bob", rank: 1 },
      { username: "cid", rank: 2 },
      { username: "dee", rank: null },
      { username: "eve", rank: null },
    ]);
  });
});
