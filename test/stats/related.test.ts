import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/open.js";
import {
  relatedTags,
  windowStartDay,
  type RelatedQuery,
} from "../../src/stats/related.js";
import { useTestDb } from "./trends-db.js";

const NOW = Date.UTC(2025, 0, 15, 12);

// A hand-made co-occurrence table: posts shared by two tags, per UTC day.
// Within 30 days the totals (deg) are cosplay 20, popular 1,000, anime 17,
// wig 5, rare 1, manga 5 and filler 986. The one old pair lies outside.
const PAIRS: [string, string, string, number][] = [
  ["cosplay", "popular", "2025-01-10", 6],
  ["cosplay", "popular", "2025-01-15", 4],
  ["cosplay", "anime", "2025-01-12", 6],
  ["cosplay", "wig", "2025-01-14", 3],
  ["cosplay", "rare", "2025-01-02", 1],
  ["popular", "filler", "2025-01-09", 986],
  ["anime", "popular", "2025-01-11", 4],
  ["anime", "wig", "2025-01-13", 2],
  ["anime", "manga", "2025-01-13", 5],
  ["cosplay", "manga", "2024-11-01", 50],
];

const VIEWS: Record<string, number> = {
  cosplay: 1_000_000,
  popular: 50_000_000,
  anime: 200_000,
  wig: 30_000,
  rare: 50,
  manga: 8_000,
  filler: 100_000,
};

const testDb = useTestDb("fw-related-");
let db: Db;

beforeEach(() => {
  db = testDb.current();
  const addTag = db.sqlite.prepare(
    "insert into tags (id, name, view_count, first_seen_at, source) values (?, ?, ?, 0, 'discovered')",
  );
  for (const [name, views] of Object.entries(VIEWS)) {
    addTag.run(`id-${name}`, name, views);
  }
  // Discovery records every pair in both directions; so does the fixture.
  const addPair = db.sqlite.prepare(
    "insert into tag_relations (tag_id, related_tag_id, day, post_count) values (?, ?, ?, ?)",
  );
  for (const [a, b, day, posts] of PAIRS) {
    addPair.run(`id-${a}`, `id-${b}`, day, posts);
    addPair.run(`id-${b}`, `id-${a}`, day, posts);
  }
});

function related(
  names: string[],
  options: Partial<Omit<RelatedQuery, "tagIds">> = {},
): [string, number][] {
  const rows = relatedTags(db, {
    tagIds: names.map((name) => `id-${name}`),
    nowMs: NOW,
    windowDays: 30,
    minViews: 0,
    limit: 10,
    ...options,
  });
  return rows.map((row) => [row.name, row.score]);
}

describe("relatedTags", () => {
  it("ranks one tag's company by co-occurrence over the square root of both totals, not by raw count", () => {
    // anime 6/√(20·17) = 0.325396, wig 3/√(20·5) = 0.3,
    // rare 1/√(20·1) = 0.223607, popular 10/√(20·1000) = 0.070711.
    const rows = related(["cosplay"]);

    expect(rows.map(([name]) => name)).toEqual([
      "anime",
      "wig",
      "rare",
      "popular",
    ]);
    const scores = rows.map(([, score]) => score);
    [0.325396, 0.3, 0.223607, 0.070711].forEach((expected, i) =>
      expect(scores[i]).toBeCloseTo(expected, 6),
    );
  });

  it("favours a candidate that goes with every input over a better match for one", () => {
    // wig (0.3 + 2/√85) × 2/2 = 0.516930; manga 5/√85 × 1/2 = 0.271163;
    // rare 0.223607 × 1/2 = 0.111803; popular (0.070711 + 4/√17000) = 0.101389.
    const rows = related(["cosplay", "anime"]);

    expect(rows.map(([name]) => name)).toEqual([
      "wig",
      "manga",
      "rare",
      "popular",
    ]);
    const scores = rows.map(([, score]) => score);
    [0.51693, 0.271163, 0.111803, 0.101389].forEach((expected, i) =>
      expect(scores[i]).toBeCloseTo(expected, 6),
    );
  });

  it("reports how many inputs each candidate matched and the posts shared", () => {
    const [wig] = relatedTags(db, {
      tagIds: ["id-cosplay", "id-anime"],
      nowMs: NOW,
      windowDays: 30,
      minViews: 0,
      limit: 1,
    });

    expect(wig).toMatchObject({ name: "wig", inputs_matched: 2, co_posts: 5 });
  });

  it("reads only the window's days", () => {
    // With 90 days the old pair counts: cosplay's total becomes 70 and
    // manga's 55, so manga leads with 50/√(70·55) = 0.806.
    expect(related(["cosplay"], { windowDays: 90 }).map(([n]) => n)).toEqual([
      "manga",
      "anime",
      "wig",
      "rare",
      "popular",
    ]);
    // One day (2025-01-15): only the 4 posts cosplay shared with popular.
    expect(related(["cosplay"], { windowDays: 1 }).map(([n]) => n)).toEqual([
      "popular",
    ]);
  });

  it("leaves out tags below --min-views, deleted tags and the inputs", () => {
    db.sqlite.exec("update tags set deleted_at = 1 where name = 'anime'");

    expect(
      related(["cosplay", "wig"], { minViews: 10_000 }).map(([n]) => n),
    ).toEqual(["popular"]);
  });

  it("returns nothing for a tag without co-occurrence, and honours the limit", () => {
    expect(related(["filler"], { windowDays: 1 })).toEqual([]);
    expect(related(["cosplay"], { limit: 2 }).map(([n]) => n)).toEqual([
      "anime",
      "wig",
    ]);
  });
});

describe("windowStartDay", () => {
  it("counts today as the first day of the window", () => {
    expect(windowStartDay(NOW, 1)).toBe("2025-01-15");
    expect(windowStartDay(NOW, 30)).toBe("2024-12-17");
  });

  it("rejects a window that is not a positive whole number of days", () => {
    expect(() => windowStartDay(NOW, 0)).toThrow(TypeError);
    expect(() => windowStartDay(NOW, 1.5)).toThrow(TypeError);
  });
});
