/**
 * The new `last_observed_at` of an entity row that takes the counts
 * observed at `@now` (for entity `@id`): `@now` unless its history already
 * holds a later row, which only a clock that went back can leave; then
 * null, "unknown", and the statistics pass looks the latest row up. The
 * history lookup runs only when the stored value is null or after `@now`.
 */
export const nextLastObservedAtSql = (
  historyTable: "tag_history" | "creator_history",
  historyKey: "tag_id" | "creator_id",
): string => `case
    when last_observed_at <= @now then @now
    when exists (select 1 from ${historyTable}
      where ${historyKey} = @id and observed_at > @now) then null
    else @now end`;
