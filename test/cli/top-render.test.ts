import { describe, expect, it } from "vitest";
import { KINDS } from "../../src/cli/reports/kinds.js";
import type { TopRow } from "../../src/cli/reports/top-query.js";
import {
  formatRankChange,
  renderTopTable,
} from "../../src/cli/reports/top-render.js";

const row = (overrides: Partial<TopRow>): TopRow => ({
  id: "1",
  name: "cosplay",
  rank: 3,
  previous_rank: 3,
  count: 1_234_567,
  change_24h: 12_345,
  change_24h_pct: 1.01,
  change_24h_per_hour: 514.4,
  change_7d: null,
  change_7d_pct: null,
  change_7d_per_hour: null,
  heat: 2.345,
  trend: "up",
  ...overrides,
});

describe("formatRankChange", () => {
  it("shows places gained with ▲, lost with ▼, = when unchanged and new for a first ranking", () => {
    expect(formatRankChange(row({ rank: 3, previous_rank: 7 }))).toBe("▲4");
    expect(formatRankChange(row({ rank: 9, previous_rank: 7 }))).toBe("▼2");
    expect(formatRankChange(row({}))).toBe("=");
    expect(formatRankChange(row({ previous_rank: null }))).toBe("new");
    expect(formatRankChange(row({ rank: null }))).toBe("");
  });
});

describe("renderTopTable", () => {
  it("formats every column for people and draws the recent history", () => {
    const table = renderTopTable(
      [row({ previous_rank: 5 })],
      KINDS.tag,
      new Map([["1", [1, 2, 3, 4]]]),
    );
    const line = table.split("\n").find((l) => l.includes("cosplay")) ?? "";
    const cells = line
      .split("│")
      .map((c) => c.trim())
      .filter((c) => c !== "");

    expect(cells).toEqual([
      "3",
      "▲2",
      "cosplay",
      "1,234,567",
      "+12.3K (+1.0%)",
      "-",
      "2.35",
      "up",
      "▁▃▆█",
    ]);
    expect(table).toContain("views");
  });
});
