import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import { runsOf, trackTags } from "../helpers/db.js";
import { plainVisibleTags, type StatusJson } from "./truth.js";

describe("configuration sources and disabled workers", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 101, tags: 40, creators: 10 });
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 4));
  });
  afterEach(async () => {
    await h.close();
  });

  it("reads .env from the working directory, below the environment", async () => {
    writeFileSync(join(h.dir, ".env"), "WORKER_TAG_UPDATER_BATCH=1\n");

    const fromFile = await h.cli(["tag-updater"]);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(h.sim.requests.byEndpoint.tag).toBe(1);

    const fromEnv = await h.cli(["tag-updater"], {
      WORKER_TAG_UPDATER_BATCH: "2",
    });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(h.sim.requests.byEndpoint.tag).toBe(3);
  });

  it("refuses a bad value from .env with exit code 2, naming it", async () => {
    writeFileSync(join(h.dir, ".env"), "WORKER_TAG_UPDATER_TIMEOUT=forever\n");

    const result = await h.cli(["tag-updater"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "WORKER_TAG_UPDATER_TIMEOUT must be a duration",
    );
    expect(result.stderr).toContain("(got 'forever')");
    expect(await runsOf(h, "tag-updater")).toEqual([]);
  });

  it("leaves a disabled worker out of cycle and shows it disabled in status", async () => {
    const disabled = { WORKER_TAG_UPDATER_ENABLED: "false" };

    const cycle = await h.cli(["cycle"], disabled);
    const status = await h.cli(["status", "--json"], disabled);

    expect(cycle.code, cycle.stderr).toBe(0);
    expect(cycle.stdout).toMatch(/^tag-updater\s+disabled/m);
    // cycle has no --force: the hint points at running the worker by name.
    const hint = logLines(cycle.stderr).find((line) =>
      String(line.msg).startsWith("tag-updater is disabled"),
    );
    expect(hint?.msg).toBe(
      "tag-updater is disabled (WORKER_TAG_UPDATER_ENABLED=false); left out; to run it " +
        "anyway, use `fansly-workers tag-updater --force` or set WORKER_TAG_UPDATER_ENABLED=true",
    );
    expect(await runsOf(h, "tag-updater")).toEqual([]);
    expect(h.sim.requests.byEndpoint.tag).toBe(0);
    const shown = (JSON.parse(status.stdout) as StatusJson).workers.find(
      (w) => w.name === "tag-updater",
    );
    expect(shown).toMatchObject({ enabled: false, status: "disabled" });
  });
});
