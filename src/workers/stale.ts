import type { Db } from "../db/open.js";
import type { WorkerContext } from "./types.js";

// The columns each kind of entity selects; fixed here, never from input.
const STALE_QUERIES = {
  tags: "select id, name from tags",
  creators: "select id, username, misses, deleted_at from creators",
} as const;

export interface StaleQuery {
  readonly now: number;
  readonly refreshAgeMs: number;
  readonly deletedRecheckAgeMs: number;
  readonly limit: number;
}

/**
 * Tracked entities due for a refresh, most stale first (never-checked
 * first). Deleted ones are looked up again, less often, to notice their return.
 */
export function selectStale<T>(
  db: Db,
  kind: keyof typeof STALE_QUERIES,
  query: StaleQuery,
): T[] {
  return db.sqlite
    .prepare(
      `${STALE_QUERIES[kind]}
       where (deleted_at is null and (last_checked_at is null or last_checked_at <= ?))
          or (deleted_at is not null and (last_checked_at is null or last_checked_at <= ?))
       order by deleted_at is not null, last_checked_at is not null, last_checked_at, id
       limit ?`,
    )
    .all(
      query.now - query.refreshAgeMs,
      query.now - query.deletedRecheckAgeMs,
      query.limit,
    ) as T[];
}

/** The stale query of a run, from its clock, configuration and batch size. */
export const staleQueryOf = (ctx: WorkerContext): StaleQuery => ({
  now: ctx.clock.now(),
  refreshAgeMs: ctx.config.refreshAgeMs,
  deletedRecheckAgeMs: ctx.config.deletedRecheckAgeMs,
  limit: ctx.settings.batch,
});
