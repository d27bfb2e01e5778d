import type { Db } from "../../db/open.js";
import type { TrendLabel } from "../../db/schema.js";
import type { KindInfo } from "./kinds.js";

/** The orders `top --by` offers. */
export const TOP_ORDERS = ["rank", "heat", "growth-24h", "growth-7d"] as const;
export type TopOrder = (typeof TOP_ORDERS)[number];

/** One live entity as `top` lists it, raw numbers as stored. */
export interface TopRow {
  readonly id: string;
  readonly name: string;
  readonly rank: number | null;
  readonly previous_rank: number | null;
  /** Views (tags) or followers (creators). */
  readonly count: number | null;
  readonly change_24h: number | null;
  readonly change_24h_pct: number | null;
  readonly change_24h_per_hour: number | null;
  readonly change_7d: number | null;
  readonly change_7d_pct: number | null;
  readonly change_7d_per_hour: number | null;
  readonly heat: number | null;
  readonly trend: TrendLabel | null;
}

// Fixed SQL fragments chosen by a validated option, never text from input.
// Growth sorts by the per-hour rate because observations arrive at
// irregular times: a base 30 h old would otherwise look like a better day.
// Entities without the value ("not enough data") go last.
const ORDER_BY: Readonly<Record<TopOrder, string>> = {
  rank: "rank is null, rank",
  heat: "heat is null, heat desc, rank is null, rank",
  "growth-24h":
    "change_24h_per_hour is null, change_24h_per_hour desc, rank is null, rank",
  "growth-7d":
    "change_7d_per_hour is null, change_7d_per_hour desc, rank is null, rank",
};

/** The first `limit` live entities of a kind in the chosen order. */
export function readTop(
  db: Db,
  info: KindInfo,
  options: { readonly by: TopOrder; readonly limit: number },
): TopRow[] {
  const { table, nameColumn, countColumn } = info.entity;
  return db.sqlite
    .prepare(
      `select id, ${nameColumn} as name, rank, previous_rank,
         ${countColumn} as count, change_24h, change_24h_pct,
         change_24h_per_hour, change_7d, change_7d_pct, change_7d_per_hour,
         heat, trend
       from ${table}
       where deleted_at is null and ${countColumn} is not null
       order by ${ORDER_BY[options.by]}, ${nameColumn} collate nocase
       limit ?`,
    )
    .all(options.limit) as TopRow[];
}

/**
 * The last `count` observations of each entity, oldest first, in one
 * statement; entities without history get an empty list.
 */
export function readRecentCounts(
  db: Db,
  info: KindInfo,
  ids: readonly string[],
  count: number,
): Map<string, number[]> {
  const { historyTable, historyKey, countColumn } = info.entity;
  const rows = db.sqlite
    .prepare(
      `select entity_id, value from (
         select ${historyKey} as entity_id, ${countColumn} as value,
           observed_at,
           row_number() over (
             partition by ${historyKey} order by observed_at desc
           ) as age
         from ${historyTable}
         where ${historyKey} in (select value from json_each(?))
       )
       where age <= ?
       order by entity_id, observed_at`,
    )
    .all(JSON.stringify(ids), count) as { entity_id: string; value: number }[];
  const recent = new Map<string, number[]>(ids.map((id) => [id, []]));
  for (const row of rows) recent.get(row.entity_id)?.push(row.value);
  return recent;
}

/** Places moved up since the previous ranking (negative: down); null when new or unranked. */
export const rankChange = (row: {
  readonly rank: number | null;
  readonly previous_rank: number | null;
}): number | null =>
  row.rank === null || row.previous_rank === null
    ? null
    : row.previous_rank - row.rank;
