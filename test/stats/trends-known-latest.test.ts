import { describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import type { Db } from "../../src/db/open.js";
import { createTagStore } from "../../src/db/tag-store.js";
import { computeGrowth, updateTagTrends } from "../../src/stats/trends.js";
import { growthOf, useTestDb } from "./trends-db.js";
import {
  NAMED_SERIES,
  NOW,
  observations,
  type Series,
} from "./trends-fixtures.js";

// The same histories as trends.test.ts, but written through the tag store,
// so the rows know their latest observation and take the other statement.
function observeSeries(db: Db, name: string, series: Series): void {
  const store = createTagStore(db);
  const ordered = [...observations(series)].sort(
    (a, b) => a.observedAt - b.observedAt,
  );
  for (const { observedAt, count } of ordered) {
    const tag = {
      id: name,
      name,
      viewCount: count,
      postCount: null,
      createdAt: null,
    };
    store.observe(tag, observedAt, "manual");
  }
}

// The never-observed tag has no row here.
const OBSERVED = NAMED_SERIES.filter(([, series]) => series.length > 0);

const knownCount = (db: Db): unknown =>
  db.sqlite
    .prepare("select count(*) from tags where last_observed_at <= ?")
    .pluck()
    .get(NOW);

describe("updateTagTrends on rows that know their latest observation", () => {
  const test = useTestDb("fw-trends-known-");

  it("matches the pure computeGrowth bit for bit, samples after now included", () => {
    const db = test.current();
    for (const [name, series] of OBSERVED) observeSeries(db, name, series);
    // Every series without a sample after NOW knows its latest one.
    const future = OBSERVED.filter(([, s]) => s.some(([h]) => h > 0));
    expect(knownCount(db)).toBe(OBSERVED.length - future.length);

    updateTagTrends(db, NOW);
    for (const [name, series] of OBSERVED) {
      const expected = computeGrowth(observations(series), NOW);
      expect(growthOf(db, "tags", name), name).toEqual(expected);
    }
  });

  it("rewrites only the rows observed since the last pass", () => {
    const db = test.current();
    for (const [name, series] of OBSERVED) observeSeries(db, name, series);
    updateTagTrends(db, NOW);
    expect(updateTagTrends(db, NOW).changed).toBe(0);

    // Before the sample after NOW, so that no other row's latest moves.
    const [name, series] = OBSERVED[0]!;
    const later = NOW + HOUR_MS / 2;
    const tag = {
      id: name,
      name,
      viewCount: 1e6,
      postCount: null,
      createdAt: null,
    };
    createTagStore(db).observe(tag, later, "manual");
    expect(updateTagTrends(db, later).changed).toBe(1);
    const history = [
      ...observations(series),
      { observedAt: later, count: 1e6 },
    ];
    expect(growthOf(db, "tags", name)).toEqual(computeGrowth(history, later));
  });

  it("recomputes a row when now moves back before its latest observation", () => {
    const db = test.current();
    for (const [name, series] of OBSERVED) observeSeries(db, name, series);
    updateTagTrends(db, NOW);
    const earlier = NOW - 30 * HOUR_MS;
    updateTagTrends(db, earlier);
    for (const [name, series] of OBSERVED) {
      const expected = computeGrowth(observations(series), earlier);
      expect(growthOf(db, "tags", name), name).toEqual(expected);
    }
    updateTagTrends(db, NOW);
    for (const [name, series] of OBSERVED) {
      const expected = computeGrowth(observations(series), NOW);
      expect(growthOf(db, "tags", name), name).toEqual(expected);
    }
  });
});
