import { createConsola, LogLevels } from "consola";
import { beforeEach, describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, createManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import type { Db } from "../../src/db/open.js";
import { statisticsCalculator } from "../../src/workers/statistics-calculator.js";
import { emptyReport, type WorkerContext } from "../../src/workers/types.js";
import { useTestDb } from "../stats/trends-db.js";

const NOW = Date.UTC(2025, 0, 15, 12);

const testDb = useTestDb("fw-stats-retention-");
let db: Db;

// The worked example (heat 6), plus hourly rows from 20 to 12 days ago:
// 2024-12-26 12:00 to 2025-01-03 12:00, 193 rows over 9 UTC days.
beforeEach(async () => {
  db = testDb.current();
  await db.kysely
    .insertInto("tags")
    .values({ id: "t1", name: "worked", first_seen_at: 0, source: "seed" })
    .execute();
  const insert = db.sqlite.prepare(
    "insert into tag_history (tag_id, observed_at, view_count) values ('t1', ?, ?)",
  );
  for (let hours = -480; hours <= -288; hours += 1) {
    insert.run(NOW + hours * HOUR_MS, 100_000 + hours);
  }
  for (const [hours, views] of [
    [-168, 206_460],
    [-24, 266_400],
    [0, 290_376],
  ] as const) {
    insert.run(NOW + hours * HOUR_MS, views);
  }
});

function context(env: Record<string, string>, dryRun = false): WorkerContext {
  const config = loadConfig({ env });
  return {
    db,
    api: () => Promise.reject(new Error("no API calls expected")),
    signal: new AbortController().signal,
    log: createConsola({ level: LogLevels.silent }),
    clock: createManualClock(NOW),
    settings: config.workers["statistics-calculator"],
    config,
    dryRun,
    progress: emptyReport(),
  };
}

const historyRows = (): number =>
  db.sqlite.prepare("select count(*) from tag_history").pluck().get() as number;

const heat = (): number =>
  db.sqlite.prepare("select heat from tags").pluck().get() as number;

describe("statisticsCalculator with FANSLY_HISTORY_RETENTION", () => {
  it("keeps every observation by default", async () => {
    const report = await statisticsCalculator.run(context({}));

    expect(report.details.thinned).toBeUndefined();
    expect(historyRows()).toBe(196);
  });

  it("thins history older than the retention to the last row of each UTC day, leaving heat as it was", async () => {
    const report = await statisticsCalculator.run(
      context({ FANSLY_HISTORY_RETENTION: "10d" }),
    );

    // Of the 193 old rows, the 23:00 rows of Dec 26 to Jan 2 (8) and the
    // 12:00 row of Jan 3 (its last) stay; the three recent rows stay too.
    expect(report.details.thinned).toEqual({ tagRows: 184, creatorRows: 0 });
    expect(historyRows()).toBe(12);
    expect(heat()).toBeCloseTo(6, 12);
  });

  it("reports what it would thin in a dry run and removes nothing", async () => {
    const report = await statisticsCalculator.run(
      context({ FANSLY_HISTORY_RETENTION: `${12 * DAY_MS}` }, true),
    );

    expect(report.details.thinned).toEqual({ tagRows: 184, creatorRows: 0 });
    expect(historyRows()).toBe(196);
  });
});

describe("FANSLY_HISTORY_RETENTION", () => {
  const load = (value: string) =>
    loadConfig({ env: { FANSLY_HISTORY_RETENTION: value } }).historyRetentionMs;

  it("reads 'all' or nothing as keep everything, and a duration of 8 days or more", () => {
    expect(loadConfig({ env: {} }).historyRetentionMs).toBeNull();
    expect(load("all")).toBeNull();
    expect(load("Forever")).toBeNull();
    expect(load("30d")).toBe(30 * DAY_MS);
    expect(load("192h")).toBe(8 * DAY_MS);
  });

  it("refuses a shorter retention or a word it does not know, naming the variable", () => {
    expect(() => load("7d")).toThrow(
      "FANSLY_HISTORY_RETENTION must be 'all' or a duration of at least 8d (the 24 h and 7 d changes need that much full history) (got '7d')",
    );
    expect(() => load("none")).toThrow(/FANSLY_HISTORY_RETENTION/);
    expect(() => load("-30d")).toThrow(/FANSLY_HISTORY_RETENTION/);
  });
});
