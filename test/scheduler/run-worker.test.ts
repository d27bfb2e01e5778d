import { createConsola, LogLevels, type LogObject } from "consola";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createManualClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import { openDb, type Db } from "../../src/db/open.js";
import type { WorkerRow, WorkerRunRow } from "../../src/db/schema.js";
import {
  runWorker,
  type RunWorkerOptions,
} from "../../src/scheduler/run-worker.js";
import type { WorkerDefinition } from "../../src/workers/types.js";

const NOW = Date.UTC(2026, 0, 1, 12);
const HOUR_MS = 3_600_000;

describe("runWorker", () => {
  let db: Db;
  let logged: LogObject[];

  beforeEach(async () => {
    db = await openDb(":memory:");
    logged = [];
  });
  afterEach(async () => {
    await db.close();
  });

  const options = (
    run: WorkerDefinition["run"],
    extra: Partial<RunWorkerOptions> = {},
  ): RunWorkerOptions => ({
    definition: { name: "rank-calculator", description: "test", run },
    db,
    config: loadConfig({ env: {} }),
    clock: createManualClock(NOW),
    log: createConsola({
      level: LogLevels.debug,
      reporters: [{ log: (entry) => logged.push(entry) }],
    }),
    trigger: "cli",
    signal: new AbortController().signal,
    api: () => Promise.reject(new Error("no API in this test")),
    ...extra,
  });
  const workerRow = () =>
    db.sqlite
      .prepare("select * from workers where name = 'rank-calculator'")
      .get() as WorkerRow;
  const runRows = () =>
    db.sqlite.prepare("select * from worker_runs").all() as WorkerRunRow[];
  const messages = () => logged.map((entry) => String(entry.args[0]));

  it("records a failure thrown synchronously, before any await", async () => {
    const result = await runWorker(
      options(() => {
        throw new Error("broken before the first await");
      }),
    );

    expect(result).toMatchObject({
      outcome: "failed",
      error: "broken before the first await",
    });
    expect(runRows()).toEqual([
      expect.objectContaining({
        outcome: "failed",
        error: "broken before the first await",
        finished_at: NOW,
      }),
    ]);
    expect(workerRow()).toMatchObject({
      status: "failed",
      run_count: 1,
      error_count: 1,
      consecutive_failures: 1,
      lease_owner: null,
      next_run_at: NOW + HOUR_MS,
    });
    expect(messages()).toContainEqual(
      expect.stringMatching(
        /^rank-calculator failed: 0 ok, 0 failed, 0 skipped in .*: broken before the first await$/,
      ),
    );
  });

  it("ends a run that outlives its time limit as timeout, with the counts so far", async () => {
    const limited = loadConfig({
      env: { WORKER_RANK_CALCULATOR_TIMEOUT: "50ms" },
    });

    const result = await runWorker(
      options(
        async (ctx) => {
          ctx.progress.ok = 2;
          await sleep(10_000, undefined, { signal: ctx.signal });
          return ctx.progress;
        },
        { config: limited },
      ),
    );

    expect(result.outcome).toBe("timeout");
    expect(result.durationMs).toBeGreaterThanOrEqual(45);
    expect(result.durationMs).toBeLessThan(1_000);
    expect(runRows()[0]).toMatchObject({
      outcome: "timeout",
      items_ok: 2,
      error: "timed out after 50 ms",
    });
    expect(workerRow()).toMatchObject({ status: "failed", lease_owner: null });
  });

  it("records cancelled, not an error, when the process signal aborts", async () => {
    const shutdown = new AbortController();

    const result = await runWorker(
      options(
        async (ctx) => {
          ctx.progress.ok = 1;
          shutdown.abort(new Error("Stopped by SIGTERM"));
          ctx.signal.throwIfAborted();
          return ctx.progress;
        },
        { signal: shutdown.signal },
      ),
    );

    expect(result.outcome).toBe("cancelled");
    expect(runRows()[0]).toMatchObject({ outcome: "cancelled", items_ok: 1 });
    expect(workerRow()).toMatchObject({
      status: "cancelled",
      run_count: 1,
      error_count: 0,
      lease_owner: null,
      next_run_at: null,
    });
  });

  it("leaves the due time of a cancelled run where it was, so the work continues", async () => {
    const dueAt = NOW - HOUR_MS;
    db.sqlite
      .prepare("insert into workers (name, next_run_at) values (?, ?)")
      .run("rank-calculator", dueAt);
    const shutdown = new AbortController();

    const result = await runWorker(
      options(
        async (ctx) => {
          shutdown.abort(new Error("Stopped by SIGINT"));
          ctx.signal.throwIfAborted();
          return ctx.progress;
        },
        { signal: shutdown.signal },
      ),
    );

    expect(result.outcome).toBe("cancelled");
    expect(workerRow()).toMatchObject({
      status: "cancelled",
      next_run_at: dueAt,
    });
  });

  it("logs exactly one summary line for a successful run", async () => {
    await runWorker(
      options(async (ctx) => {
        ctx.progress.ok = 3;
        return ctx.progress;
      }),
    );

    const infos = logged.filter((entry) => entry.type === "info");
    expect(infos.map((entry) => String(entry.args[0]))).toEqual([
      expect.stringMatching(
        /^rank-calculator ok: 3 ok, 0 failed, 0 skipped in \d+\.\d s$/,
      ),
    ]);
    expect(infos[0]!.tag).toBe(`rank-calculator:${runRows()[0]!.id}`);
  });

  it("records nothing of a dry run and releases its lease", async () => {
    db.sqlite
      .prepare(
        `insert into workers (name, status, next_run_at, run_count, success_count)
         values ('rank-calculator', 'idle', ?, 4, 4)`,
      )
      .run(NOW - HOUR_MS);
    const before = workerRow();

    const result = await runWorker(
      options(
        async (ctx) => {
          ctx.progress.ok = ctx.dryRun ? 5 : 0;
          return ctx.progress;
        },
        { dryRun: true },
      ),
    );

    expect(result).toMatchObject({ outcome: "ok", runId: null });
    expect(runRows()).toEqual([]);
    expect(workerRow()).toEqual(before);
    expect(messages()).toContainEqual(
      expect.stringMatching(
        /^rank-calculator ok: 5 ok, 0 failed, 0 skipped in .* \(dry run: nothing written\)$/,
      ),
    );
  });

  it("skips a dry run while another process holds the lease, recording nothing", async () => {
    db.sqlite
      .prepare(
        `insert into workers (name, status, lease_owner, lease_expires_at)
         values ('rank-calculator', 'running', ?, ?)`,
      )
      .run(`elsewhere|${process.pid}|1|other`, NOW + HOUR_MS);
    const before = workerRow();
    let ran = false;

    const result = await runWorker(
      options(
        async (ctx) => {
          ran = true;
          return ctx.progress;
        },
        { dryRun: true },
      ),
    );

    expect(ran).toBe(false);
    expect(result).toMatchObject({ outcome: "skipped", runId: null });
    expect(runRows()).toEqual([]);
    expect(workerRow()).toEqual(before);
  });
});
