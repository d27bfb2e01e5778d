import { afterEach, describe, expect, it } from "vitest";
import type { StatusJson } from "../../src/scheduler/status-json.js";
import { createHarness, type Harness } from "../helpers/cli.js";
import {
  arrivalsDuringCoolDown,
  plainTags,
  trackTagsDirectly,
  BUSY_MACHINE_MARGIN,
} from "./polite-helpers.js";
import { queryAll } from "./truth.js";

// Four lanes, paced 275 ms apart by the shared limit: a 429's answer is
// back long before the next request may leave, even on a loaded machine, so
// any request during the cool-down is the client's fault, not a race with a
// request already on its way.
const POLITE = {
  FANSLY_CONCURRENCY: "4",
  FANSLY_RATE_LIMIT: "4/1s",
  FANSLY_RATE_MARGIN: BUSY_MACHINE_MARGIN,
  FANSLY_REFRESH_AGE: "0",
};

interface TagRow {
  name: string;
  view_count: number | null;
  last_checked_at: number | null;
}

let h: Harness;

afterEach(async () => {
  await h.close();
});

/** Every tracked tag holds the simulator's count and was checked. */
async function expectAllUpdated(names: readonly string[]): Promise<void> {
  const rows = await queryAll<TagRow>(h, "select * from tags order by name");
  expect(rows.map((row) => row.name)).toEqual([...names].sort());
  for (const row of rows) {
    expect(row.last_checked_at, row.name).not.toBeNull();
    expect(row.view_count, row.name).toBe(h.sim.tag(row.name)!.viewCount);
  }
}

describe("a 429 with Retry-After under concurrency 4", () => {
  it("sends nothing for 3 s after `Retry-After: 3`, then completes", async () => {
    h = await createHarness({ seed: 21, tags: 60, creators: 10 });
    const names = plainTags(h, 8);
    await trackTagsDirectly(h, names);
    h.sim.setFaults("429=3:#5@tag");

    const run = await h.cli(["tag-updater"], POLITE);

    expect(run.code, run.stderr).toBe(0);
    const { log } = h.sim.requests;
    expect(log.filter((entry) => entry.status === 429)).toHaveLength(1);
    expect(arrivalsDuringCoolDown(log, 3_000)).toEqual([]);
    expect(h.sim.requests.violations).toBe(0);
    expect(
      log.at(-1)!.at - log.find((e) => e.status === 429)!.at,
    ).toBeGreaterThan(3_000);
    expect(log).toHaveLength(names.length + 1);
    await expectAllUpdated(names);
  });

  it("sends nothing until an HTTP-date Retry-After 5 s ahead, then completes", async () => {
    // The CLI runs on the system clock here, as the dates do.
    h = await createHarness({
      seed: 22,
      tags: 60,
      creators: 10,
      retryAfterDates: "real",
    });
    const names = plainTags(h, 8);
    await trackTagsDirectly(h, names);
    h.sim.setFaults("429-date=5:#5@tag");

    const run = await h.cli(["tag-updater"], {
      ...POLITE,
      FANSLY_WORKERS_NOW: "",
    });

    expect(run.code, run.stderr).toBe(0);
    const { log } = h.sim.requests;
    expect(log.filter((entry) => entry.status === 429)).toHaveLength(1);
    expect(arrivalsDuringCoolDown(log, 5_000)).toEqual([]);
    expect(h.sim.requests.violations).toBe(0);
    await expectAllUpdated(names);
  });
});

describe("a 429 asking for longer than FANSLY_MAX_COOLDOWN", () => {
  it("ends the run as rate_limited, with next_run_at at or after the resume time", async () => {
    h = await createHarness({ seed: 23, tags: 60, creators: 10 });
    const names = plainTags(h, 8);
    await trackTagsDirectly(h, names);
    h.sim.setFaults("429=600:#3@tag");
    const started = h.sim.clock.now();

    const run = await h.cli(["tag-updater"], {
      ...POLITE,
      WORKER_TAG_UPDATER_INTERVAL: "1s",
    });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("longer than FANSLY_MAX_COOLDOWN (300 s)");
    const [runRow] = await queryAll<{ outcome: string; items_ok: number }>(
      h,
      "select outcome, items_ok from worker_runs where worker = 'tag-updater'",
    );
    expect(runRow).toEqual({ outcome: "rate_limited", items_ok: 2 });
    const [worker] = await queryAll<{ next_run_at: number }>(
      h,
      "select next_run_at from workers where name = 'tag-updater'",
    );
    expect(worker!.next_run_at).toBeGreaterThanOrEqual(started + 600_000);
    expect(worker!.next_run_at).toBeLessThan(started + 660_000);

    // Nothing left after the 429, and every process is told to wait.
    expect(h.sim.requests.log.map((entry) => entry.status)).toEqual([
      200, 200, 429,
    ]);
    const status = await h.cli(["status", "--json"], POLITE);
    const { rateLimit } = JSON.parse(status.stdout) as StatusJson;
    expect(rateLimit?.configuredPerSecond).toBe(4);
    expect(rateLimit?.currentPerSecond).toBeCloseTo(2, 1);
    expect(Date.parse(rateLimit!.blockedUntil!)).toBeGreaterThanOrEqual(
      started + 600_000,
    );
    const table = await h.cli(["status"], POLITE);
    expect(table.stdout).toMatch(
      /rate: 2\.0 requests\/s of 4\.0 requests\/s after a 429/,
    );
    expect(table.stdout).toContain("blocked after a 429 until");
  });
});
