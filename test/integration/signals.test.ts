import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS, MINUTE_MS } from "../../src/clock.js";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import {
  requestedTags,
  runsOf,
  tagsWithHistory,
  trackTags,
  workerRow,
} from "../helpers/db.js";
import {
  requestsArrived,
  startCli,
  stopLeftovers,
} from "../helpers/process.js";
import { plainVisibleTags } from "./truth.js";

const ONE_AT_A_TIME = { FANSLY_CONCURRENCY: "1" };

describe("a worker run interrupted by a signal", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 31, tags: 40, creators: 10 });
  });
  afterEach(async () => {
    await stopLeftovers();
    await h.close();
  });

  /** Tracked tags, most stale first: each was last checked a minute after the one before. */
  const trackStaleTags = async (count: number): Promise<string[]> => {
    const names = plainVisibleTags(h.sim).slice(0, count);
    const start = h.sim.clock.now() - 10 * HOUR_MS;
    await trackTags(h, names, (i) => start + i * MINUTE_MS);
    return names;
  };

  it("records SIGTERM as cancelled with the items committed so far and exits 143", async () => {
    const names = await trackStaleTags(6);
    h.sim.setFaults("slow=300ms:1.0@tag");

    const run = startCli(h, ["tag-updater"], ONE_AT_A_TIME);
    // With one request at a time, the third arrives once two are answered.
    await run.before(requestsArrived(h.sim, 3));
    run.child.kill("SIGTERM");
    const result = await run.done;

    expect(result.code, result.stderr).toBe(143);
    const committed = await tagsWithHistory(h);
    const [cancelled] = await runsOf(h, "tag-updater");
    expect(cancelled).toMatchObject({
      outcome: "cancelled",
      items_ok: committed.length,
      items_failed: 0,
    });
    expect(committed.length).toBeGreaterThanOrEqual(2);
    expect(committed.length).toBeLessThan(names.length);
    // Requests went out most stale first, and the committed ones lead them.
    const asked = requestedTags(h);
    expect(asked).toEqual(names.slice(0, asked.length));
    expect(committed).toEqual(names.slice(0, committed.length).sort());

    const messages = logLines(result.stderr).map((line) => line.msg);
    expect(messages).toContain(
      "SIGTERM received; finishing in-flight items (repeat to force)",
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^tag-updater cancelled: ${committed.length} ok, 0 failed, 0 skipped in \\d+\\.\\d s`,
        ),
      ),
    );
    expect(await workerRow(h, "tag-updater")).toMatchObject({
      status: "cancelled",
      run_count: 1,
      error_count: 0,
      lease_owner: null,
    });
  });

  it("lets the next run continue with the most stale of the remaining tags", async () => {
    const names = await trackStaleTags(6);
    h.sim.setFaults("slow=300ms:1.0@tag");
    const run = startCli(h, ["tag-updater"], ONE_AT_A_TIME);
    await run.before(requestsArrived(h.sim, 3));
    run.child.kill("SIGTERM");
    expect((await run.done).code).toBe(143);
    const done = (await tagsWithHistory(h)).length;

    h.sim.setFaults("");
    h.sim.resetRequests();
    // --if-due as cron runs it: the interrupted run left the worker due.
    const next = await h.cli(
      ["tag-updater", "--if-due", "--batch", "2"],
      ONE_AT_A_TIME,
    );

    expect(next.code, next.stderr).toBe(0);
    expect(requestedTags(h)).toEqual(names.slice(done, done + 2));
    const [, resumed] = await runsOf(h, "tag-updater");
    expect(resumed).toMatchObject({ outcome: "ok", items_ok: 2 });
    expect(await tagsWithHistory(h)).toEqual(names.slice(0, done + 2).sort());
  });

  it("records SIGINT as cancelled and exits 130", async () => {
    const names = await trackStaleTags(3);
    h.sim.setFaults("slow=5s:1.0@tag");

    const run = startCli(h, ["tag-updater"], ONE_AT_A_TIME);
    await run.before(requestsArrived(h.sim, 1));
    run.child.kill("SIGINT");
    const result = await run.done;

    expect(result.code, result.stderr).toBe(130);
    const [cancelled] = await runsOf(h, "tag-updater");
    expect(cancelled).toMatchObject({ outcome: "cancelled", items_ok: 0 });
    expect(await tagsWithHistory(h)).toEqual([]);

    h.sim.setFaults("");
    const next = await h.cli(["tag-updater"], ONE_AT_A_TIME);
    expect(next.code, next.stderr).toBe(0);
    const [, after] = await runsOf(h, "tag-updater");
    expect(after).toMatchObject({ outcome: "ok", items_ok: names.length });
  });
});
