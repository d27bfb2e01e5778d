import type { Db } from "../db/open.js";
import type { WorkerContext } from "./types.js";

// The columns each kind of entity selects; fixed here, never from input.
const STALE_COLUMNS = {
  tags: "id, name, last_checked_at",
  creators: "id, username, misses, deleted_at, last_checked_at",
} as const;

type StaleKind = keyof typeof STALE_COLUMNS;

export interface StaleQuery {
  readonly now: number;
  readonly refreshAgeMs: number;
  readonly deletedRecheckAgeMs: number;
  readonly limit: number;
}

/** What every stale row carries, so that the next page starts after it. */
export interface StaleRow {
  readonly id: string;
  readonly last_checked_at: number | null;
}

/**
 * The stretches of the order, one after the other: live before deleted,
 * and within each never-checked (by id) before checked (oldest check first).
 */
const GROUPS = [
  { deleted: 0, checked: false },
  { deleted: 0, checked: true },
  { deleted: 1, checked: false },
  { deleted: 1, checked: true },
] as const;

type Group = (typeof GROUPS)[number];

/**
 * The latest check time that is due in a group. Never the run's own start:
 * rows this run writes are stamped at or after it, so with a refresh age of
 * zero they would come round again in a later page.
 */
function checkedBy(query: StaleQuery, deleted: 0 | 1): number {
  const age = deleted ? query.deletedRecheckAgeMs : query.refreshAgeMs;
  return Math.min(query.now - age, query.now - 1);
}

/** How many entities are due now, however many one run may take. */
export function countStale(db: Db, kind: StaleKind, query: StaleQuery): number {
  const count = db.sqlite
    .prepare(
      `select count(*) from ${kind}
       where (deleted_at is not null) = ?
         and (last_checked_at is null or last_checked_at <= ?)`,
    )
    .pluck();
  const due = (deleted: 0 | 1) =>
    count.get(deleted, checkedBy(query, deleted)) as number;
  return due(0) + due(1);
}

/**
 * Tracked entities due for a refresh, most stale first (never-checked
 * first), in pages of `pageSize` and at most `query.limit` in all. Deleted
 * ones are looked up again, less often, to notice their return.
 *
 * Each page is read when the caller asks for it and starts after the last
 * row handed out, so the rows in memory are one page, and an item that
 * failed in this run (its check time unchanged) is not read again.
 */
export function* readStale<T extends StaleRow>(
  db: Db,
  kind: StaleKind,
  query: StaleQuery,
  pageSize: number,
): Generator<T[], void, undefined> {
  const read = prepareGroupReads(db, kind);
  let left = query.limit;
  let page: T[] = [];
  for (const group of GROUPS) {
    let after: StaleRow = { id: "", last_checked_at: Number.MIN_SAFE_INTEGER };
    for (;;) {
      const wanted = Math.min(pageSize - page.length, left);
      if (wanted === 0) break;
      const rows = read(
        group,
        checkedBy(query, group.deleted),
        after,
        wanted,
      ) as T[];
      page.push(...rows);
      left -= rows.length;
      if (page.length === pageSize) {
        yield page;
        page = [];
      }
      if (rows.length < wanted) break;
      after = rows.at(-1)!;
    }
  }
  if (page.length > 0) yield page;
}

type GroupRead = (
  group: Group,
  checkedBy: number,
  after: StaleRow,
  limit: number,
) => unknown[];

/**
 * The two reads of a page: never-checked rows after an id, and checked
 * rows after a check time and id. Each is an index range read (0004).
 */
export function staleReadSql(kind: StaleKind) {
  const select = `select ${STALE_COLUMNS[kind]} from ${kind}
    where (deleted_at is not null) = ?`;
  return {
    neverChecked: `${select} and last_checked_at is null and id > ?
      order by id limit ?`,
    checked: `${select} and last_checked_at <= ?
        and (last_checked_at, id) > (?, ?)
      order by last_checked_at, id limit ?`,
  } as const;
}

function prepareGroupReads(db: Db, kind: StaleKind): GroupRead {
  const sql = staleReadSql(kind);
  const neverChecked = db.sqlite.prepare(sql.neverChecked);
  const checked = db.sqlite.prepare(sql.checked);
  return (group, checkedBy, after, limit) =>
    group.checked
      ? checked.all(
          group.deleted,
          checkedBy,
          after.last_checked_at,
          after.id,
          limit,
        )
      : neverChecked.all(group.deleted, after.id, limit);
}

/** The stale query of a run, from its clock, configuration and batch size. */
export const staleQueryOf = (ctx: WorkerContext): StaleQuery => ({
  now: ctx.clock.now(),
  refreshAgeMs: ctx.config.refreshAgeMs,
  deletedRecheckAgeMs: ctx.config.deletedRecheckAgeMs,
  limit: ctx.settings.batch,
});
