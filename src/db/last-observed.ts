/** The history table of an entity and its key column. */
export interface HistoryOf {
  readonly table: "tag_history" | "creator_history";
  readonly key: "tag_id" | "creator_id";
}

/**
 * True when the entity row (id `@id`) already holds an observation newer
 * than `@now`. Answers are written a while after they were fetched (the
 * updaters' write buffer), so another process, discovery under `serve` or
 * an ad-hoc run, may have committed a later one in between. A null
 * `last_observed_at` means "unknown, look it up in the history": then a
 * later history row means newer counts were seen, and the history lookup
 * runs only in that case. A CASE evaluates its branches lazily.
 */
const newerObservationSql = ({ table, key }: HistoryOf): string => `(case
    when last_observed_at is not null then last_observed_at > @now
    else exists (select 1 from ${table}
      where ${key} = @id and observed_at > @now) end)`;

/**
 * The SET list of an entity row taking the counts observed at `@now`.
 * `values` maps each observed column to its new value; a row that already
 * holds a newer observation keeps them, its `last_observed_at` and its
 * growth, so the only trace of an older observation is its history row.
 * A later check (a miss included) keeps its `misses` and `last_checked_at`.
 */
export function observationSetSql(
  history: HistoryOf,
  values: Readonly<Record<string, string>>,
): string {
  const newer = newerObservationSql(history);
  const keepIfNewer = (column: string, value: string): string =>
    `${column} = case when ${newer} then ${column} else ${value} end`;
  // Growth is stale once the counts move, even at an unchanged instant.
  const assignments = [
    ...Object.entries(values).map(([column, value]) =>
      keepIfNewer(column, value),
    ),
    keepIfNewer("growth_observed_at", "null"),
    keepIfNewer("last_observed_at", "@now"),
    "misses = case when last_checked_at > @now then misses else 0 end",
    "last_checked_at = max(coalesce(last_checked_at, 0), @now)",
  ];
  return assignments.join(",\n  ");
}

/** A deleted row comes back unless a later check (a miss) deleted it. */
export const RESTORE_SQL =
  "deleted_at = case when last_checked_at > @now then deleted_at end";

/**
 * Only a miss at least as recent as the row's latest check counts: an
 * older one, written late, says nothing about an entity found since.
 */
export const MISS_IS_CURRENT_SQL =
  "(last_checked_at is null or last_checked_at <= @now)";
