import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import { runsOf, trackTags, workerRow } from "../helpers/db.js";
import {
  requestsArrived,
  startServe,
  stopLeftovers,
} from "../helpers/process.js";
import { plainVisibleTags } from "./truth.js";

/** Only tag-updater runs in serve here. */
const ONLY_TAG_UPDATER = {
  WORKER_CREATOR_UPDATER_ENABLED: "false",
  WORKER_TAG_DISCOVERY_ENABLED: "false",
  WORKER_RANK_CALCULATOR_ENABLED: "false",
  WORKER_STATISTICS_CALCULATOR_ENABLED: "false",
};

describe("serve and a cron run of the same worker", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness({ seed: 72, tags: 40, creators: 10 });
  });
  afterAll(async () => {
    await stopLeftovers();
    await h.close();
  });

  it("skips the cron run while serve runs the worker, and records serve's run cancelled on SIGTERM", async () => {
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 3));
    h.sim.setFaults("slow=5s:1.0@tag");
    const env = { ...ONLY_TAG_UPDATER, FANSLY_CONCURRENCY: "1" };
    const { serve } = await startServe(h, env);
    await serve.before(requestsArrived(h.sim, 1));

    const cron = await h.cli(["tag-updater"]);

    expect(cron.code, cron.stderr).toBe(0);
    const [served, skipped] = await runsOf(h, "tag-updater");
    expect(served).toMatchObject({ pid: serve.pid, outcome: "running" });
    expect(skipped).toMatchObject({ outcome: "skipped" });
    expect(skipped!.pid).not.toBe(serve.pid);
    expect(logLines(cron.stderr).map((line) => line.msg)).toEqual([
      expect.stringContaining(`pid ${serve.pid} on `),
    ]);
    expect(h.sim.requests.byEndpoint.tag).toBe(1);

    const signalledAt = performance.now();
    serve.child.kill("SIGTERM");
    const result = await serve.done;

    expect(result.code, result.stderr).toBe(0);
    // Far less than the 5 s answer it was waiting for: the run stopped at once.
    expect(result.closedAt - signalledAt).toBeLessThan(2_000);
    const [cancelled] = await runsOf(h, "tag-updater");
    expect(cancelled).toMatchObject({ outcome: "cancelled", items_ok: 0 });
    expect(await workerRow(h, "tag-updater")).toMatchObject({
      status: "cancelled",
      lease_owner: null,
    });
    expect(logLines(result.stderr).at(-1)?.msg).toBe("serve: stopped");
  });
});
