import type { Db } from "../../db/open.js";
import type { CreatorRow, TagRow } from "../../db/schema.js";
import { WorkerError } from "../../errors.js";
import type { ChartPoint } from "./chart.js";
import { cleanName, type KindInfo } from "./kinds.js";

/** A stored tag or creator row, as `show` reads it. */
export type EntityRow = TagRow | CreatorRow;

/** One observation as `show` lists it. */
export interface HistoryEntry {
  /** Unix ms. */
  readonly observed_at: number;
  /** Views (tags) or followers (creators). */
  readonly count: number;
  /** Posts (tags) or media plus post likes (creators); null when unknown. */
  readonly secondary: number | null;
}

/** Finds one entity by name, ignoring case; an unknown name is E_NOT_FOUND (exit 1). */
export function findEntity(db: Db, info: KindInfo, raw: string): EntityRow {
  const { table, nameColumn } = info.entity;
  const name = cleanName(raw);
  const row = db.sqlite
    .prepare(`select * from ${table} where ${nameColumn} = ? collate nocase`)
    .get(name) as EntityRow | undefined;
  if (row === undefined) {
    throw new WorkerError(
      "E_NOT_FOUND",
      `No ${info.kind} named '${name}' is in the database; add it with 'fansly-workers ${info.kind}s add ${name}' or check the spelling`,
    );
  }
  return row;
}

const SECONDARY = {
  tag_history: "post_count",
  creator_history:
    "case when media_likes is null and post_likes is null then null else coalesce(media_likes, 0) + coalesce(post_likes, 0) end",
} as const;

/** The latest `limit` observations, newest first. */
export function readHistory(
  db: Db,
  info: KindInfo,
  id: string,
  limit: number,
): HistoryEntry[] {
  const { historyTable, historyKey, countColumn } = info.entity;
  return db.sqlite
    .prepare(
      `select observed_at, ${countColumn} as count,
         ${SECONDARY[historyTable]} as secondary
       from ${historyTable} where ${historyKey} = ?
       order by observed_at desc limit ?`,
    )
    .all(id, limit) as HistoryEntry[];
}

/** Every observation since `sinceMs`, oldest first, for the chart. */
export function readChartPoints(
  db: Db,
  info: KindInfo,
  id: string,
  sinceMs: number,
): ChartPoint[] {
  const { historyTable, historyKey, countColumn } = info.entity;
  return db.sqlite
    .prepare(
      `select observed_at as at, ${countColumn} as value
       from ${historyTable} where ${historyKey} = ? and observed_at >= ?
       order by observed_at`,
    )
    .all(id, sinceMs) as ChartPoint[];
}
