import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConsola, LogLevels, type ConsolaInstance } from "consola";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS, createManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/open.js";
import { WorkerError } from "../../src/errors.js";
import { statisticsCalculator } from "../../src/workers/statistics-calculator.js";
import { emptyReport, type WorkerContext } from "../../src/workers/types.js";

const NOW = Date.UTC(2025, 0, 15, 12);

let dir: string;
let db: Db;

// The documented worked example (heat 6), a tag with a single observation
// and a creator gaining 10 followers an hour on 1,000.
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "fw-stats-worker-"));
  db = await openDb(join(dir, "test.db"));
  const base = { first_seen_at: 0, source: "seed" } as const;
  await db.kysely
    .insertInto("tags")
    .values([
      { ...base, id: "t1", name: "worked", view_count: 290_376 },
      { ...base, id: "t2", name: "young", view_count: 40 },
    ])
    .execute();
  await db.kysely
    .insertInto("creators")
    .values({ ...base, id: "c1", username: "ann", followers: 1_240 })
    .execute();
  const tagHistory = db.sqlite.prepare(
    "insert into tag_history (tag_id, observed_at, view_count) values (?, ?, ?)",
  );
  for (const [id, hours, views] of [
    ["t1", -168, 206_460],
    ["t1", -24, 266_400],
    ["t1", 0, 290_376],
    ["t2", 0, 40],
  ] as const) {
    tagHistory.run(id, NOW + hours * HOUR_MS, views);
  }
  const creatorHistory = db.sqlite.prepare(
    "insert into creator_history (creator_id, observed_at, followers) values (?, ?, ?)",
  );
  creatorHistory.run("c1", NOW - 24 * HOUR_MS, 1_000);
  creatorHistory.run("c1", NOW, 1_240);
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

function context(
  overrides: {
    dryRun?: boolean;
    signal?: AbortSignal;
    log?: ConsolaInstance;
  } = {},
): WorkerContext {
  const config = loadConfig({ env: {} });
  return {
    db,
    api: () =>
      Promise.reject(new Error("statistics-calculator must not call the API")),
    signal: overrides.signal ?? new AbortController().signal,
    log: overrides.log ?? createConsola({ level: LogLevels.silent }),
    clock: createManualClock(NOW),
    settings: config.workers["statistics-calculator"],
    config,
    dryRun: overrides.dryRun ?? false,
    progress: emptyReport(),
  };
}

const heats = (table: "tags" | "creators"): (number | null)[] =>
  db.sqlite.prepare(`select heat from ${table} order by id`).pluck().all() as (
    number | null
  )[];

const statisticsRows = (): number =>
  db.sqlite.prepare("select count(*) from statistics").pluck().get() as number;

describe("statisticsCalculator", () => {
  it("stores trends and heat as of the clock and records one totals row", async () => {
    const report = await statisticsCalculator.run(context());

    expect(report).toEqual({
      ok: 3,
      failed: 0,
      skipped: 0,
      details: {
        tags: {
          tracked: 2,
          with24h: 1,
          with7d: 1,
          notEnoughData24h: 1,
          notEnoughData7d: 1,
          changed: 1,
        },
        creators: {
          tracked: 1,
          with24h: 1,
          with7d: 0,
          notEnoughData24h: 0,
          notEnoughData7d: 1,
          changed: 1,
        },
        statisticsId: 1,
        dryRun: false,
      },
    });
    const [worked, young] = heats("tags");
    expect(worked).toBeCloseTo(6, 12);
    expect(young).toBeNull();
    expect(heats("creators")[0]).toBeCloseTo(1.4558045, 7);
    expect(db.sqlite.prepare("select * from statistics").get()).toMatchObject({
      computed_at: NOW,
      tag_count: 2,
      total_views: 290_416,
      total_followers: 1_240,
    });
  });

  it("reports the same numbers in a dry run and writes nothing", async () => {
    const report = await statisticsCalculator.run(context({ dryRun: true }));

    expect(report.ok).toBe(3);
    expect(report.details).toMatchObject({
      tags: { with24h: 1, changed: 1 },
      statisticsId: null,
      dryRun: true,
    });
    expect(heats("tags")).toEqual([null, null]);
    expect(statisticsRows()).toBe(0);
  });

  it("stops between phases when aborted, keeping the finished phase", async () => {
    const controller = new AbortController();
    // The debug line after the tag phase is the moment to pull the plug.
    const log = createConsola({
      level: LogLevels.debug,
      reporters: [
        {
          log: (entry) => {
            if (String(entry.args[0]).startsWith("tags:")) {
              controller.abort(
                new WorkerError("E_ABORTED", "Stopped by SIGINT"),
              );
            }
          },
        },
      ],
    });

    const ctx = context({ signal: controller.signal, log });

    await expect(statisticsCalculator.run(ctx)).rejects.toMatchObject({
      code: "E_ABORTED",
    });
    expect(ctx.progress.ok).toBe(2);
    expect(ctx.progress.details).toMatchObject({ tags: { with24h: 1 } });
    expect(heats("tags")[0]).toBeCloseTo(6, 12);
    expect(heats("creators")).toEqual([null]);
    expect(statisticsRows()).toBe(0);
  });
});
