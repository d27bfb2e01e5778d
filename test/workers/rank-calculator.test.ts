import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConsola, LogLevels } from "consola";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/open.js";
import { WorkerError } from "../../src/errors.js";
import { rankCalculator } from "../../src/workers/rank-calculator.js";
import { emptyReport, type WorkerContext } from "../../src/workers/types.js";

let dir: string;
let db: Db;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "fw-rank-worker-"));
  db = await openDb(join(dir, "test.db"));
  const base = { first_seen_at: 0, source: "seed" } as const;
  await db.kysely
    .insertInto("tags")
    .values([
      { ...base, id: "1", name: "a", view_count: 50 },
      { ...base, id: "2", name: "b", view_count: 50 },
      { ...base, id: "3", name: "c", view_count: 10 },
      { ...base, id: "4", name: "d", view_count: 90, deleted_at: 1 },
    ])
    .execute();
  await db.kysely
    .insertInto("creators")
    .values([
      { ...base, id: "5", username: "x", followers: 7 },
      { ...base, id: "6", username: "y", followers: null },
    ])
    .execute();
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

function context(
  overrides: { dryRun?: boolean; signal?: AbortSignal } = {},
): WorkerContext {
  const config = loadConfig({ env: {} });
  return {
    db,
    api: () =>
      Promise.reject(new Error("rank-calculator must not call the API")),
    signal: overrides.signal ?? new AbortController().signal,
    log: createConsola({ level: LogLevels.silent }),
    clock: createManualClock(0),
    settings: config.workers["rank-calculator"],
    config,
    dryRun: overrides.dryRun ?? false,
    progress: emptyReport(),
  };
}

const ranks = (table: "tags" | "creators"): (number | null)[] =>
  db.sqlite.prepare(`select rank from ${table} order by id`).pluck().all() as (
    number | null
  )[];

describe("rankCalculator", () => {
  it("ranks tags and creators and reports what it ranked", async () => {
    const report = await rankCalculator.run(context());

    expect(report).toEqual({
      ok: 4,
      failed: 0,
      skipped: 0,
      details: {
        tags: { ranked: 3, unranked: 1, changed: 3 },
        creators: { ranked: 1, unranked: 1, changed: 1 },
        dryRun: false,
      },
    });
    expect(ranks("tags")).toEqual([1, 1, 2, null]);
    expect(ranks("creators")).toEqual([1, null]);
  });

  it("reports the same counts in a dry run and writes nothing", async () => {
    const report = await rankCalculator.run(context({ dryRun: true }));

    expect(report.ok).toBe(4);
    expect(report.details).toMatchObject({
      tags: { ranked: 3, changed: 3 },
      dryRun: true,
    });
    expect(ranks("tags")).toEqual([null, null, null, null]);
    expect(ranks("creators")).toEqual([null, null]);
  });

  it("stops before writing when the run is already aborted", async () => {
    const controller = new AbortController();
    controller.abort(new WorkerError("E_ABORTED", "Stopped by SIGTERM"));

    const ctx = context({ signal: controller.signal });

    await expect(rankCalculator.run(ctx)).rejects.toMatchObject({
      code: "E_ABORTED",
    });
    expect(ctx.progress.ok).toBe(0);
    expect(ranks("tags")).toEqual([null, null, null, null]);
  });
});
