import { HOUR_MS } from "../clock.js";
import { immediate, type Db } from "../db/open.js";
import { CREATOR_ENTITY, TAG_ENTITY, type RankedEntity } from "./entities.js";
import { WINDOW_24H_MS, WINDOW_7D_MS } from "./growth.js";
import { registerStatsFunctions } from "./sql-functions.js";
import { knownLatestSql, lookedUpLatestSql } from "./trends-sql.js";

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
  /**
   * Rows rewritten: those with an observation since their growth was last
   * computed, and looked-up ones whose growth columns changed.
   */
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

function updateTrends(
  db: Db,
  entity: RankedEntity,
  nowMs: number,
): TrendSummary {
  registerStatsFunctions(db);
  const params = {
    now_ms: nowMs,
    day_ms: WINDOW_24H_MS,
    week_ms: WINDOW_7D_MS,
    hour_ms: HOUR_MS,
  };
  return immediate(db, () => {
    const run = (sql: string): number =>
      db.sqlite.prepare(sql).run(params).changes;
    const changed =
      run(knownLatestSql(entity)) + run(lookedUpLatestSql(entity));
    return { ...countTrends(db, entity), changed };
  });
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
