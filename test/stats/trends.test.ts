import { beforeEach, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../src/clock.js";
import type { Db } from "../../src/db/open.js";
import {
  computeGrowth,
  updateCreatorTrends,
  updateTagTrends,
} from "../../src/stats/trends.js";
import {
  NO_GROWTH,
  addTag,
  growthOf as growthIn,
  useTestDb,
} from "./trends-db.js";
import { NAMED_SERIES, NOW, WORKED, observations } from "./trends-fixtures.js";

const testDb = useTestDb("fw-trends-");
let db: Db;
const growthOf = (table: "tags" | "creators", id: string) =>
  growthIn(db, table, id);

describe("updateTagTrends", () => {
  beforeEach(async () => {
    db = testDb.current();
    for (const [name, series] of NAMED_SERIES) await addTag(db, name, series);
    await addTag(db, "deleted", WORKED, NOW - DAY_MS);
  });

  it("stores the worked example's changes, heat 6 and trend up", () => {
    updateTagTrends(db, NOW);

    const growth = growthOf("tags", "worked");
    expect(growth).toMatchObject({
      change_24h: 23_976,
      change_24h_per_hour: 999,
      change_7d: 83_916,
      change_7d_per_hour: 499.5,
      trend: "up",
    });
    expect(growth.change_24h_pct).toBeCloseTo(9, 12);
    expect(growth.change_7d_pct).toBeCloseTo(40.64516129, 8);
    expect(growth.heat).toBeCloseTo(6, 12);
  });

  it("stores hand-computed heat and trend for regular, irregular, gapped, falling and young tags", () => {
    updateTagTrends(db, NOW);

    const expected: [string, number, string][] = [
      ["regular", 1.4963749377, "up"],
      ["irregular", 2.0264054882, "up"],
      ["gap", 0.3230405292, "up"],
      ["drop", 0, "down"],
      ["day-only", 0.3332203141, "up"],
      ["from-zero", 1.7564416026, "up"],
    ];
    for (const [id, heat, trend] of expected) {
      const growth = growthOf("tags", id);
      expect(growth.heat, id).toBeCloseTo(heat, 9);
      expect(growth.trend, id).toBe(trend);
    }
    expect(growthOf("tags", "drop")).toMatchObject({
      change_24h: -480,
      change_24h_pct: -1,
      change_24h_per_hour: -20,
      change_7d: -2_480,
    });
    expect(growthOf("tags", "day-only")).toMatchObject({
      change_24h: 24,
      change_24h_pct: 24,
      change_24h_per_hour: 0.8,
      change_7d: null,
    });
  });

  it("stores nulls for too little history, no history and a deleted tag", () => {
    updateTagTrends(db, NOW);

    expect(growthOf("tags", "short")).toEqual(NO_GROWTH);
    expect(growthOf("tags", "none")).toEqual(NO_GROWTH);
    expect(growthOf("tags", "deleted")).toEqual(NO_GROWTH);
  });

  it("matches the pure computeGrowth bit for bit on every tag", () => {
    updateTagTrends(db, NOW);

    for (const [name, series] of NAMED_SERIES) {
      expect(growthOf("tags", name), name).toEqual(
        computeGrowth(observations(series), NOW),
      );
    }
  });

  it("counts the tags with and without enough data, then rewrites nothing on a repeat", () => {
    expect(updateTagTrends(db, NOW)).toEqual({
      tracked: 10,
      with24h: 8,
      with7d: 6,
      notEnoughData24h: 2,
      notEnoughData7d: 4,
      changed: 9,
    });
    expect(updateTagTrends(db, NOW).changed).toBe(0);
  });
});

describe("updateCreatorTrends", () => {
  it("follows followers in creator_history and skips deleted creators", async () => {
    db = testDb.current();
    await db.kysely
      .insertInto("creators")
      .values([
        { id: "c1", username: "ann", first_seen_at: 0, source: "seed" },
        { id: "c2", username: "bob", first_seen_at: 0, source: "seed" },
      ])
      .execute();
    db.sqlite.exec("update creators set deleted_at = 1 where id = 'c2'");
    const insert = db.sqlite.prepare(
      "insert into creator_history (creator_id, observed_at, followers) values (?, ?, ?)",
    );
    insert.run("c1", NOW - 24 * HOUR_MS, 1_000);
    insert.run("c1", NOW, 1_240);
    insert.run("c2", NOW - 24 * HOUR_MS, 1_000);
    insert.run("c2", NOW, 2_000);

    const summary = updateCreatorTrends(db, NOW);

    expect(summary).toMatchObject({ tracked: 1, with24h: 1, with7d: 0 });
    // 10/h on 1,000 is 24 %/day: log10(11) × log10(25) = 1.041393 × 1.397940 = 1.455804.
    const ann = growthOf("creators", "c1");
    expect(ann).toMatchObject({ change_24h: 240, change_24h_pct: 24 });
    expect(ann.change_24h_per_hour).toBe(10);
    expect(ann.heat).toBeCloseTo(1.4558045, 7);
    expect(growthOf("creators", "c2")).toEqual(NO_GROWTH);
  });
});
