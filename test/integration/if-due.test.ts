import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { WORKER_NAMES } from "../../src/workers/types.js";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import {
  requestedTags,
  runsOf,
  trackTags,
  withDb,
  workerRow,
} from "../helpers/db.js";
import { plainVisibleTags } from "./truth.js";

describe("--if-due", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 51, tags: 40, creators: 10 });
  });
  afterEach(async () => {
    await h.close();
  });

  const setNextRunAt = (worker: string, nextRunAt: number) =>
    withDb(h, (sqlite) =>
      sqlite
        .prepare(
          `insert into workers (name, next_run_at) values (?, ?)
           on conflict (name) do update set next_run_at = excluded.next_run_at`,
        )
        .run(worker, nextRunAt),
    );

  it("catches up six missed hours with exactly one run, then does nothing until due", async () => {
    const names = plainVisibleTags(h.sim).slice(0, 2);
    await trackTags(h, names);
    const dueAt = h.sim.clock.now() - 6 * HOUR_MS;
    await setNextRunAt("tag-updater", dueAt);

    const first = await h.cli(["tag-updater", "--if-due"]);

    expect(first.code, first.stderr).toBe(0);
    const runs = await runsOf(h, "tag-updater");
    expect(runs).toHaveLength(1);
    const [run] = runs;
    // missedIntervals: whole intervals between the due time and the start.
    const expected = Math.floor((run!.started_at - dueAt) / HOUR_MS);
    expect(expected).toBe(6);
    expect(run).toMatchObject({ outcome: "ok", missed_intervals: expected });
    expect(requestedTags(h).sort()).toEqual([...names].sort());
    const catchUp = logLines(first.stderr).find((line) =>
      String(line.msg).startsWith("catching up"),
    );
    expect(catchUp).toMatchObject({
      level: "info",
      worker: "tag-updater",
      run: String(run!.id),
      msg: `catching up once after ${expected} missed interval(s)`,
    });
    expect((await workerRow(h, "tag-updater")).next_run_at).toBe(
      run!.started_at + HOUR_MS,
    );

    h.sim.resetRequests();
    const second = await h.cli(["tag-updater", "--if-due"]);

    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe("");
    expect(second.stderr).toBe("");
    expect(await runsOf(h, "tag-updater")).toHaveLength(1);
    expect(h.sim.requests.total).toBe(0);
  });

  it.each(WORKER_NAMES)(
    "makes `%s --if-due` do nothing before its next run time",
    async (worker) => {
      await setNextRunAt(worker, h.sim.clock.now() + HOUR_MS);

      const result = await h.cli([worker, "--if-due"]);

      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe("");
      expect(await runsOf(h, worker)).toEqual([]);
      expect(h.sim.requests.total).toBe(0);
    },
  );

  it("runs a worker that never ran", async () => {
    const result = await h.cli(["rank-calculator", "--if-due"]);

    expect(result.code, result.stderr).toBe(0);
    const runs = await runsOf(h, "rank-calculator");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ outcome: "ok", missed_intervals: 0 });
  });
});
