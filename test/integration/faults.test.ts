import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, logLines, type Harness } from "../helpers/cli.js";
import {
  plainTags,
  trackCreatorsDirectly,
  trackTagsDirectly,
  visibleCreators,
  BUSY_MACHINE_MARGIN,
} from "./polite-helpers.js";
import { queryAll } from "./truth.js";

let h: Harness;

afterEach(async () => {
  await h.close();
});

interface RunRow {
  outcome: string;
  items_ok: number;
  items_failed: number;
  details: string;
}

const lastRun = async (worker: string): Promise<RunRow> => {
  const rows = await queryAll<RunRow>(
    h,
    "select outcome, items_ok, items_failed, details from worker_runs where worker = ? order by id desc limit 1",
    worker,
  );
  return rows[0]!;
};

describe("a run against a faulty API", () => {
  interface TagRow {
    name: string;
    view_count: number | null;
    post_count: number | null;
    last_checked_at: number | null;
  }
  interface CreatorRow {
    id: string;
    username: string;
    followers: number | null;
    subscribers: number | null;
    last_checked_at: number | null;
  }

  it("updates every item to the simulator's values or records it as failed with a reason, with no rate-limit violation", async () => {
    h = await createHarness({ seed: 31, tags: 80, creators: 40 });
    const tags = plainTags(h, 30);
    const creators = visibleCreators(h, 20);
    await trackTagsDirectly(h, tags);
    await trackCreatorsDirectly(h, creators);
    h.sim.setFaults("5xx:0.1,429:0.05,reset:0.02,malformed:0.02", {
      seed: 3,
    });
    // 110 ms apart: a 429's answer is back before the next request leaves.
    const env = {
      FANSLY_RATE_LIMIT: "10/1s",
      FANSLY_RATE_MARGIN: BUSY_MACHINE_MARGIN,
      FANSLY_RATE_RECOVERY: "5s",
      FANSLY_ACCOUNT_BATCH: "4",
    };

    const tagRun = await h.cli(["tag-updater"], env);
    await expectUpdatedOrFailed(tagRun.stderr);
    // Each CLI process starts its clock at the simulator's; moving it on
    // keeps the second run from living through the first run's seconds.
    h.sim.clock.advance(60_000);
    const creatorRun = await h.cli(["creator-updater"], env);
    await expectCreatorsUpdatedOrFailed(creatorRun.stderr);

    expect(h.sim.requests.violations).toBe(0);
    const faults = Object.keys(h.sim.requests.byFault).join(" ");
    for (const kind of ["429", "reset", "malformed", "50"]) {
      expect(faults).toContain(kind);
    }
  });

  async function expectUpdatedOrFailed(stderr: string): Promise<void> {
    const rows = await queryAll<TagRow>(h, "select * from tags");
    const stale = rows.filter((row) => row.last_checked_at === null);
    for (const row of rows.filter((r) => r.last_checked_at !== null)) {
      const truth = h.sim.tag(row.name)!;
      expect([row.view_count, row.post_count], row.name).toEqual([
        truth.viewCount,
        truth.postCount,
      ]);
    }
    const run = await lastRun("tag-updater");
    expect(run.outcome, stderr).toBe("ok");
    expect(run.items_failed).toBe(stale.length);
    const reasons = JSON.stringify(JSON.parse(run.details).failures ?? []);
    for (const row of stale) {
      expect(reasons).toContain(`tag '${row.name}' failed: `);
    }
  }

  async function expectCreatorsUpdatedOrFailed(stderr: string): Promise<void> {
    const rows = await queryAll<CreatorRow>(h, "select * from creators");
    const stale = rows.filter((row) => row.last_checked_at === null);
    for (const row of rows.filter((r) => r.last_checked_at !== null)) {
      const truth = h.sim.creator(row.id)!;
      expect([row.followers, row.subscribers], row.username).toEqual([
        truth.followers,
        truth.subscribers,
      ]);
    }
    const run = await lastRun("creator-updater");
    expect(run.outcome, stderr).toBe("ok");
    expect(run.items_failed).toBe(stale.length);
    if (stale.length > 0) {
      expect(JSON.parse(run.details).failures).not.toEqual([]);
    }
  }
});

describe("the per-attempt timeout", () => {
  it("gives up on a first attempt slower than FANSLY_REQUEST_TIMEOUT and succeeds with the second", async () => {
    h = await createHarness({ seed: 32, tags: 40, creators: 10 });
    const [name] = plainTags(h, 1);
    await trackTagsDirectly(h, [name!]);
    h.sim.setFaults("slow=4s:#1@tag");
    const started = performance.now();

    const run = await h.cli(["tag-updater"], {
      FANSLY_REQUEST_TIMEOUT: "500ms",
    });

    expect(run.code, run.stderr).toBe(0);
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(h.sim.requests.byEndpoint.tag).toBe(2);
    const [row] = await queryAll<{ view_count: number }>(
      h,
      "select view_count from tags",
    );
    expect(row!.view_count).toBe(h.sim.tag(name!)!.viewCount);
    const api = JSON.parse((await lastRun("tag-updater")).details).api;
    expect(api).toMatchObject({ requests: 2, retries: 1 });
  });
});

describe("a bad token", () => {
  const TOKEN = "secret-token-4e1f0c77b2";

  it("stops the run at once with the token message, after one request, and never shows the token", async () => {
    h = await createHarness({
      seed: 33,
      tags: 40,
      creators: 10,
      auth: { mode: "bad-token" },
    });
    await trackTagsDirectly(h, plainTags(h, 8));
    const env = {
      FANSLY_AUTH_TOKEN: TOKEN,
      FANSLY_RATE_LIMIT: "10/1s",
      FANSLY_RATE_MARGIN: BUSY_MACHINE_MARGIN,
    };

    const run = await h.cli(["tag-updater"], env);
    const status = await h.cli(["status", "--json"], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "the auth token (FANSLY_AUTH_TOKEN) is missing, wrong or expired",
    );
    expect(h.sim.requests.total).toBe(1);
    expect(h.sim.requests.byStatus[401]).toBe(1);
    const summary = logLines(run.stderr).find((line) =>
      String(line.msg).includes("tag-updater failed"),
    );
    expect(summary?.level).toBe("error");
    expect(await lastRun("tag-updater")).toMatchObject({
      outcome: "failed",
      items_ok: 0,
    });

    for (const text of [run.stdout, run.stderr, status.stdout, status.stderr]) {
      expect(text).not.toContain(TOKEN);
    }
    for (const file of readdirSync(h.dir)) {
      const bytes = readFileSync(join(h.dir, file));
      expect(bytes.includes(TOKEN), file).toBe(false);
    }
  });
});

describe("awkward tag names", () => {
  const NAMES = [
    "rock & roll",
    "c++",
    "c#",
    "issue #5",
    "100% real",
    "%20stays%20encoded",
    "a=b?c&d",
    "🔥 fire 🔥",
    "ünïcødé 日本語",
    `${"x".repeat(192)}&+#% 🔥!`,
  ];

  it("round-trip exactly through the client and the simulator", async () => {
    h = await createHarness({ seed: 34, tags: 40, creators: 10 });
    // The seeded dataset has awkward names of its own; those stay as they are.
    NAMES.forEach((name, i) => {
      if (h.sim.tag(name) === undefined) {
        h.sim.addTag(name, { viewCount: 1_000 + i, postCount: 10 + i });
      }
    });
    expect(NAMES.at(-1)).toHaveLength(200);

    const added = await h.cli(["tags", "add", ...NAMES]);
    expect(added.code, added.stderr).toBe(0);
    h.sim.clock.advance(60_000);
    const run = await h.cli(["tag-updater"], { FANSLY_REFRESH_AGE: "0" });
    expect(run.code, run.stderr).toBe(0);

    const asked = h.sim.requests.log.map((entry) =>
      new URLSearchParams(entry.path.split("?")[1]).get("tag"),
    );
    // `tags add` asks in the order given; the updater in its own order.
    expect(asked.slice(0, NAMES.length)).toEqual(NAMES);
    expect(asked.slice(NAMES.length).sort()).toEqual([...NAMES].sort());
    const rows = await queryAll<{
      name: string;
      view_count: number;
      post_count: number;
    }>(h, "select name, view_count, post_count from tags");
    expect(rows.map((row) => row.name).sort()).toEqual([...NAMES].sort());
    for (const row of rows) {
      const truth = h.sim.tag(row.name)!;
      expect([row.view_count, row.post_count]).toEqual([
        truth.viewCount,
        truth.postCount,
      ]);
    }
  });
});
