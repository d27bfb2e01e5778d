import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { relatedTags } from "../../src/stats/related.js";
import { buildReportsDb, type ReportsDb } from "../helpers/reports-db.js";

type Row = Record<string, unknown>;

let r: ReportsDb;

beforeAll(async () => {
  r = await buildReportsDb();
}, 120_000);

afterAll(async () => {
  await r.close();
});

const json = <T>(stdout: string): T => JSON.parse(stdout) as T;

/** The best-ranked live tag: it has history, relations and growth. */
const topTag = (): Row =>
  r.db.sqlite
    .prepare("select * from tags where rank = 1 order by name limit 1")
    .get() as Row;

const iso = (ms: unknown): string | null =>
  typeof ms === "number" ? new Date(ms).toISOString() : null;

describe("show tag", () => {
  it("prints the stored row and the newest observations first", async () => {
    const tag = topTag();

    const result = await r.cli([
      "show",
      "tag",
      `#${String(tag.name).toUpperCase()}`,
      "--json",
      "--limit",
      "3",
    ]);

    expect(result.code, result.stderr).toBe(0);
    const shown = json<{ entity: Row; history: Row[] }>(result.stdout);
    expect(shown.entity).toMatchObject({
      id: tag.id,
      name: tag.name,
      view_count: tag.view_count,
      rank: 1,
      heat: tag.heat,
      change_24h: tag.change_24h,
      first_seen_at: iso(tag.first_seen_at),
      last_checked_at: iso(tag.last_checked_at),
      deleted_at: null,
    });
    const newest = r.db.sqlite
      .prepare(
        "select observed_at, view_count as count from tag_history where tag_id = ? order by observed_at desc limit 3",
      )
      .all(tag.id) as { observed_at: number; count: number }[];
    expect(shown.history.map((h) => [h.observed_at, h.count])).toEqual(
      newest.map((h) => [iso(h.observed_at), h.count]),
    );
  });

  it("lists a tag's five best related tags over 30 days", async () => {
    const tag = topTag();

    const result = await r.cli(["show", "tag", String(tag.name), "--json"]);

    const shown = json<{ related: Row[] }>(result.stdout);
    const expected = relatedTags(r.db, {
      tagIds: [String(tag.id)],
      nowMs: r.app.sim.clock.now(),
      windowDays: 30,
      minViews: 0,
      limit: 5,
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(shown.related).toEqual(expected);
  });

  it("draws the details, a chart of the history and the observations table", async () => {
    const result = await r.cli(["show", "tag", String(topTag().name)]);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/│ rank +│ 1 /);
    expect(result.stdout).toMatch(/│ heat +│ \d+\.\d\d/);
    expect(result.stdout).toContain("views over time");
    expect(result.stdout).toMatch(/┤[ ▁▂▃▄▅▆▇█]+\n/);
    expect(result.stdout).toMatch(/latest \d+ observations\n┌/);
  });

  it("shows a creator with followers and likes", async () => {
    const creator = r.db.sqlite
      .prepare("select * from creators where rank is not null limit 1")
      .get() as Row;

    const result = await r.cli([
      "show",
      "creator",
      `@${String(creator.username)}`,
      "--json",
    ]);

    expect(result.code, result.stderr).toBe(0);
    const shown = json<{ kind: string; entity: Row; related?: unknown }>(
      result.stdout,
    );
    expect(shown.kind).toBe("creator");
    expect(shown.entity).toMatchObject({
      id: creator.id,
      followers: creator.followers,
      media_likes: creator.media_likes,
    });
    expect(shown.related).toBeUndefined();
  });

  it("exits 1 with a clear message for an unknown name", async () => {
    const result = await r.cli(["show", "tag", "no-such-tag"]);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      "No tag named 'no-such-tag' is in the database",
    );
  });
});
