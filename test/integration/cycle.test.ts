import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { openDb } from "../../src/db/open.js";
import { createHarness, type CliResult, type Harness } from "../helpers/cli.js";
import { denseRanks, queryAll, type StatusJson } from "./truth.js";

const TAGS = 5_000;
const CREATORS = 1_000;
const CYCLE_ORDER = [
  "tag-discovery",
  "tag-updater",
  "creator-updater",
  "rank-calculator",
  "statistics-calculator",
];
const ENV = {
  WORKER_TAG_UPDATER_BATCH: String(TAGS),
  WORKER_CREATOR_UPDATER_BATCH: String(CREATORS),
  FANSLY_CONCURRENCY: "8",
};

interface TagRow {
  id: string;
  name: string;
  view_count: number | null;
  post_count: number | null;
  rank: number | null;
  misses: number;
  last_checked_at: number | null;
  history: number;
}

interface CreatorRow {
  id: string;
  username: string;
  followers: number | null;
  subscribers: number | null;
  post_likes: number | null;
  media_likes: number | null;
  rank: number | null;
  misses: number;
  last_checked_at: number | null;
  history: number;
}

/** Tracks every tag and creator of the dataset, as a long-running install would. */
async function trackEverything(h: Harness): Promise<void> {
  const db = await openDb(h.dbPath);
  try {
    const firstSeen = h.sim.clock.now();
    const addTag = db.sqlite.prepare(
      "insert into tags (id, name, first_seen_at, source) values (?, ?, ?, 'manual')",
    );
    const addCreator = db.sqlite.prepare(
      "insert into creators (id, username, first_seen_at, source) values (?, ?, ?, 'manual')",
    );
    db.sqlite.transaction(() => {
      for (const tag of h.sim.dataset.tags) {
        addTag.run(tag.id, tag.name, firstSeen);
      }
      for (const creator of h.sim.dataset.creators) {
        addCreator.run(creator.id, creator.username, firstSeen);
      }
    })();
  } finally {
    await db.close();
  }
}

describe(`cycle over ${TAGS} tags and ${CREATORS} creators`, () => {
  let h: Harness;
  let cycle: CliResult;
  let cycleStartedAt = 0;

  beforeAll(async () => {
    h = await createHarness({ seed: 5, tags: TAGS, creators: CREATORS });
    await trackEverything(h);
    // A few vanish, so the cycle meets misses as well as updates.
    for (const index of [100, 2_000, 4_000]) {
      h.sim.hideTag(h.sim.dataset.tags[index]!.name);
    }
    for (const index of [10, 500]) {
      h.sim.hideCreator(h.sim.dataset.creators[index]!.id);
    }
    h.sim.clock.advance(2 * HOUR_MS);
    cycleStartedAt = h.sim.clock.now();
    cycle = await h.cli(["cycle"], ENV);
  });
  afterAll(async () => {
    await h.close();
  });

  it("exits 0 and prints one ok line per worker, in chain order", () => {
    expect(cycle.code, cycle.stderr).toBe(0);
    const lines = cycle.stdout.trimEnd().split("\n");
    expect(lines.map((line) => line.split(/\s+/)[0])).toEqual(CYCLE_ORDER);
    for (const line of lines) expect(line.split(/\s+/)[1]).toBe("ok");
  });

  it("updates every tracked tag to the simulator's counts, with one history row each", async () => {
    const rows = await queryAll<TagRow>(
      h,
      `select t.*, (select count(*) from tag_history where tag_id = t.id) as history
       from tags t`,
    );
    expect(rows).toHaveLength(TAGS);
    let hidden = 0;
    for (const row of rows) {
      const truth = h.sim.tag(row.name)!;
      expect(row.last_checked_at, row.name).not.toBeNull();
      if (truth.hidden) {
        hidden += 1;
        expect(row).toMatchObject({ misses: 1, history: 0, view_count: null });
        continue;
      }
      expect(row).toMatchObject({
        id: truth.id,
        view_count: truth.viewCount,
        post_count: truth.postCount,
        misses: 0,
        history: 1,
      });
    }
    // Three hidden here, plus any the dataset's own schedule hides now.
    expect(hidden).toBeGreaterThanOrEqual(3);
    expect(hidden).toBeLessThan(TAGS / 10);
  });

  it("updates every tracked creator to the simulator's counts, with one history row each", async () => {
    const rows = await queryAll<CreatorRow>(
      h,
      `select c.*, (select count(*) from creator_history where creator_id = c.id) as history
       from creators c`,
    );
    expect(rows).toHaveLength(CREATORS);
    for (const row of rows) {
      const truth = h.sim.creator(row.id)!;
      expect(row.last_checked_at, row.username).not.toBeNull();
      if (truth.hidden) {
        expect(row).toMatchObject({ misses: 1, history: 0, followers: null });
        continue;
      }
      expect(row).toMatchObject({
        username: truth.username,
        followers: truth.followers,
        subscribers: truth.subscribers,
        post_likes: truth.postLikes,
        media_likes: truth.mediaLikes,
        history: 1,
      });
    }
  });

  it("ranks the updated tags and creators by the simulator's counts", async () => {
    const tags = await queryAll<TagRow>(h, "select id, name, rank from tags");
    const visible = tags.filter((t) => !h.sim.tag(t.name)!.hidden);
    const tagRanks = denseRanks(
      new Map(visible.map((t) => [t.id, h.sim.tag(t.name)!.viewCount])),
    );
    for (const tag of tags) {
      expect(tag.rank, tag.name).toBe(tagRanks.get(tag.id) ?? null);
    }

    const creators = await queryAll<CreatorRow>(
      h,
      "select id, rank from creators",
    );
    const found = creators.filter((c) => !h.sim.creator(c.id)!.hidden);
    const creatorRanks = denseRanks(
      new Map(found.map((c) => [c.id, h.sim.creator(c.id)!.followers])),
    );
    for (const creator of creators) {
      expect(creator.rank).toBe(creatorRanks.get(creator.id) ?? null);
    }
  });

  it("records a statistics row whose totals are the simulator's sums", async () => {
    const rows = await queryAll<Record<string, number>>(
      h,
      "select * from statistics",
    );
    expect(rows).toHaveLength(1);
    const visibleTags = h.sim.dataset.tags
      .map((t) => h.sim.tag(t.name)!)
      .filter((t) => !t.hidden);
    const foundCreators = h.sim.dataset.creators
      .map((c) => h.sim.creator(c.id)!)
      .filter((c) => !c.hidden);
    const sum = <T>(items: T[], value: (item: T) => number) =>
      items.reduce((total, item) => total + value(item), 0);
    expect(rows[0]).toMatchObject({
      tag_count: TAGS,
      creator_count: CREATORS,
      total_views: sum(visibleTags, (t) => t.viewCount),
      total_posts: sum(visibleTags, (t) => t.postCount),
      total_followers: sum(foundCreators, (c) => c.followers),
      total_likes: sum(foundCreators, (c) => c.postLikes + c.mediaLikes),
    });
  });

  it("shows exactly one successful run of each worker in status --json", async () => {
    const result = await h.cli(["status", "--json"], ENV);
    expect(result.code, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as StatusJson;
    expect(status.overall).toBe("idle");
    expect(status.workers.map((w) => w.name).sort()).toEqual(
      [...CYCLE_ORDER].sort(),
    );
    for (const worker of status.workers) {
      expect(worker).toMatchObject({
        status: "idle",
        runCount: 1,
        successCount: 1,
        errorCount: 0,
      });
      expect(Date.parse(worker.lastRun!)).toBeGreaterThanOrEqual(
        cycleStartedAt,
      );
      expect(Date.parse(worker.nextRun!)).toBe(
        Date.parse(worker.lastRun!) + worker.intervalMs,
      );
    }
  });
});

describe("cycle --if-due", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness({ seed: 9, tags: 80, creators: 20 });
  });
  afterAll(async () => {
    await h.close();
  });

  /** Worker name → second word of its summary line ("ok", "not due", …). */
  const outcomes = (result: CliResult): Record<string, string> => {
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    return Object.fromEntries(
      lines.map((line) => {
        const [worker, ...rest] = line.split(/\s+/);
        return [worker, rest.slice(0, 2).join(" ")];
      }),
    );
  };
  const okOrNotDue = (due: readonly string[]) =>
    Object.fromEntries(
      CYCLE_ORDER.map((w) => [
        w,
        due.includes(w) ? expect.stringMatching(/^ok /) : "not due",
      ]),
    );

  it("runs each worker when due, once, however many intervals were missed", async () => {
    const [source] = h.sim.dataset.tags
      .map((t) => h.sim.tag(t.name)!)
      .filter((t) => !t.hidden && /^[a-z]+$/.test(t.name));
    await h.cli(["tags", "add", source!.name]);

    const first = await h.cli(["cycle", "--if-due"]);
    expect(outcomes(first)).toEqual(okOrNotDue(CYCLE_ORDER));

    h.sim.clock.advance(5 * 60_000);
    const early = await h.cli(["cycle", "--if-due"]);
    expect(outcomes(early)).toEqual(okOrNotDue([]));

    h.sim.clock.advance(HOUR_MS);
    const hourly = CYCLE_ORDER.filter((w) => w !== "tag-discovery");
    expect(outcomes(await h.cli(["cycle", "--if-due"]))).toEqual(
      okOrNotDue(hourly),
    );

    h.sim.clock.advance(3 * 24 * HOUR_MS);
    expect(outcomes(await h.cli(["cycle", "--if-due"]))).toEqual(
      okOrNotDue(CYCLE_ORDER),
    );

    const status = JSON.parse(
      (await h.cli(["status", "--json"])).stdout,
    ) as StatusJson;
    const runCounts = Object.fromEntries(
      status.workers.map((w) => [w.name, w.runCount]),
    );
    expect(runCounts).toEqual(
      Object.fromEntries(
        CYCLE_ORDER.map((w) => [w, w === "tag-discovery" ? 2 : 3]),
      ),
    );
    const caughtUp = await queryAll<{ missed_intervals: number }>(
      h,
      "select missed_intervals from worker_runs where worker = 'tag-updater' order by id desc limit 1",
    );
    // About 71 hourly runs were missed over three days; one run makes up for them.
    expect(caughtUp[0]!.missed_intervals).toBeGreaterThanOrEqual(70);
  });
});
