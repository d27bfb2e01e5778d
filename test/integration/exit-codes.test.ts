import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { processStartTimeMs } from "../../src/scheduler/owner.js";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import {
  closedPort,
  runsOf,
  trackTags,
  withDb,
  workerRow,
} from "../helpers/db.js";
import {
  startCli,
  stopLeftovers,
  type TimedResult,
} from "../helpers/process.js";
import { plainVisibleTags } from "./truth.js";

/** Printed by the CLI's watchdog when a leaked handle kept it alive. */
const WATCHDOG_LINE = "a handle kept the process alive";

/** Real ms between the process's last output and its end. */
const lingered = (result: TimedResult): number =>
  result.closedAt - (result.lastOutputAt ?? result.spawnedAt);

describe("exit codes and bookkeeping", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 81, tags: 40, creators: 10 });
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 2));
  });
  afterEach(async () => {
    await stopLeftovers();
    await h.close();
  });

  const unreachable = async () => ({
    FANSLY_API_BASE: `http://127.0.0.1:${await closedPort()}/api/v1`,
    FANSLY_MAX_RETRIES: "0",
  });

  describe.each([
    { kind: "ok", code: 0, env: async () => ({}) },
    { kind: "failed", code: 1, env: unreachable },
    {
      kind: "rate_limited",
      code: 1,
      env: async () => {
        // A cool-down longer than any run may wait stops the run at once.
        h.sim.setFaults("429=600:1.0@tag");
        return {};
      },
    },
    {
      kind: "timeout",
      code: 1,
      env: async () => {
        h.sim.setFaults("hang:1.0@tag");
        return { WORKER_TAG_UPDATER_TIMEOUT: "500ms" };
      },
    },
  ])("a run that ends $kind", ({ kind, code, env }) => {
    it(`exits ${code}, records the outcome and ends within a second of its last line`, async () => {
      const result = await startCli(h, ["tag-updater"], await env()).done;

      expect(result.code, result.stderr).toBe(code);
      expect(result.stderr).not.toContain(WATCHDOG_LINE);
      expect(lingered(result)).toBeLessThan(1_000);
      expect(result.stdout).toBe("");
      const [run] = await runsOf(h, "tag-updater");
      expect(run!.outcome).toBe(kind);
      expect(run!.finished_at).not.toBeNull();
      expect((await workerRow(h, "tag-updater")).lease_owner).toBeNull();
    });
  });

  it("records a failed run when the worker throws before its first await", async () => {
    // The worker's first statement reads `tags`; the runner's bookkeeping
    // touches only `workers` and `worker_runs`.
    await withDb(h, (sqlite) =>
      sqlite.exec("alter table tags rename to tags_elsewhere"),
    );

    const result = await h.cli(["tag-updater"]);

    expect(result.code, result.stderr).toBe(1);
    const [run] = await runsOf(h, "tag-updater");
    expect(run).toMatchObject({
      outcome: "failed",
      error: "no such table: tags",
    });
    expect(await workerRow(h, "tag-updater")).toMatchObject({
      status: "failed",
      run_count: 1,
      error_count: 1,
      last_error: "no such table: tags",
      lease_owner: null,
    });
    expect(h.sim.requests.total).toBe(0);
  });

  it("exits 0 with one line when another live process holds the lease", async () => {
    const owner = [
      hostname(),
      process.pid,
      processStartTimeMs(process.pid),
      "held-by-test",
    ].join("|");
    const since = h.sim.clock.now() - 60_000;
    await withDb(h, (sqlite) =>
      sqlite
        .prepare(
          `insert into workers (name, lease_owner, lease_expires_at, last_run_at, status)
           values ('tag-updater', ?, ?, ?, 'running')`,
        )
        .run(owner, h.sim.clock.now() + HOUR_MS, since),
    );

    const result = await h.cli(["tag-updater"]);

    expect(result.code, result.stderr).toBe(0);
    expect(logLines(result.stderr).map((line) => line.msg)).toEqual([
      `tag-updater is already running (pid ${process.pid} on ${hostname()} since ${new Date(since).toISOString()}); skipped`,
    ]);
    expect((await runsOf(h, "tag-updater")).map((r) => r.outcome)).toEqual([
      "skipped",
    ]);
    expect(h.sim.requests.total).toBe(0);
  });

  it.each([
    ["an unknown option", ["tag-updater", "--no-such-option"]],
    ["an unknown command", ["no-such-command"]],
    ["a bad option value", ["tag-updater", "--timeout", "soon"]],
    ["a port out of range", ["serve", "--port", "70000"]],
  ])("exits 2 on %s", async (_what, args) => {
    const result = await h.cli(args);

    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe("");
    expect(h.sim.requests.total).toBe(0);
  });
});
