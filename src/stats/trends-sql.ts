import { GROWTH_COLUMNS } from "../db/schema.js";
import type { RankedEntity } from "./entities.js";
import { TREND_THRESHOLD_PCT_PER_DAY } from "./heat.js";

// Rows that know their latest observation: `last_observed_at` at or before
// now, and not deleted. Every other row takes the general statement; the
// null test keeps the negation of this condition from ever being null.
const KNOWN_LATEST = `deleted_at is null and last_observed_at is not null
  and last_observed_at <= @now_ms`;

// The arithmetic mirrors computeWindowChange operation for operation, so the
// pure function reproduces these values exactly. `latest`, `latest_at` and
// the base's count and time are columns of the surrounding query.
const windowSql = (base: string, at: string, suffix: string): string =>
  `latest - ${base} as change_${suffix},
   (latest - ${base}) * 100.0 / nullif(${base}, 0) as change_${suffix}_pct,
   (latest - ${base}) * cast(@hour_ms as real) / (latest_at - ${at})
     as change_${suffix}_per_hour`;

// percentPerDay in the same operation order: a real rate times two integers,
// then divided by an integer, each step a double operation as in JavaScript.
const PCT_PER_DAY = `change_24h_per_hour * 24 * 100 / max(day_base, 1)`;

// Heat goes through the registered TypeScript function: SQLite's log10 (the C
// library's) differs from Math.log10 in the last bit for about 1 input in 200
// and was no faster here. The function is called only when the 24 h rate is
// positive; otherwise heat is null (no rate) or 0 (no growth) by definition.
// The trend is plain arithmetic, so SQL reproduces trendLabel exactly.
const HEAT_AND_TREND = `
  case when change_24h_per_hour > 0
    then fw_heat(change_24h_per_hour, change_7d_per_hour, day_base)
    when change_24h_per_hour is not null then 0 end as heat,
  case when ${PCT_PER_DAY} >= ${TREND_THRESHOLD_PCT_PER_DAY} then 'up'
    when ${PCT_PER_DAY} <= -${TREND_THRESHOLD_PCT_PER_DAY} then 'down'
    when ${PCT_PER_DAY} is not null then 'flat' end as trend`;

/**
 * Growth of the rows that know their latest observation and whose growth
 * was not yet computed from it. The latest count is the row's own, and each
 * base is one seek on the history's primary key that yields its time and
 * count together: with max(), SQLite takes a bare column from the max row.
 * The row-value SET evaluates the subquery once per row. The 24 h base comes
 * first and carries the row's latest count and time, so that SQLite streams
 * it as a co-routine; only the 7 d base is materialised (a table per row).
 * Both aggregates give one row, with nulls when there is no such base.
 */
export function knownLatestSql(entity: RankedEntity): string {
  const { table, historyTable, historyKey, countColumn } = entity;
  const base = (alias: string, windowParam: string, carry = ""): string =>
    `(select max(observed_at) as at, ${countColumn} as count${carry}
      from ${historyTable}
      where ${historyKey} = e.id
        and observed_at <= e.last_observed_at - @${windowParam}) as ${alias}`;
  const latest = `, e.${countColumn} as latest, e.last_observed_at as latest_at`;
  return `update ${table} as e
    set (${GROWTH_COLUMNS.join(", ")}, growth_observed_at) = (
      select ${GROWTH_COLUMNS.join(", ")}, e.last_observed_at
      from (
        select *, ${HEAT_AND_TREND}
        from (
          select d.count as day_base, ${windowSql("d.count", "d.at", "24h")},
            ${windowSql("w.count", "w.at", "7d")}
          from ${base("d", "day_ms", latest)}, ${base("w", "week_ms")}
        )
      )
    )
    where ${KNOWN_LATEST} and growth_observed_at is not last_observed_at`;
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
      where not (${KNOWN_LATEST})
    ), bounds as materialized (
      select id, latest_at,
        ${lastAt("l.id", "l.latest_at - @day_ms")} as day_at,
        ${lastAt("l.id", "l.latest_at - @week_ms")} as week_at
      from latest as l
    )`;
}

function changesSql(entity: RankedEntity): string {
  const { historyTable, historyKey, countColumn } = entity;
  const countAt = (alias: string, at: string): string =>
    `left join ${historyTable} as ${alias}
       on ${alias}.${historyKey} = b.id and ${alias}.observed_at = b.${at}`;
  return `counts as (
      select b.id, b.latest_at, b.day_at, b.week_at, n.${countColumn} as latest,
        d.${countColumn} as day_base, w.${countColumn} as week_base
      from bounds as b
        ${countAt("n", "latest_at")} ${countAt("d", "day_at")} ${countAt("w", "week_at")}
    ), changes as (
      select id, day_base, ${windowSql("day_base", "day_at", "24h")},
        ${windowSql("week_base", "week_at", "7d")}
      from counts
    )`;
}

/**
 * Growth of every other row: deleted ones (nulls throughout), and those
 * whose latest observation must be looked up in the history because the
 * row does not know it or it lies after now. Only rows whose values change
 * are written; `growth_observed_at` is cleared, so that once such a row
 * knows its latest observation the other statement computes it again.
 */
export function lookedUpLatestSql(entity: RankedEntity): string {
  const { table } = entity;
  const set = GROWTH_COLUMNS.map((c) => `${c} = g.${c}`).join(", ");
  const differs = GROWTH_COLUMNS.map((c) => `${table}.${c} is not g.${c}`);
  return `with ${boundsSql(entity)}, ${changesSql(entity)}
    update ${table} set ${set}, growth_observed_at = null
    from (select *, ${HEAT_AND_TREND} from changes) as g
    where ${table}.id = g.id
      and (${differs.join(" or ")} or ${table}.growth_observed_at is not null)`;
}
