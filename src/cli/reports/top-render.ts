import Table from "cli-table3";
import { formatChange, formatCount, formatScore, truncate } from "../format.js";
import type { KindInfo } from "./kinds.js";
import { sparkline } from "./sparkline.js";
import { rankChange, type TopRow } from "./top-query.js";

/** Observations the sparkline column shows. */
export const SPARKLINE_POINTS = 24;

/** ▲3 (up three places), ▼1, = (unchanged), "new" (first ranking), "" (unranked). */
export function formatRankChange(
  row: Pick<TopRow, "rank" | "previous_rank">,
): string {
  if (row.rank === null) return "";
  const delta = rankChange(row);
  if (delta === null) return "new";
  if (delta === 0) return "=";
  return delta > 0 ? `▲${delta}` : `▼${-delta}`;
}

/** The `top` table: one line per entity, numbers formatted for people. */
export function renderTopTable(
  rows: readonly TopRow[],
  info: KindInfo,
  recent: ReadonlyMap<string, readonly number[]> = new Map(),
): string {
  const table = new Table({
    head: [
      "#",
      "±",
      info.kind,
      info.countLabel,
      "24 h",
      "7 d",
      "heat",
      "trend",
      "recent",
    ],
    style: { head: [], border: [], compact: true },
    colAligns: [
      "right",
      "left",
      "left",
      "right",
      "right",
      "right",
      "right",
      "left",
      "left",
    ],
  });
  for (const row of rows) {
    table.push([
      row.rank === null ? "-" : String(row.rank),
      formatRankChange(row),
      truncate(row.name, 32),
      formatCount(row.count),
      formatChange(row.change_24h, row.change_24h_pct),
      formatChange(row.change_7d, row.change_7d_pct),
      formatScore(row.heat),
      row.trend ?? "-",
      sparkline(recent.get(row.id) ?? []),
    ]);
  }
  return table.toString();
}
