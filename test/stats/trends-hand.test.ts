import { beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import type { Db } from "../../src/db/open.js";
import { updateTagTrends } from "../../src/stats/trends.js";
import {
  NO_GROWTH,
  addTag,
  growthOf as growthIn,
  useTestDb,
} from "./trends-db.js";
import { NAMED_SERIES, NOW } from "./trends-fixtures.js";

// Every expected number here was worked out by hand from the histories in
// trends-fixtures.ts (and checked with a calculator), not by running the code.

const testDb = useTestDb("fw-trends-hand-");
let db: Db;
const growthOf = (id: string) => growthIn(db, "tags", id);

describe("updateTagTrends on hand-computed histories", () => {
  beforeEach(async () => {
    db = testDb.current();
    for (const [name, series] of NAMED_SERIES) await addTag(db, name, series);
  });

  it("stores the exact 24 h and 7 d changes of regularly, irregularly and gap-sampled tags", () => {
    updateTagTrends(db, NOW);

    // Regular: 19,600 now, 18,400 at -24 h, 11,200 at -168 h.
    expect(growthOf("regular")).toMatchObject({
      change_24h: 1_200,
      change_24h_per_hour: 50,
      change_7d: 8_400,
      change_7d_pct: 75,
      change_7d_per_hour: 50,
    });
    expect(growthOf("regular").change_24h_pct).toBeCloseTo(6.5217391304, 9);
    // Irregular: latest is -1 h (6,300; the +1 h sample is in the future);
    // the 24 h base is -30 h (5,900), 29 h earlier; the 7 d base -200 h.
    const irregular = growthOf("irregular");
    expect(irregular).toMatchObject({ change_24h: 400, change_7d: 1_300 });
    expect(irregular.change_24h_per_hour).toBeCloseTo(13.7931034483, 9);
    expect(irregular.change_24h_pct).toBeCloseTo(6.7796610169, 9);
    expect(irregular.change_7d_pct).toBeCloseTo(26, 12);
    expect(irregular.change_7d_per_hour).toBeCloseTo(6.5326633166, 9);
    // Gap: both windows reach back to -216 h (1,100), 214 h before -2 h.
    const gap = growthOf("gap");
    expect(gap).toMatchObject({ change_24h: 400, change_7d: 400 });
    expect(gap.change_24h_pct).toBeCloseTo(36.3636363636, 9);
    expect(gap.change_24h_per_hour).toBeCloseTo(1.8691588785, 9);
    expect(gap.change_7d_per_hour).toBeCloseTo(1.8691588785, 9);
  });

  it("gives a deleted tag no trend, and once restored bridges its gap in history", () => {
    db.sqlite.exec(
      `update tags set deleted_at = ${NOW - 30 * HOUR_MS} where id = 'restored'`,
    );
    updateTagTrends(db, NOW - 6 * HOUR_MS);
    expect(growthOf("restored")).toEqual(NO_GROWTH);

    db.sqlite.exec("update tags set deleted_at = null where id = 'restored'");
    updateTagTrends(db, NOW);

    // 9,700 now; 24 h base 9,000 at -60 h: +700 in 60 h = 11.67/h, 3.11 %/day.
    // 7 d base 8,300 at -170 h: +1,400 in 170 h = 8.235/h, so a = 1.41667.
    // Heat = log10(12.6667) × log10(4.1111) × 1.41667 = 0.959069.
    const restored = growthOf("restored");
    expect(restored).toMatchObject({
      change_24h: 700,
      change_7d: 1_400,
      trend: "up",
    });
    expect(restored.change_24h_pct).toBeCloseTo(7.7777777778, 9);
    expect(restored.change_24h_per_hour).toBeCloseTo(11.6666666667, 9);
    expect(restored.change_7d_pct).toBeCloseTo(16.8674698795, 9);
    expect(restored.change_7d_per_hour).toBeCloseTo(8.2352941176, 9);
    expect(restored.heat).toBeCloseTo(0.9590687, 6);
  });
});
