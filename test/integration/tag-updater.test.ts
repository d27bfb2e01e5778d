import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/clock.js";
import { createHarness, type Harness } from "../helpers/cli.js";

interface TagRow {
  id: string;
  name: string;
  view_count: number;
  post_count: number | null;
  misses: number;
  deleted_at: number | null;
}

describe("tag-updater against the simulator", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness({ seed: 11, tags: 60, creators: 10 });
  });
  afterEach(async () => {
    await h.close();
  });

  const someTags = (count: number) =>
    h.sim.dataset.tags
      .map((t) => h.sim.tag(t.name)!)
      .filter((t) => !t.hidden && !/[^a-z0-9]/.test(t.name))
      .slice(0, count)
      .map((t) => t.name);

  it("stores the simulator's counts and one history row per observation", async () => {
    const names = someTags(8);
    const added = await h.cli(["tags", "add", ...names]);
    expect(added.code, added.stderr).toBe(0);

    h.sim.clock.advance(2 * HOUR_MS);
    const run = await h.cli(["tag-updater"]);
    expect(run.code, run.stderr).toBe(0);

    const db = await h.openDb();
    try {
      const rows = db.sqlite.prepare("select * from tags").all() as TagRow[];
      expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
      for (const row of rows) {
        const truth = h.sim.tag(row.name)!;
        expect(row.id).toBe(truth.id);
        expect(row.view_count).toBe(truth.viewCount);
        expect(row.post_count).toBe(truth.postCount);
      }
      const history = db.sqlite
        .prepare(
          "select tag_id, count(*) as n from tag_history group by tag_id",
        )
        .all() as { tag_id: string; n: number }[];
      expect(history).toHaveLength(names.length);
      for (const entry of history) expect(entry.n).toBe(2);
    } finally {
      await db.close();
    }
  });

  it("marks a hidden tag deleted after the configured misses and restores it when it is back", async () => {
    const [name] = someTags(1);
    await h.cli(["tags", "add", name!]);
    const env = {
      FANSLY_MISSES_BEFORE_DELETED: "2",
      FANSLY_REFRESH_AGE: "0",
      FANSLY_DELETED_RECHECK_AGE: "0",
    };
    const readRow = async (): Promise<TagRow> => {
      const db = await h.openDb();
      try {
        return db.sqlite.prepare("select * from tags").get() as TagRow;
      } finally {
        await db.close();
      }
    };

    h.sim.hideTag(name!);
    h.sim.clock.advance(HOUR_MS);
    await h.cli(["tag-updater"], env);
    expect(await readRow()).toMatchObject({ misses: 1, deleted_at: null });

    h.sim.clock.advance(HOUR_MS);
    await h.cli(["tag-updater"], env);
    const deleted = await readRow();
    expect(deleted.misses).toBe(2);
    expect(deleted.deleted_at).not.toBeNull();

    h.sim.showTag(name!);
    h.sim.clock.advance(HOUR_MS);
    await h.cli(["tag-updater"], env);
    const restored = await readRow();
    expect(restored).toMatchObject({ misses: 0, deleted_at: null });
    expect(restored.view_count).toBe(h.sim.tag(name!)!.viewCount);
  });

  it("refuses an unknown tag name with a clear error and adds nothing", async () => {
    const result = await h.cli(["tags", "add", "no-such-tag-anywhere"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Fansly has no tag named 'no-such-tag-anywhere'",
    );
    const db = await h.openDb();
    try {
      expect(db.sqlite.prepare("select count(*) as n from tags").get()).toEqual(
        { n: 0 },
      );
    } finally {
      await db.close();
    }
  });
});
