import { hostname } from "node:os";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import { runsOf, trackTags, withDb, workerRow } from "../helpers/db.js";
import {
  requestsArrived,
  startCli,
  stopLeftovers,
  type CliProcess,
} from "../helpers/process.js";
import { plainVisibleTags } from "./truth.js";

const ONE_AT_A_TIME = { FANSLY_CONCURRENCY: "1" };

/** What `workers` holds for tag-updater when nothing was ever recorded. */
const NEVER_RECORDED = {
  status: "idle",
  run_count: 0,
  success_count: 0,
  error_count: 0,
  consecutive_failures: 0,
  last_outcome: null,
  last_error: null,
  lease_owner: null,
};

/** The lease owner text of a dry run: `host|pid|start|dry:token`. */
const dryOwnerOf = (proc: CliProcess) =>
  new RegExp(`\\|${proc.pid}\\|\\d+\\|dry:`);

// README: a `--dry-run` records nothing, and that holds when it is killed.
describe("the lease of a dry run across processes", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 23, tags: 40, creators: 10 });
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 3));
  });
  afterEach(async () => {
    await stopLeftovers();
    await h.close();
  });

  /** A dry tag-updater waiting on an answer that does not come. */
  const hangingDryRun = async (): Promise<CliProcess> => {
    h.sim.setFaults("slow=5s:1.0@tag");
    const dry = startCli(h, ["tag-updater", "--dry-run"], ONE_AT_A_TIME);
    await dry.before(requestsArrived(h.sim, 1));
    return dry;
  };

  const killedDryRun = async (): Promise<void> => {
    const dry = await hangingDryRun();
    dry.child.kill("SIGKILL");
    expect((await dry.done).signal).toBe("SIGKILL");
    expect((await workerRow(h, "tag-updater")).lease_owner).toMatch(
      dryOwnerOf(dry),
    );
    h.sim.setFaults("");
    h.sim.resetRequests();
  };

  it("clears a killed dry run's lease on `--if-due` and records no failure", async () => {
    await killedDryRun();
    // Not due: the reviewer's case, where no run ever happened.
    const dueAt = h.sim.clock.now() + HOUR_MS;
    await withDb(h, (sqlite) =>
      sqlite
        .prepare("update workers set next_run_at = ? where name = ?")
        .run(dueAt, "tag-updater"),
    );

    const tick = await h.cli(["tag-updater", "--if-due"]);

    expect(tick.code, tick.stderr).toBe(0);
    expect(h.sim.requests.total).toBe(0);
    expect(await runsOf(h, "tag-updater")).toEqual([]);
    expect(await workerRow(h, "tag-updater")).toMatchObject({
      ...NEVER_RECORDED,
      next_run_at: dueAt,
    });
    const check = await h.cli(["status", "--check"]);
    expect(check.code, check.stdout).toBe(0);
  });

  it("lets the next dry run and then a real run go ahead after a dry run was killed", async () => {
    await killedDryRun();

    const dry = await h.cli(["tag-updater", "--dry-run"], ONE_AT_A_TIME);

    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).not.toContain("already running");
    expect(h.sim.requests.byEndpoint.tag).toBe(3);
    expect(await workerRow(h, "tag-updater")).toMatchObject(NEVER_RECORDED);

    const real = await h.cli(["tag-updater"], ONE_AT_A_TIME);

    expect(real.code, real.stderr).toBe(0);
    const runs = await runsOf(h, "tag-updater");
    expect(runs.map((run) => run.outcome)).toEqual(["ok"]);
    expect(await workerRow(h, "tag-updater")).toMatchObject({
      ...NEVER_RECORDED,
      run_count: 1,
      success_count: 1,
      last_outcome: "ok",
    });
  });

  it("skips a real run while a live dry run holds the lease, naming the dry run", async () => {
    const dry = await hangingDryRun();

    const real = await h.cli(["tag-updater"], ONE_AT_A_TIME);

    expect(real.code, real.stderr).toBe(0);
    const reason = `already running (a dry run, pid ${dry.pid} on ${hostname()})`;
    expect(logLines(real.stderr).map((line) => line.msg)).toEqual([
      `tag-updater is ${reason}; skipped`,
    ]);
    const [skipped, ...others] = await runsOf(h, "tag-updater");
    expect(others).toEqual([]);
    expect(skipped).toMatchObject({ outcome: "skipped", error: reason });
    expect(await workerRow(h, "tag-updater")).toMatchObject({
      status: "idle",
      run_count: 0,
      lease_owner: expect.stringMatching(dryOwnerOf(dry)),
    });
    expect(h.sim.requests.byEndpoint.tag).toBe(1);
  });
});
