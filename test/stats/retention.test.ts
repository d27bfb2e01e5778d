import { beforeEach, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS } from "../../src/clock.js";
import type { Db } from "../../src/db/open.js";
import { computeGrowth, type Observation } from "../../src/stats/growth.js";
import { thinHistory } from "../../src/stats/retention.js";
import { updateTagTrends } from "../../src/stats/trends.js";
import { addTag, useTestDb } from "./trends-db.js";
import { NAMED_SERIES, NOW, type Series } from "./trends-fixtures.js";

// NOW is 2025-01-15 12:00 UTC. "hourly" is observed every hour for 20 days,
// from 2024-12-26 12:00 to NOW: 481 rows.
const HOURLY: Series = Array.from({ length: 481 }, (_, k) => [
  k - 480,
  1_000 + 7 * k,
]);
// Last seen 30 days ago, hourly for the 20 days before that.
const STALE: Series = HOURLY.map(([hours, count]) => [hours - 720, count]);

const testDb = useTestDb("fw-retention-");
let db: Db;

beforeEach(async () => {
  db = testDb.current();
  await addTag(db, "hourly", HOURLY);
  await addTag(db, "stale", STALE);
  for (const [name, series] of NAMED_SERIES) await addTag(db, name, series);
});

const historyOf = (id: string): number[] =>
  db.sqlite
    .prepare(
      "select observed_at from tag_history where tag_id = ? order by observed_at",
    )
    .pluck()
    .all(id) as number[];

const growthColumns = (): unknown[] =>
  db.sqlite
    .prepare(
      `select id, change_24h, change_24h_pct, change_24h_per_hour, change_7d,
         change_7d_pct, change_7d_per_hour, heat, trend from tags order by id`,
    )
    .all();

describe("thinHistory", () => {
  it("keeps the last observation of each UTC day before the retention and every row after it", () => {
    const summary = thinHistory(db, NOW, 10 * DAY_MS);

    // Before 2025-01-05 12:00: the 23:00 rows of Dec 26 to Jan 4 (10 rows);
    // Jan 5 loses 00:00-11:00 to its own 23:00 row and keeps 12:00-23:00;
    // Jan 6-14 keep 24 rows a day and Jan 15 its 13: 10 + 12 + 216 + 13.
    const kept = historyOf("hourly");
    expect(kept).toHaveLength(251);
    expect(kept.slice(0, 11).map((ms) => new Date(ms).toISOString())).toEqual([
      "2024-12-26T23:00:00.000Z",
      "2024-12-27T23:00:00.000Z",
      "2024-12-28T23:00:00.000Z",
      "2024-12-29T23:00:00.000Z",
      "2024-12-30T23:00:00.000Z",
      "2024-12-31T23:00:00.000Z",
      "2025-01-01T23:00:00.000Z",
      "2025-01-02T23:00:00.000Z",
      "2025-01-03T23:00:00.000Z",
      "2025-01-04T23:00:00.000Z",
      "2025-01-05T12:00:00.000Z",
    ]);
    // The stale tag keeps 8 days of full history before its last row:
    // 193 hourly rows, plus the 23:00 rows of its 12 older days
    // (2024-11-26 to 2024-12-07).
    expect(historyOf("stale")).toHaveLength(193 + 12);
    expect(summary).toEqual({
      tagRows: 481 - 251 + (481 - 205),
      creatorRows: 0,
    });
  });

  it("keeps every row of the last 8 days, counted from now and from the entity's latest row", () => {
    const before = historyOf("hourly").filter((at) => at >= NOW - 8 * DAY_MS);
    const staleLatest = NOW - 720 * HOUR_MS;
    const staleBefore = historyOf("stale").filter(
      (at) => at >= staleLatest - 8 * DAY_MS,
    );

    thinHistory(db, NOW, 8 * DAY_MS);

    expect(historyOf("hourly").filter((at) => at >= NOW - 8 * DAY_MS)).toEqual(
      before,
    );
    expect(
      historyOf("stale").filter((at) => at >= staleLatest - 8 * DAY_MS),
    ).toEqual(staleBefore);
  });

  it("leaves every 24 h and 7 d value, heat and trend as they were", () => {
    updateTagTrends(db, NOW);
    const before = growthColumns();

    thinHistory(db, NOW, 8 * DAY_MS);

    expect(updateTagTrends(db, NOW).changed).toBe(0);
    expect(growthColumns()).toEqual(before);
  });

  it("removes nothing more when run again", () => {
    thinHistory(db, NOW, 10 * DAY_MS);

    expect(thinHistory(db, NOW, 10 * DAY_MS)).toEqual({
      tagRows: 0,
      creatorRows: 0,
    });
  });

  it("refuses a retention shorter than the 8 days the trends need", () => {
    expect(() => thinHistory(db, NOW, 7 * DAY_MS)).toThrow(TypeError);
  });
});

describe("thinning and computeGrowth", () => {
  it("gives the same growth for every later moment on irregular history", () => {
    let seed = 99;
    const next = (): number => (seed = (seed * 48271) % 2147483647);
    const history: Observation[] = [];
    for (
      let at = NOW - 40 * DAY_MS;
      at <= NOW;
      at += (1 + (next() % 300)) * 60_000
    ) {
      history.push({ observedAt: at, count: 5_000 + (next() % 1_000) });
    }
    const latest = history.at(-1)!.observedAt;
    // The rule thinHistory applies, restated on plain arrays.
    const cutoff = Math.min(NOW - 8 * DAY_MS, latest - 8 * DAY_MS);
    const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);
    const thinned = history.filter(
      (o, i) =>
        o.observedAt >= cutoff ||
        dayOf(history[i + 1]?.observedAt ?? Infinity) !== dayOf(o.observedAt),
    );

    expect(thinned.length).toBeLessThan(history.length / 2);
    for (let now = NOW; now <= NOW + 3 * DAY_MS; now += HOUR_MS) {
      expect(computeGrowth(thinned, now)).toEqual(computeGrowth(history, now));
    }
  });
});
