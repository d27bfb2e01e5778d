import { DAY_MS } from "../clock.js";
import { immediate, type Db } from "../db/open.js";
import { CREATOR_ENTITY, TAG_ENTITY, type RankedEntity } from "./entities.js";
import { FULL_RESOLUTION_MS } from "./growth.js";

export { FULL_RESOLUTION_MS };

/** Rows removed by one thinning pass. */
export interface ThinSummary {
  readonly tagRows: number;
  readonly creatorRows: number;
}

/**
 * Thins `tag_history` and `creator_history` to the last observation of each
 * UTC day for rows older than `retentionMs` before `nowMs`, in one statement
 * per table. Rows within `FULL_RESOLUTION_MS` of now, or of the entity's
 * latest observation at or before now, stay as they are.
 *
 * Why this never moves a 24 h or 7 d value: a thinned row r has a later
 * kept row s on the same UTC day. Had r been the base observation for a
 * boundary B (the last row at or before B), s would lie after B yet on r's
 * day, so B would fall on r's day too; but r is older than `latest - 8 d`,
 * a whole day before the earliest boundary `latest - 7 d`.
 */
export function thinHistory(
  db: Db,
  nowMs: number,
  retentionMs: number,
): ThinSummary {
  if (!(retentionMs >= FULL_RESOLUTION_MS)) {
    throw new TypeError(
      `retentionMs must be at least ${FULL_RESOLUTION_MS} (8 days; got ${retentionMs})`,
    );
  }
  const params = {
    now_ms: nowMs,
    thin_before_ms: nowMs - retentionMs,
    keep_ms: FULL_RESOLUTION_MS,
    day_ms: DAY_MS,
  };
  return immediate(db, () => ({
    tagRows: db.sqlite.prepare(thinSql(TAG_ENTITY)).run(params).changes,
    creatorRows: db.sqlite.prepare(thinSql(CREATOR_ENTITY)).run(params).changes,
  }));
}

// Both windows follow the primary key's (entity, observed_at) order, so
// SQLite computes them in one ordered pass without sorting. The day number
// needs integer division; bound numbers arrive as REAL, hence the casts.
const thinSql = ({ historyTable, historyKey }: RankedEntity): string => `
  with days as (
    select ${historyKey} as entity_id, observed_at,
      max(observed_at) over (
        partition by ${historyKey}, observed_at / cast(@day_ms as integer)
      ) as day_last,
      max(case when observed_at <= @now_ms then observed_at end)
        over (partition by ${historyKey}) as latest_at
    from ${historyTable}
  )
  delete from ${historyTable}
  where (${historyKey}, observed_at) in (
    select entity_id, observed_at from days
    where observed_at < day_last
      and observed_at < min(@thin_before_ms, latest_at - @keep_ms)
  )`;
