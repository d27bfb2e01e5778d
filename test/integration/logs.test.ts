import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { WORKER_NAMES } from "../../src/workers/types.js";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import { runsOf, trackTags } from "../helpers/db.js";
import { plainVisibleTags } from "./truth.js";

const PLAIN_LINE =
  /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) (DEBUG|INFO|WARN|ERROR) \[([a-z-]+) run=(\d+)\] (.+)$/;
const SUMMARY =
  /^([a-z-]+) (ok|failed|cancelled|timeout|rate_limited): \d+ ok, \d+ failed, \d+ skipped in \d+\.\d s/;
const TOKEN = "secret-token-123";

describe("logs", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 91, tags: 40, creators: 10 });
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 3));
  });
  afterEach(async () => {
    await h.close();
  });

  /** The first E1 request fails for good, so the run logs a warning too. */
  const runWithOneFailure = (format: "plain" | "json") => {
    h.sim.setFaults("503:#1@tag");
    return h.cli(["tag-updater"], {
      LOG_FORMAT: format,
      FANSLY_MAX_RETRIES: "0",
      FANSLY_CONCURRENCY: "1",
    });
  };

  it("starts every plain line with an ISO UTC time, then level, worker and run id", async () => {
    const before = Date.now();
    const result = await runWithOneFailure("plain");
    const after = Date.now();

    expect(result.code, result.stderr).toBe(0);
    const [run] = await runsOf(h, "tag-updater");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      const match = PLAIN_LINE.exec(line);
      expect(match, line).not.toBeNull();
      const [, time, , worker, runId] = match!;
      expect(Date.parse(time!)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(time!)).toBeLessThanOrEqual(after);
      expect(worker).toBe("tag-updater");
      expect(Number(runId)).toBe(run!.id);
    }
    expect(lines.map((line) => PLAIN_LINE.exec(line)![2])).toEqual([
      "WARN",
      "WARN",
    ]);
    expect(result.stdout).toBe("");
  });

  it("writes json lines with time, level, worker, run and msg", async () => {
    const result = await runWithOneFailure("json");

    expect(result.code, result.stderr).toBe(0);
    const [run] = await runsOf(h, "tag-updater");
    const lines = result.stderr.trimEnd().split("\n");
    const parsed = lines.map((line) => JSON.parse(line) as object);
    expect(parsed.length).toBeGreaterThanOrEqual(2);
    for (const entry of parsed) {
      expect(Object.keys(entry).sort()).toEqual(
        ["level", "msg", "run", "time", "worker"].sort(),
      );
      expect(entry).toMatchObject({
        time: expect.stringMatching(/^\d{4}-.*T.*\.\d{3}Z$/),
        level: "warn",
        worker: "tag-updater",
        run: String(run!.id),
      });
    }
    expect(result.stdout).toBe("");
  });

  it("ends each run of a cycle with exactly one summary line and prints only data on stdout", async () => {
    const result = await h.cli(["cycle"], { FANSLY_SEED_TAGS: "" });

    expect(result.code, result.stderr).toBe(0);
    const summaries = logLines(result.stderr).filter((line) =>
      SUMMARY.test(String(line.msg)),
    );
    const runs = (
      await Promise.all(WORKER_NAMES.map((worker) => runsOf(h, worker)))
    ).flat();
    expect(runs.length).toBeGreaterThan(0);
    expect(
      summaries.map((line) => `${line.worker} ${line.run}`).sort(),
    ).toEqual(runs.map((run) => `${run.worker} ${run.id}`).sort());
    for (const line of summaries) {
      expect(String(line.msg).startsWith(`${line.worker} `)).toBe(true);
    }
    // stdout is the cycle's table: one row per worker, no log line.
    expect(result.stdout).not.toMatch(/"level"|INFO|WARN/);
  });

  it("keeps stdout empty for every worker command", async () => {
    const results = await Promise.all(
      WORKER_NAMES.map((worker) => h.cli([worker], { LOG_LEVEL: "debug" })),
    );

    for (const result of results) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr).not.toBe("");
    }
  });

  it("never shows the auth token, in logs, output, errors or the database", async () => {
    h.sim.setAuth({ mode: "required" });
    const env = { FANSLY_AUTH_TOKEN: TOKEN, LOG_LEVEL: "debug" };
    const outputs: string[] = [];
    const run = async (args: string[], extra = {}) => {
      const result = await h.cli(args, { ...env, ...extra });
      outputs.push(result.stdout, result.stderr);
      return result;
    };

    expect((await run(["tag-updater"])).code).toBe(0);
    expect(h.sim.requests.byStatus[200]).toBe(3);
    await run(["status", "--json"]);
    await run(["cycle", "--json"]);
    h.sim.setAuth({ mode: "required", badToken: TOKEN });
    h.sim.clock.advance(HOUR_MS);
    const refused = await run(["tag-updater"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("FANSLY_AUTH_TOKEN");

    for (const output of outputs) expect(output).not.toContain(TOKEN);
    for (const file of readdirSync(h.dir)) {
      const bytes = readFileSync(join(h.dir, file));
      expect(bytes.includes(TOKEN), file).toBe(false);
    }
  });
});

describe("logs of the API client during a run", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 92, tags: 40, creators: 10 });
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 1));
  });
  afterEach(async () => {
    await h.close();
  });

  // The client logs through the logger of the run that makes the call
  // (CallOptions.log), so its lines name the worker and the run.
  it("names the worker and run id on the client's 429 warning", async () => {
    h.sim.setFaults("429:#1@tag");
    const result = await h.cli(["tag-updater"]);

    expect(result.code, result.stderr).toBe(0);
    const pause = logLines(result.stderr).find((line) =>
      String(line.msg).includes("all requests pause"),
    );
    expect(pause).toBeDefined();
    expect(pause).toMatchObject({ worker: "tag-updater" });
  });
});
