import { describe, expect, it } from "vitest";
import type { Db } from "../../src/db/open.js";
import { createTagStore } from "../../src/db/tag-store.js";
import { computeGrowth, updateTagTrends } from "../../src/stats/trends.js";
import { addTag, growthOf, useTestDb } from "./trends-db.js";
import { NOW, observations, type Series } from "./trends-fixtures.js";

// Two observations each: [hours before the latest, base] and [0, latest].
// The trend is up at ≥ 1 % a day of the 24 h base and down at ≤ -1 %.
// Expected labels and heats were worked out by hand, including the doubles:
// with a 30 h gap, 9 more on 720 is exactly 1 %/day on paper, but the rate
// 9 × 3,600,000 / 108,000,000 is the double nearest 0.3, just below it, and
// 0.3 × 24 × 100 / 720 comes out as 0.9999999999999999, so it stays flat;
// 3 more on 240 gives 0.1 × 24 × 100 / 240 = 1.0000000000000002, up.
const CASES: readonly {
  name: string;
  gapHours: number;
  base: number;
  latest: number;
  trend: "up" | "down" | "flat";
  heat: number | null;
}[] = [
  // 24 more on 2,400 in 24 h: a rate of exactly 1 an hour, exactly 1 %.
  {
    name: "exactly-up",
    gapHours: 24,
    base: 2_400,
    latest: 2_424,
    trend: "up",
    heat: null,
  },
  {
    name: "exactly-down",
    gapHours: 24,
    base: 2_400,
    latest: 2_376,
    trend: "down",
    heat: 0,
  },
  {
    name: "just-below",
    gapHours: 24,
    base: 2_400,
    latest: 2_423,
    trend: "flat",
    heat: null,
  },
  {
    name: "just-above-down",
    gapHours: 24,
    base: 2_400,
    latest: 2_377,
    trend: "flat",
    heat: 0,
  },
  {
    name: "rounded-below",
    gapHours: 30,
    base: 720,
    latest: 729,
    trend: "flat",
    heat: null,
  },
  {
    name: "rounded-down",
    gapHours: 30,
    base: 720,
    latest: 711,
    trend: "flat",
    heat: 0,
  },
  {
    name: "rounded-above",
    gapHours: 30,
    base: 240,
    latest: 243,
    trend: "up",
    heat: null,
  },
  // From 0 the base is floored at 1: 24 in 24 h is 1 an hour, 2,400 %/day.
  {
    name: "from-zero",
    gapHours: 24,
    base: 0,
    latest: 24,
    trend: "up",
    heat: null,
  },
  {
    name: "zero-to-zero",
    gapHours: 24,
    base: 0,
    latest: 0,
    trend: "flat",
    heat: 0,
  },
  {
    name: "falling",
    gapHours: 24,
    base: 100,
    latest: 76,
    trend: "down",
    heat: 0,
  },
];

const series = ({ gapHours, base, latest }: (typeof CASES)[number]): Series => [
  [-gapHours - 1, base],
  [-1, latest],
];

function observeThroughStore(db: Db): void {
  const store = createTagStore(db);
  for (const c of CASES) {
    for (const { observedAt, count } of observations(series(c))) {
      const tag = {
        id: c.name,
        name: c.name,
        viewCount: count,
        postCount: null,
        createdAt: null,
      };
      store.observe(tag, observedAt, "manual");
    }
  }
}

describe("the trend and heat the SQL pass stores at the thresholds", () => {
  const test = useTestDb("fw-trends-threshold-");

  for (const path of ["known latest", "looked up"] as const) {
    it(`matches the hand-worked labels and trendLabel (${path})`, async () => {
      const db = test.current();
      if (path === "known latest") observeThroughStore(db);
      else for (const c of CASES) await addTag(db, c.name, series(c));
      updateTagTrends(db, NOW);

      for (const c of CASES) {
        const stored = growthOf(db, "tags", c.name);
        const pure = computeGrowth(observations(series(c)), NOW);
        expect({ name: c.name, trend: stored.trend }).toEqual({
          name: c.name,
          trend: c.trend,
        });
        expect(stored).toEqual(pure);
        if (c.heat !== null) expect(stored.heat).toBe(c.heat);
        else expect(stored.heat).toBeGreaterThan(0);
      }
    });
  }

  it("gives 1 an hour on 2,400 the heat log10(2) × log10(2)", () => {
    // Rate 1/h, 1 %/day, no 7-day base so the acceleration factor is 1.
    const db = test.current();
    observeThroughStore(db);
    updateTagTrends(db, NOW);
    const { heat } = growthOf(db, "tags", "exactly-up");
    expect(heat).toBeCloseTo(
      Math.LOG10E * Math.LN2 * Math.LOG10E * Math.LN2,
      14,
    );
  });
});
