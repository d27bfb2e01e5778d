import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import {
  tagsWithHistory,
  trackCreators,
  trackTags,
  withDb,
} from "../helpers/db.js";
import { plainVisibleTags } from "./truth.js";

const REFRESH_ALL = { FANSLY_REFRESH_AGE: "0" };

// README, Commands: `--dry-run` fetches and writes nothing, not even the run.
describe("--dry-run", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 71, tags: 40, creators: 10 });
  });
  afterEach(async () => {
    await h.close();
  });

  const bookkeeping = () =>
    withDb(h, (sqlite) => ({
      workers: sqlite.prepare("select * from workers order by name").all(),
      runs: sqlite.prepare("select * from worker_runs order by id").all(),
    }));

  const summaryOf = (stderr: string, worker: string) =>
    logLines(stderr)
      .map((line) => String(line.msg))
      .find((msg) => msg.startsWith(`${worker} ok:`));

  it("leaves workers and worker_runs as they were after `creator-updater --dry-run`", async () => {
    const usernames = h.sim.dataset.creators
      .filter((c) => !h.sim.creator(c.id)!.hidden)
      .slice(0, 3)
      .map((c) => c.username);
    await trackCreators(h, usernames);
    expect((await h.cli(["creator-updater"])).code).toBe(0);
    const before = await bookkeeping();
    h.sim.clock.advance(HOUR_MS);
    h.sim.resetRequests();

    const dry = await h.cli(["creator-updater", "--dry-run"], REFRESH_ALL);

    expect(dry.code, dry.stderr).toBe(0);
    expect(h.sim.requests.byEndpoint.accounts).toBe(1);
    expect(await bookkeeping()).toEqual(before);
    expect(summaryOf(dry.stderr, "creator-updater")).toMatch(
      /^creator-updater ok: 3 ok, 0 failed, 0 skipped in .* \(dry run: nothing written\)$/,
    );
  });

  it("counts the tags a dry tag-updater fetched as ok, and stores none", async () => {
    const names = plainVisibleTags(h.sim).slice(0, 4);
    await trackTags(h, names);

    const dry = await h.cli(["tag-updater", "--dry-run"]);

    expect(dry.code, dry.stderr).toBe(0);
    expect(h.sim.requests.byEndpoint.tag).toBe(names.length);
    expect(summaryOf(dry.stderr, "tag-updater")).toMatch(
      /^tag-updater ok: 4 ok, 0 failed/,
    );
    expect(await tagsWithHistory(h)).toEqual([]);
  });

  it("keeps every worker due after `cycle --dry-run`, so the next tick runs them", async () => {
    await trackTags(h, plainVisibleTags(h.sim).slice(0, 2));
    // status creates the workers' rows, as any first command does.
    expect((await h.cli(["status"])).code).toBe(0);
    const before = await bookkeeping();

    const dry = await h.cli(["cycle", "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(await bookkeeping()).toEqual(before);
    h.sim.clock.advance(HOUR_MS / 12);
    const tick = await h.cli(["cycle", "--if-due", "--json"]);

    expect(tick.code, tick.stderr).toBe(0);
    const outcomes = (JSON.parse(tick.stdout) as { outcome: string }[]).map(
      (step) => step.outcome,
    );
    expect(outcomes).toEqual(["ok", "ok", "ok", "ok", "ok"]);
  });
});
