import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import {
  requestedTags,
  runsOf,
  tagsWithHistory,
  trackTags,
  workerRow,
} from "../helpers/db.js";
import { startCli, stopLeftovers } from "../helpers/process.js";
import { plainVisibleTags } from "./truth.js";

const LIMIT_MS = 2_000;
/** Timer and scheduling slack allowed past the limit, on a busy machine. */
const MARGIN_MS = 1_000;

describe("a run against an API that never answers", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 41, tags: 40, creators: 10 });
  });
  afterEach(async () => {
    await stopLeftovers();
    await h.close();
  });

  it("ends as timeout at WORKER_TAG_UPDATER_TIMEOUT, exits 1 and releases the lease", async () => {
    const names = plainVisibleTags(h.sim).slice(0, 3);
    await trackTags(h, names);
    h.sim.setFaults("hang:1.0@tag");

    const run = startCli(h, ["tag-updater"], {
      WORKER_TAG_UPDATER_TIMEOUT: "2s",
    });
    const result = await run.done;

    expect(result.code, result.stderr).toBe(1);
    const [timedOut] = await runsOf(h, "tag-updater");
    expect(timedOut).toMatchObject({
      outcome: "timeout",
      items_ok: 0,
      error: "timed out after 2 s",
    });
    // The process clock moves with real time, so this is the run's real length.
    const took = timedOut!.finished_at! - timedOut!.started_at;
    expect(took).toBeGreaterThanOrEqual(LIMIT_MS - 5);
    expect(took).toBeLessThan(LIMIT_MS + MARGIN_MS);
    expect(h.sim.requests.byEndpoint.tag).toBeGreaterThan(0);
    expect(h.sim.requests.byStatus[200] ?? 0).toBe(0);
    const summary = logLines(result.stderr).filter(
      (line) => line.worker === "tag-updater" && line.level === "error",
    );
    expect(summary.map((line) => line.msg)).toEqual([
      expect.stringMatching(
        /^tag-updater timeout: 0 ok, 0 failed, 0 skipped in 2\.\d s: timed out after 2 s$/,
      ),
    ]);
    expect(await workerRow(h, "tag-updater")).toMatchObject({
      status: "failed",
      error_count: 1,
      consecutive_failures: 1,
      lease_owner: null,
    });

    h.sim.setFaults("");
    h.sim.resetRequests();
    const next = await h.cli(["tag-updater"]);
    expect(next.code, next.stderr).toBe(0);
    const [, after] = await runsOf(h, "tag-updater");
    expect(after).toMatchObject({ outcome: "ok", items_ok: names.length });
    expect(requestedTags(h).sort()).toEqual([...names].sort());
    expect(await tagsWithHistory(h)).toEqual([...names].sort());
  });
});
