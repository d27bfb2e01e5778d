import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS, MINUTE_MS } from "../../src/clock.js";
import { createHarness, type Harness } from "../helpers/cli.js";
import { closedPort, trackTags, withDb, workerRow } from "../helpers/db.js";
import { plainVisibleTags } from "./truth.js";

const iso = (ms: number) => new Date(ms).toISOString();

describe("status --check", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 61, tags: 40, creators: 10 });
  });
  afterEach(async () => {
    await h.close();
  });

  const check = () => h.cli(["status", "--check"]);
  const problemLines = (stdout: string) => stdout.trimEnd().split("\n");

  const updateWorker = (worker: string, set: string, ...values: unknown[]) =>
    withDb(h, (sqlite) => {
      sqlite
        .prepare("insert or ignore into workers (name) values (?)")
        .run(worker);
      sqlite
        .prepare(`update workers set ${set} where name = ?`)
        .run(...values, worker);
    });

  /** Makes the worker's row look like a run whose process died without a trace. */
  const makeStuck = async (worker: string, deadPid: number) => {
    const since = h.sim.clock.now() - 10 * MINUTE_MS;
    const owner = `${hostname()}|${deadPid}|${since}|gone`;
    await updateWorker(
      worker,
      `status = 'running', lease_owner = ?, lease_expires_at = ?,
       last_run_at = ?`,
      owner,
      h.sim.clock.now() + HOUR_MS,
      since,
    );
    return since;
  };

  /** A pid that belonged to a process which has exited. */
  const deadPid = async (): Promise<number> => {
    const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
    await new Promise((resolve) => child.on("close", resolve));
    return child.pid!;
  };

  it("exits 0 with one reassuring line after successful runs", async () => {
    const run = await h.cli(["rank-calculator"]);
    expect(run.code, run.stderr).toBe(0);

    const result = await check();

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("ok: every enabled worker is healthy\n");
  });

  it("exits 1 naming a worker overdue past the grace period", async () => {
    const dueAt = h.sim.clock.now() - HOUR_MS;
    await updateWorker("creator-updater", "next_run_at = ?", dueAt);

    const result = await check();

    expect(result.code).toBe(1);
    expect(problemLines(result.stdout)).toEqual([
      `creator-updater overdue: next run was due ${iso(dueAt)} (1 h 0 min ago)`,
    ]);
  });

  it("stays healthy while a worker is late by less than the grace period", async () => {
    await updateWorker(
      "creator-updater",
      "next_run_at = ?",
      h.sim.clock.now() - 5 * MINUTE_MS,
    );

    const result = await check();

    expect(result.code, result.stdout).toBe(0);
  });

  it("exits 1 naming a worker stuck in a run whose process is gone", async () => {
    const since = await makeStuck("statistics-calculator", await deadPid());

    const result = await check();

    expect(result.code).toBe(1);
    expect(problemLines(result.stdout)).toEqual([
      `statistics-calculator stuck: running since ${iso(since)} (10 min ago) but its owner is gone or its lease expired`,
    ]);
  });

  it("exits 1 naming a worker after its third failure in a row, not before", async () => {
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 1));
    const env = {
      FANSLY_API_BASE: `http://127.0.0.1:${await closedPort()}/api/v1`,
      FANSLY_MAX_RETRIES: "0",
    };
    for (let i = 0; i < 2; i++) {
      expect((await h.cli(["tag-updater"], env)).code).toBe(1);
    }
    expect((await check()).code).toBe(0);
    expect((await h.cli(["tag-updater"], env)).code).toBe(1);

    const result = await check();

    expect(result.code).toBe(1);
    const row = await workerRow(h, "tag-updater");
    expect(row.consecutive_failures).toBe(3);
    expect(problemLines(result.stdout)).toEqual([
      `tag-updater failing: 3 consecutive failures, last error: ${row.last_error}`,
    ]);
  });

  it("prints one line per problem, in worker order, and ignores disabled workers", async () => {
    await updateWorker(
      "tag-updater",
      "consecutive_failures = 3, last_error = 'E_HTTP: every item failed (1)'",
    );
    await makeStuck("rank-calculator", await deadPid());
    await updateWorker(
      "creator-updater",
      "next_run_at = ?",
      h.sim.clock.now() - 2 * HOUR_MS,
    );
    await updateWorker(
      "tag-discovery",
      "next_run_at = ?",
      h.sim.clock.now() - 2 * HOUR_MS,
    );

    const result = await h.cli(["status", "--check"], {
      WORKER_TAG_DISCOVERY_ENABLED: "false",
    });

    expect(result.code).toBe(1);
    const lines = problemLines(result.stdout);
    expect(lines.map((line) => line.split(":")[0])).toEqual([
      "tag-updater failing",
      "creator-updater overdue",
      "rank-calculator stuck",
    ]);
    expect(result.stderr).toBe("");
  });
});
