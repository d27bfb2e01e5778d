import Table from "cli-table3";
import type { Db } from "../../db/open.js";
import type { CommandContext } from "../context.js";
import { formatCount, formatWhen, truncate } from "../format.js";
import { isoTime, parseKind, type KindInfo } from "./kinds.js";
import { existingDb } from "../existing-db.js";

/** An entity Fansly no longer shows, with its last known counts. */
export interface DeletedRow {
  readonly id: string;
  readonly name: string;
  /** When enough consecutive misses marked it deleted (Unix ms). */
  readonly deleted_at: number;
  readonly last_checked_at: number | null;
  readonly misses: number;
  /** Views (tags) or followers (creators) at the last observation. */
  readonly count: number | null;
  /** Posts (tags) or media plus post likes (creators). */
  readonly secondary: number | null;
}

// Fixed per kind; only the table and column names differ.
const SECONDARY_SQL = {
  tags: "post_count",
  creators:
    "case when media_likes is null and post_likes is null then null else coalesce(media_likes, 0) + coalesce(post_likes, 0) end",
} as const;

/** Deleted entities of a kind, most recently deleted first. */
export function readDeleted(db: Db, info: KindInfo): DeletedRow[] {
  const { table, nameColumn, countColumn } = info.entity;
  return db.sqlite
    .prepare(
      `select id, ${nameColumn} as name, deleted_at, last_checked_at, misses,
         ${countColumn} as count, ${SECONDARY_SQL[table]} as secondary
       from ${table} where deleted_at is not null
       order by deleted_at desc, ${nameColumn} collate nocase`,
    )
    .all() as DeletedRow[];
}

const sum = (values: readonly (number | null)[]): number =>
  values.reduce<number>((total, v) => total + (v ?? 0), 0);

/** JSON keys named after the counters, times as ISO UTC text. */
export function deletedJson(
  rows: readonly DeletedRow[],
  info: KindInfo,
): Record<string, unknown> {
  const { countLabel, secondaryLabel } = info;
  return {
    kind: info.kind,
    total: {
      [`${info.kind}s`]: rows.length,
      [countLabel]: sum(rows.map((r) => r.count)),
      [secondaryLabel]: sum(rows.map((r) => r.secondary)),
    },
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      deleted_at: isoTime(r.deleted_at),
      last_checked_at: isoTime(r.last_checked_at),
      misses: r.misses,
      [countLabel]: r.count,
      [secondaryLabel]: r.secondary,
    })),
  };
}

function renderDeleted(
  rows: readonly DeletedRow[],
  info: KindInfo,
  nowMs: number,
): string {
  const table = new Table({
    head: [
      info.kind,
      "id",
      "deleted",
      "last checked",
      "misses",
      `last ${info.countLabel}`,
      `last ${info.secondaryLabel}`,
    ],
    style: { head: [], border: [], compact: true },
    colAligns: ["left", "left", "left", "left", "right", "right", "right"],
  });
  for (const r of rows) {
    table.push([
      truncate(r.name, 32),
      r.id,
      formatWhen(r.deleted_at, nowMs),
      formatWhen(r.last_checked_at, nowMs),
      String(r.misses),
      formatCount(r.count),
      formatCount(r.secondary),
    ]);
  }
  const total = `${formatCount(rows.length)} deleted ${info.kind}${rows.length === 1 ? "" : "s"}, ${formatCount(sum(rows.map((r) => r.count)))} ${info.countLabel} and ${formatCount(sum(rows.map((r) => r.secondary)))} ${info.secondaryLabel} at last count`;
  return rows.length === 0 ? total : `${table.toString()}\n${total}`;
}

/** `deleted tags|creators`: what Fansly no longer shows. */
export async function deletedCommand(
  ctx: CommandContext,
  what: string,
  options: { readonly json?: boolean },
): Promise<number> {
  const info = parseKind("deleted", what);
  const rows = readDeleted(await existingDb(ctx), info);
  process.stdout.write(
    options.json
      ? `${JSON.stringify(deletedJson(rows, info), null, 2)}\n`
      : `${renderDeleted(rows, info, ctx.clock.now())}\n`,
  );
  return 0;
}
