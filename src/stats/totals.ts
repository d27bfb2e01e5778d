import { DAY_MS } from "../clock.js";
import { immediate, type Db } from "../db/open.js";
import type { StatisticsRow } from "../db/schema.js";

// Each metric's total column and the prefix of its change columns.
const METRICS = [
  ["total_views", "views"],
  ["total_posts", "posts"],
  ["total_followers", "followers"],
  ["total_likes", "likes"],
] as const;

/**
 * Inserts one `statistics` row of totals as of `nowMs` and returns it. Counts
 * and sums cover entities that are not deleted (deleted ones are counted
 * apart); likes are media likes plus post likes. Each total's 24 h change
 * compares with the latest row computed at or before `nowMs - 24 h`, and is
 * null when there is none; the percent is also null when that total was 0.
 */
export function recordTotals(db: Db, nowMs: number): StatisticsRow {
  return immediate(db, () => {
    const { lastInsertRowid } = db.sqlite
      .prepare(INSERT_TOTALS_SQL)
      .run({ now_ms: nowMs, since_ms: nowMs - DAY_MS });
    return db.sqlite
      .prepare("select * from statistics where id = ?")
      .get(lastInsertRowid) as StatisticsRow;
  });
}

const changeColumns = METRICS.flatMap(([, metric]) => [
  `${metric}_change_24h`,
  `${metric}_change_24h_pct`,
]);

const changeValues = METRICS.flatMap(([total]) => [
  `c.${total} - p.${total}`,
  `(c.${total} - p.${total}) * 100.0 / nullif(p.${total}, 0)`,
]);

const INSERT_TOTALS_SQL = `
  insert into statistics (
    computed_at, tag_count, deleted_tag_count, creator_count,
    deleted_creator_count, ${METRICS.map(([total]) => total).join(", ")},
    ${changeColumns.join(", ")}
  )
  select @now_ms, c.tag_count, c.deleted_tag_count, c.creator_count,
    c.deleted_creator_count, ${METRICS.map(([total]) => `c.${total}`).join(", ")},
    ${changeValues.join(", ")}
  from (
    select * from (
      select
        count(*) filter (where deleted_at is null) as tag_count,
        count(*) filter (where deleted_at is not null) as deleted_tag_count,
        coalesce(sum(view_count) filter (where deleted_at is null), 0) as total_views,
        coalesce(sum(post_count) filter (where deleted_at is null), 0) as total_posts
      from tags
    ) cross join (
      select
        count(*) filter (where deleted_at is null) as creator_count,
        count(*) filter (where deleted_at is not null) as deleted_creator_count,
        coalesce(sum(followers) filter (where deleted_at is null), 0) as total_followers,
        coalesce(sum(coalesce(media_likes, 0) + coalesce(post_likes, 0))
          filter (where deleted_at is null), 0) as total_likes
      from creators
    )
  ) as c
  left join (
    select * from statistics where computed_at <= @since_ms
    order by computed_at desc, id desc limit 1
  ) as p on true`;
