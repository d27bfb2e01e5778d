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

const iso = (ms: unknown): string | null =>
  typeof ms === "number" ? new Date(ms).toISOString() : null;

describe("related", () => {
  it("prints what relatedTags finds over the window, without the inputs", async () => {
    const [first, second] = r.db.sqlite
      .prepare(
        "select t.name, t.id from tags t join tag_relations r on r.tag_id = t.id group by t.id order by sum(r.post_count) desc limit 2",
      )
      .all() as { name: string; id: string }[];

    const result = await r.cli([
      "related",
      first!.name,
      second!.name,
      "--window",
      "7",
      "--limit",
      "10",
      "--min-views",
      "1000",
      "--json",
    ]);

    expect(result.code, result.stderr).toBe(0);
    const listed = json<Row[]>(result.stdout);
    const expected = relatedTags(r.db, {
      tagIds: [first!.id, second!.id],
      nowMs: r.app.sim.clock.now(),
      windowDays: 7,
      minViews: 1_000,
      limit: 10,
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(listed).toEqual(expected);
    expect(listed.map((row) => row.name)).not.toContain(first!.name);
  });

  it("exits 1 naming every unknown tag", async () => {
    const result = await r.cli(["related", "nope", "r&b", "nada"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("No tag named 'nope', 'nada'");
  });
});

describe("deleted", () => {
  it("lists the tag Fansly stopped showing with its last counts, misses and the totals", async () => {
    const result = await r.cli(["deleted", "tags", "--json"]);

    expect(result.code, result.stderr).toBe(0);
    const report = json<{ total: Row; items: Row[] }>(result.stdout);
    const hidden = r.db.sqlite
      .prepare("select * from tags where name = ?")
      .get(r.hiddenTag) as Row;
    expect(report.items).toContainEqual({
      id: hidden.id,
      name: r.hiddenTag,
      deleted_at: iso(hidden.deleted_at),
      last_checked_at: iso(hidden.last_checked_at),
      misses: hidden.misses,
      views: hidden.view_count,
      posts: hidden.post_count,
    });
    expect(Number(hidden.misses)).toBeGreaterThanOrEqual(2);
    const sum = (key: string) =>
      report.items.reduce((total, item) => total + Number(item[key] ?? 0), 0);
    expect(report.total).toEqual({
      tags: report.items.length,
      views: sum("views"),
      posts: sum("posts"),
    });
  });

  it("prints a table with a totals line", async () => {
    const result = await r.cli(["deleted", "tags"]);

    expect(result.stdout).toContain(r.hiddenTag);
    expect(result.stdout).toMatch(
      /\d+ deleted tags?, [\d,]+ views and [\d,]+ posts at last count\n$/,
    );
  });
});
