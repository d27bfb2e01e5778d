import { HOUR_MS } from "../clock.js";
import { immediate, type Db } from "../db/open.js";
import { CREATOR_ENTITY, TAG_ENTITY, type RankedEntity } from "./entities.js";
import { WINDOW_24H_MS, WINDOW_7D_MS } from "./growth.js";
import { registerStatsFunctions } from "./sql-functions.js";

export {
  computeGrowth,
  computeWindowChange,
  type Observation,
  type WindowChange,
} from "./growth.js";

/** What one trend pass over tags or creators found. */
export interface TrendSummary {
  /** Entities not deleted; each got its growth columns recomputed. */
  tracked: number;
  /** Tracked entities with a 24 h change; the others lack history. */
  with24h: number;
  /** Tracked entities with a 7 d change. */
  with7d: number;
  /** Tracked entities whose 24 h change is null ("not enough data"). */
  notEnoughData24h: number;
  /** Tracked entities whose 7 d change is null. */
  notEnoughData7d: number;
  /** Rows whose growth columns changed and were rewritten. */
  changed: number;
}

/**
 * Recomputes the 24 h and 7 d change, heat and trend of every tag from
 * `tag_history` as of `nowMs`, by the rule of `computeWindowChange`, in one
 * statement. Deleted tags get nulls throughout.
 */
export function updateTagTrends(db: Db, nowMs: number): TrendSummary {
  return updateTrends(db, TAG_ENTITY, nowMs);
}

/** As `updateTagTrends`, for followers from `creator_history`. */
export function updateCreatorTrends(db: Db, nowMs: number): TrendSummary {
  return updateTrends(db, CREATOR_ENTITY, nowMs);
}

const GROWTH_COLUMNS = [
  "change_24h",
  "change_24h_pct",
  "change_24h_per_hour",
  "change_7d",
  "change_7d_pct",
  "change_7d_per_hour",
  "heat",
  "trend",
] as const;

function updateTrends(
  db: Db,
  entity: RankedEntity,
  nowMs: number,
): TrendSummary {
  registerStatsFunctions(db);
  return immediate(db, () => {
    const { changes } = db.sqlite.prepare(trendsSql(entity)).run({
      now_ms: nowMs,
      day_ms: WINDOW_24H_MS,
      week_ms: WINDOW_7D_MS,
      hour_ms: HOUR_MS,
    });
    return { ...countTrends(db, entity), changed: changes };
  });
}

// Each boundary is one seek on the (entity, observed_at) primary key of the
// history table. The CTEs are materialised so that SQLite does not inline a
// correlated subquery into every place its result is used and run it again.
function boundsSql({ table, historyTable, historyKey }: RankedEntity): string {
  const lastAt = (id: string, limit: string): string =>
    `(select max(observed_at) from ${historyTable}
      where ${historyKey} = ${id} and observed_at <= ${limit})`;
  return `latest as materialized (
      select id, case when deleted_at is null
        then ${lastAt("e.id", "@now_ms")} end as latest_at
      from ${table} as e
    ), bounds as materialized (
      select id, latest_at,
        ${lastAt("l.id", "l.latest_at - @day_ms")} as day_at,
        ${lastAt("l.id", "l.latest_at - @week_ms")} as week_at
      from latest as l
    )`;
}

// The arithmetic mirrors computeWindowChange operation for operation, so the
// pure function reproduces these values exactly.
function changesSql(entity: RankedEntity): string {
  const { historyTable, historyKey, countColumn } = entity;
  const countAt = (alias: string, at: string): string =>
    `left join ${historyTable} as ${alias}
       on ${alias}.${historyKey} = b.id and ${alias}.observed_at = b.${at}`;
  const window = (base: string, at: string, suffix: string): string =>
    `latest - ${base} as change_${suffix},
     (latest - ${base}) * 100.0 / nullif(${base}, 0) as change_${suffix}_pct,
     (latest - ${base}) * cast(@hour_ms as real) / (latest_at - ${at})
       as change_${suffix}_per_hour`;
  return `counts as (
      select b.id, b.latest_at, b.day_at, b.week_at, n.${countColumn} as latest,
        d.${countColumn} as day_base, w.${countColumn} as week_base
      from bounds as b
        ${countAt("n", "latest_at")} ${countAt("d", "day_at")} ${countAt("w", "week_at")}
    ), changes as (
      select id, day_base, ${window("day_base", "day_at", "24h")},
        ${window("week_base", "week_at", "7d")}
      from counts
    )`;
}

// Heat and trend go through the registered TypeScript functions rather than
// SQLite's log10, so the stored values are bit-identical to computeHeat's;
// on 100k tags that cost about 10 % of the statement.
function trendsSql(entity: RankedEntity): string {
  const { table } = entity;
  const set = GROWTH_COLUMNS.map((c) => `${c} = g.${c}`).join(", ");
  const differs = GROWTH_COLUMNS.map((c) => `${table}.${c} is not g.${c}`);
  return `with ${boundsSql(entity)}, ${changesSql(entity)}
    update ${table} set ${set}
    from (
      select *,
        fw_heat(change_24h_per_hour, change_7d_per_hour, day_base) as heat,
        fw_trend(change_24h_per_hour, day_base) as trend
      from changes
    ) as g
    where ${table}.id = g.id and (${differs.join(" or ")})`;
}

function countTrends(
  db: Db,
  { table }: RankedEntity,
): Omit<TrendSummary, "changed"> {
  const row = db.sqlite
    .prepare(
      `select
         count(*) filter (where deleted_at is null) as tracked,
         count(*) filter (where deleted_at is null and change_24h is not null) as with24h,
         count(*) filter (where deleted_at is null and change_7d is not null) as with7d
       from ${table}`,
    )
    .get() as { tracked: number; with24h: number; with7d: number };
  return {
    ...row,
    notEnoughData24h: row.tracked - row.with24h,
    notEnoughData7d: row.tracked - row.with7d,
  };
}
