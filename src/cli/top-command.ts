import Table from "cli-table3";
import { WorkerError } from "../errors.js";
import type { Db } from "../db/open.js";
import type { CommandContext } from "./context.js";
import { formatCompact, formatPercent, truncate } from "./format.js";

export interface TopRow {
  rank: number | null;
  previous_rank: number | null;
  name: string;
  count: number | null;
  change_24h: number | null;
  change_24h_pct: number | null;
  change_7d: number | null;
  change_7d_pct: number | null;
  heat: number | null;
  trend: string | null;
}

/** The best-ranked live tags or creators, best first. */
export function readTop(
  db: Db,
  what: "tags" | "creators",
  limit: number,
): TopRow[] {
  const [table, name, count] =
    what === "tags"
      ? ["tags", "name", "view_count"]
      : ["creators", "username", "followers"];
  return db.sqlite
    .prepare(
      `select rank, previous_rank, ${name} as name, ${count} as count,
         change_24h, change_24h_pct, change_7d, change_7d_pct, heat, trend
       from ${table} where deleted_at is null and rank is not null
       order by rank, ${name} limit ?`,
    )
    .all(limit) as TopRow[];
}

/** ▲3, ▼1, = or "new" */
export function formatRankChange(row: TopRow): string {
  if (row.rank === null) return "";
  if (row.previous_rank === null) return "new";
  const delta = row.previous_rank - row.rank;
  if (delta === 0) return "=";
  return delta > 0 ? `▲${delta}` : `▼${-delta}`;
}

const signed = (n: number | null): string =>
  n === null ? "-" : `${n >= 0 ? "+" : ""}${formatCompact(n)}`;

export function renderTopTable(
  rows: readonly TopRow[],
  what: "tags" | "creators",
): string {
  const table = new Table({
    head: [
      "#",
      "±",
      what === "tags" ? "tag" : "creator",
      what === "tags" ? "views" : "followers",
      "24 h",
      "7 d",
      "heat",
      "trend",
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
    ],
  });
  for (const row of rows) {
    table.push([
      String(row.rank),
      formatRankChange(row),
      truncate(row.name, 32),
      formatCompact(row.count),
      `${signed(row.change_24h)} ${formatPercent(row.change_24h_pct)}`,
      `${signed(row.change_7d)} ${formatPercent(row.change_7d_pct)}`,
      row.heat === null ? "-" : row.heat.toFixed(2),
      row.trend ?? "-",
    ]);
  }
  return table.toString();
}

export async function topCommand(
  ctx: CommandContext,
  what: string,
  options: { limit: number; json?: boolean },
): Promise<number> {
  if (what !== "tags" && what !== "creators") {
    throw new WorkerError(
      "E_USAGE",
      `top takes 'tags' or 'creators' (got '${what}')`,
    );
  }
  const rows = readTop(await ctx.db(), what, options.limit);
  process.stdout.write(
    options.json
      ? `${JSON.stringify(rows, null, 2)}\n`
      : `${renderTopTable(rows, what)}\n`,
  );
  return 0;
}
