import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TOP_COLUMNS } from "../../src/cli/reports/top-command.js";
import { parseCsv } from "../helpers/csv.js";
import {
  AWKWARD_NAME,
  buildReportsDb,
  type ReportsDb,
} from "../helpers/reports-db.js";

type Row = Record<string, string | number | null>;

let r: ReportsDb;

beforeAll(async () => {
  r = await buildReportsDb();
}, 120_000);

afterAll(async () => {
  await r.close();
});

const GROWTH = `change_24h, change_24h_pct, change_24h_per_hour, change_7d,
  change_7d_pct, change_7d_per_hour, heat, trend`;

/** The database's live tags, best-ranked first, as `top` should list them. */
const liveTags = (): Row[] =>
  r.db.sqlite
    .prepare(
      `select rank, previous_rank, previous_rank - rank as rank_change, id,
         name, view_count as count, ${GROWTH}
       from tags where deleted_at is null and view_count is not null
       order by rank, name collate nocase`,
    )
    .all() as Row[];

const lastCounts = (id: string): number[] =>
  (
    r.db.sqlite
      .prepare(
        "select view_count from tag_history where tag_id = ? order by observed_at desc limit 24",
      )
      .pluck()
      .all(id) as number[]
  ).reverse();

describe("top tags --json", () => {
  it("lists every live tag with the database's raw numbers and its last 24 counts", async () => {
    const result = await r.cli(["top", "tags", "--json", "--limit", "1000"]);

    expect(result.code, result.stderr).toBe(0);
    const listed = JSON.parse(result.stdout) as (Row & {
      recent_counts: number[];
    })[];
    const expected = liveTags();
    expect(expected.length).toBeGreaterThan(50);
    expect(listed.map(({ recent_counts, ...row }) => row)).toEqual(expected);
    for (const row of listed) {
      expect(row.recent_counts, row.name as string).toEqual(
        lastCounts(row.id as string),
      );
    }
    expect(listed.map((row) => row.name)).not.toContain(r.hiddenTag);
  });

  it("sorts by heat, then by 24 h growth per hour, leaving tags without data last", async () => {
    const byHeat = JSON.parse(
      (
        await r.cli([
          "top",
          "tags",
          "--by",
          "heat",
          "--json",
          "--limit",
          "1000",
        ])
      ).stdout,
    ) as Row[];
    const heats = byHeat.map((row) => row.heat as number | null);
    const known = heats.filter((h): h is number => h !== null);
    expect(heats).toEqual([
      ...known.sort((a, b) => b - a),
      ...heats.filter((h) => h === null),
    ]);

    const byGrowth = JSON.parse(
      (
        await r.cli([
          "top",
          "tags",
          "--by",
          "growth-24h",
          "--json",
          "--limit",
          "5",
        ])
      ).stdout,
    ) as Row[];
    const best = liveTags()
      .map((row) => row.change_24h_per_hour as number | null)
      .filter((v): v is number => v !== null)
      .sort((a, b) => b - a)
      .slice(0, 5);
    expect(byGrowth.map((row) => row.change_24h_per_hour)).toEqual(best);
  });
});

describe("top --csv", () => {
  it("writes RFC 4180 records that read back to the database's values", async () => {
    const result = await r.cli(["top", "tags", "--csv", "--limit", "1000"]);

    expect(result.code, result.stderr).toBe(0);
    const [header, ...records] = parseCsv(result.stdout);
    expect(header).toEqual([...TOP_COLUMNS]);
    const asText = (v: string | number | null): string =>
      v === null ? "" : String(v);
    expect(records).toEqual(
      liveTags().map((row) => TOP_COLUMNS.map((c) => asText(row[c] ?? null))),
    );
    expect(records.map((rec) => rec[4])).toContain(AWKWARD_NAME);
    // Numbers parse back to the very same doubles.
    const heats = records.map((rec) =>
      rec[12] === "" ? null : Number(rec[12]),
    );
    expect(heats).toEqual(liveTags().map((row) => row.heat));
  });

  it("lists creators by followers", async () => {
    const result = await r.cli(["top", "creators", "--csv"]);

    const [header, ...records] = parseCsv(result.stdout);
    const followers = r.db.sqlite
      .prepare(
        "select followers from creators where deleted_at is null and followers is not null order by rank, username collate nocase limit 20",
      )
      .pluck()
      .all();
    expect(header?.[5]).toBe("count");
    expect(records.map((rec) => Number(rec[5]))).toEqual(followers);
  });
});

describe("top usage errors", () => {
  it("exits 2 for --json with --csv, an unknown kind or an unknown order", async () => {
    for (const args of [
      ["top", "tags", "--json", "--csv"],
      ["top", "planets"],
      ["top", "tags", "--by", "size"],
    ]) {
      const result = await r.cli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
    }
  });
});

describe("top table", () => {
  it("shows arrows or new, grouped counts, signed changes, heat and a sparkline", async () => {
    const result = await r.cli(["top", "tags", "--limit", "5"]);

    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split("\n").filter((l) => l.startsWith("│"));
    expect(lines[0]).toMatch(
      /#.*±.*tag.*views.*24 h.*7 d.*heat.*trend.*recent/,
    );
    expect(lines).toHaveLength(6);
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/│ +\d+ │ (=|new|▲\d+|▼\d+) +│/);
      expect(line).toMatch(/\d{1,3}(,\d{3})+ │/);
      expect(line).toMatch(/[+-][\d.]+[KMB]? \([+-]\d+\.\d%\)/);
      expect(line).toMatch(/[▁▂▃▄▅▆▇█]+ +│$/);
    }
  });
});
