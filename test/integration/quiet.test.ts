import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { WORKER_NAMES } from "../../src/workers/types.js";
import { createHarness, type Harness } from "../helpers/cli.js";
import { closedPort, runsOf, trackTags } from "../helpers/db.js";
import { plainVisibleTags } from "./truth.js";

// README, Logs: "-q keeps cron silent until something goes wrong".
describe("-q", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 93, tags: 40, creators: 10 });
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 3));
  });
  afterEach(async () => {
    await h.close();
  });

  it("keeps `cycle --if-due` silent when every worker ran well or was not due", async () => {
    const ran = await h.cli(["cycle", "--if-due", "-q"]);
    h.sim.clock.advance(5 * 60_000);
    const notDue = await h.cli(["cycle", "--if-due", "-q"]);

    for (const result of [ran, notDue]) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe("");
    }
    expect(await runsOf(h, "tag-updater")).toHaveLength(1);
  });

  it("prints the cycle's summary when a worker failed", async () => {
    const unreachable = {
      FANSLY_API_BASE: `http://127.0.0.1:${await closedPort()}/api/v1`,
      FANSLY_MAX_RETRIES: "0",
    };

    const result = await h.cli(["cycle", "-q"], unreachable);

    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^tag-updater\s+failed\s/m);
    expect(result.stdout).toMatch(/^rank-calculator\s+ok\s/m);
    expect(result.stderr).toContain("tag-updater failed");
  });

  it("leaves the summary of a cycle without -q unchanged", async () => {
    const result = await h.cli(["cycle", "--if-due"]);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(5);
  });

  it("keeps `cycle --json -q` printing the data it was asked for", async () => {
    const result = await h.cli(["cycle", "--json", "-q"]);

    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(5);
  });

  it.each(WORKER_NAMES)(
    "keeps `%s -q` silent after a good run and when not due",
    async (worker) => {
      const ran = await h.cli([worker, "-q"]);
      h.sim.clock.advance(HOUR_MS / 2);
      const notDue = await h.cli([worker, "--if-due", "-q"]);

      for (const result of [ran, notDue]) {
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe("");
      }
    },
  );
});
