import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS, MINUTE_MS } from "../../src/clock.js";
import { createHarness, type Harness } from "../helpers/cli.js";
import {
  denseRanks,
  feedPage,
  plainVisibleTags,
  queryAll,
  type StatusJson,
} from "./truth.js";

/** Intervals chosen here, so nextRun can be checked against known values. */
const INTERVALS_MS = {
  "tag-discovery": 5 * HOUR_MS,
  "tag-updater": 45 * MINUTE_MS,
  "creator-updater": 50 * MINUTE_MS,
  "rank-calculator": 20 * MINUTE_MS,
  "statistics-calculator": 25 * MINUTE_MS,
} as const;
type Worker = keyof typeof INTERVALS_MS;

const ENV = {
  FANSLY_DISCOVERY_PAGES: "1",
  FANSLY_DISCOVERY_PAGE_SIZE: "20",
  WORKER_TAG_DISCOVERY_BATCH: "1",
  FANSLY_MISSES_BEFORE_DELETED: "1",
  FANSLY_REFRESH_AGE: "0",
  FANSLY_DELETED_RECHECK_AGE: "0",
  WORKER_TAG_DISCOVERY_INTERVAL: "5h",
  WORKER_TAG_UPDATER_INTERVAL: "45m",
  WORKER_CREATOR_UPDATER_INTERVAL: "50m",
  WORKER_RANK_CALCULATOR_INTERVAL: "20m",
  WORKER_STATISTICS_CALCULATOR_INTERVAL: "25m",
};

const TIED_TAGS = [
  ["tied-first", 54_321],
  ["tied-second", 54_321],
  ["just-below", 54_320],
] as const;

/** The CLI clock starts at FANSLY_WORKERS_NOW and then runs in real time. */
const CLOCK_SLACK_MS = 5_000;

interface RankedRow {
  id: string;
  name: string;
  rank: number | null;
  previous_rank: number | null;
  deleted_at: number | null;
}

interface RunRow {
  worker: string;
  started_at: number;
  finished_at: number | null;
  outcome: string;
}

describe("rank-calculator and status after discovery and updates", () => {
  let h: Harness;
  /** Every run in the order it happened, with the simulated time it started. */
  const history: { worker: Worker; start: number }[] = [];
  const startsOf = (worker: Worker) =>
    history.filter((run) => run.worker === worker).map((run) => run.start);
  let hiddenTag = "";
  let hiddenCreator = "";

  const runWorker = async (worker: Worker) => {
    const startedAt = h.sim.clock.now();
    const result = await h.cli([worker], ENV);
    expect(result.code, `${worker}: ${result.stderr}`).toBe(0);
    history.push({ worker, start: startedAt });
  };

  beforeAll(async () => {
    h = await createHarness({ seed: 41, tags: 200, creators: 40 });
    const source = h.sim.tag(plainVisibleTags(h.sim)[0]!)!;
    const added = await h.cli(["tags", "add", source.name], ENV);
    expect(added.code, added.stderr).toBe(0);

    h.sim.clock.advance(HOUR_MS);
    await runWorker("tag-discovery");

    // Two tags share a view count, so the ranking must handle a tie. They
    // are added after discovery, which would otherwise start from them.
    for (const [name, viewCount] of TIED_TAGS) {
      h.sim.addTag(name, { viewCount });
    }
    const tied = await h.cli(
      ["tags", "add", ...TIED_TAGS.map(([name]) => name)],
      ENV,
    );
    expect(tied.code, tied.stderr).toBe(0);

    // One discovered tag and one discovered creator vanish before the updates.
    const page = feedPage(h.sim, source.id, 20, 0);
    hiddenTag = h.sim
      .tagsOnPostsOf(source.id, 20, 0)
      .find((name) => name !== source.name)!;
    hiddenCreator = page[0]!.accountId;
    h.sim.hideTag(hiddenTag);
    h.sim.hideCreator(hiddenCreator);

    for (let round = 0; round < 2; round += 1) {
      h.sim.clock.advance(HOUR_MS);
      await runWorker("tag-updater");
      await runWorker("creator-updater");
    }
    h.sim.clock.advance(10 * MINUTE_MS);
    await runWorker("rank-calculator");
  });
  afterAll(async () => {
    await h.close();
  });

  it("ranks tags densely by the simulator's view counts, leaving the deleted one unranked", async () => {
    const rows = await queryAll<RankedRow>(
      h,
      "select id, name, rank, previous_rank, deleted_at from tags",
    );
    const live = rows.filter((r) => !h.sim.tag(r.name)!.hidden);
    expect(live.length).toBe(rows.length - 1);
    const expected = denseRanks(
      new Map(live.map((r) => [r.id, h.sim.tag(r.name)!.viewCount])),
    );
    const tied = TIED_TAGS.map(([name]) => rows.find((r) => r.name === name)!);
    expect(tied[0]!.rank).toBe(tied[1]!.rank);
    expect(tied[2]!.rank).toBe(tied[0]!.rank! + 1);
    for (const row of rows) {
      if (row.name === hiddenTag) {
        expect(row.deleted_at).not.toBeNull();
        expect(row.rank).toBeNull();
      } else {
        expect(row.rank, row.name).toBe(expected.get(row.id));
      }
      expect(row.previous_rank).toBeNull();
    }
  });

  it("ranks creators densely by the simulator's followers, leaving the deleted one unranked", async () => {
    const rows = await queryAll<RankedRow>(
      h,
      "select id, username as name, rank, previous_rank, deleted_at from creators",
    );
    expect(rows.length).toBeGreaterThan(2);
    const live = rows.filter((r) => r.id !== hiddenCreator);
    const expected = denseRanks(
      new Map(live.map((r) => [r.id, h.sim.creator(r.id)!.followers])),
    );
    for (const row of rows) {
      if (row.id === hiddenCreator) {
        expect(row.deleted_at).not.toBeNull();
        expect(row.rank).toBeNull();
      } else {
        expect(row.rank, row.name).toBe(expected.get(row.id));
      }
    }
  });

  it("reports every run in status --json with ISO times and nextRun = lastRun + interval", async () => {
    const result = await h.cli(["status", "--json"], ENV);
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as StatusJson;
    expect(status.workers.map((w) => w.name).sort()).toEqual(
      Object.keys(INTERVALS_MS).sort(),
    );

    for (const worker of status.workers) {
      const starts = startsOf(worker.name as Worker);
      const interval = INTERVALS_MS[worker.name as Worker];
      expect(worker.intervalMs).toBe(interval);
      expect(worker).toMatchObject({
        runCount: starts.length,
        successCount: starts.length,
        errorCount: 0,
        lastError: null,
      });
      if (starts.length === 0) {
        expect(worker.lastRun).toBeNull();
        expect(worker.nextRun).toBeNull();
        continue;
      }
      expect(worker.lastRun).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
      );
      const lastRun = Date.parse(worker.lastRun!);
      const pinned = starts.at(-1)!;
      expect(lastRun).toBeGreaterThanOrEqual(pinned);
      expect(lastRun).toBeLessThan(pinned + CLOCK_SLACK_MS);
      expect(Date.parse(worker.nextRun!)).toBe(lastRun + interval);
    }
  });

  it("keeps one worker_runs row per run, each with outcome ok", async () => {
    const rows = await queryAll<RunRow>(
      h,
      "select worker, started_at, finished_at, outcome from worker_runs order by id",
    );
    expect(rows.map((r) => r.worker)).toEqual(history.map((r) => r.worker));
    rows.forEach((row, i) => {
      const pinned = history[i]!.start;
      expect(row.outcome).toBe("ok");
      expect(row.started_at).toBeGreaterThanOrEqual(pinned);
      expect(row.started_at).toBeLessThan(pinned + CLOCK_SLACK_MS);
      expect(row.finished_at).toBeGreaterThanOrEqual(row.started_at);
    });
  });

  it("names all five workers in the status table", async () => {
    const result = await h.cli(["status"], ENV);
    expect(result.code, result.stderr).toBe(0);
    for (const worker of Object.keys(INTERVALS_MS)) {
      expect(result.stdout).toContain(worker);
    }
    expect(result.stdout).toContain("overall: idle");
  });
});

describe("status after updater runs that reached the API for no item", () => {
  let h: Harness;
  const NO_RETRIES = { FANSLY_MAX_RETRIES: "0" };

  beforeAll(async () => {
    h = await createHarness({ seed: 43, tags: 60, creators: 20 });
    const tags = plainVisibleTags(h.sim).slice(0, 3);
    const creators = h.sim.dataset.creators.slice(0, 2).map((c) => c.username);
    expect((await h.cli(["tags", "add", ...tags])).code).toBe(0);
    expect((await h.cli(["creators", "add", ...creators])).code).toBe(0);
    // The API goes away: every request is refused from now on.
    await h.sim.close();
    h.sim.clock.advance(HOUR_MS);
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(["tag-updater", "creator-updater"])(
    "records %s as failed and exits 1 when every item failed",
    async (worker) => {
      const result = await h.cli([worker], NO_RETRIES);
      const runs = await queryAll<{ outcome: string; items_ok: number }>(
        h,
        "select outcome, items_ok from worker_runs where worker = ?",
        worker,
      );
      expect(runs).toEqual([{ outcome: "failed", items_ok: 0 }]);
      expect(result.code, result.stderr).toBe(1);

      const status = JSON.parse(
        (await h.cli(["status", "--json"])).stdout,
      ) as StatusJson;
      expect(status.overall).toBe("failed");
      expect(status.workers.find((w) => w.name === worker)).toMatchObject({
        status: "failed",
        runCount: 1,
        successCount: 0,
        errorCount: 1,
      });
    },
  );
});
