import { GROWTH_COLUMNS } from "../../db/schema.js";
import { WorkerError } from "../../errors.js";
import type { CommandContext } from "../context.js";
import { toCsv } from "./csv.js";
import { parseKind } from "./kinds.js";
import { renderTopTable, SPARKLINE_POINTS } from "./top-render.js";
import {
  rankChange,
  readRecentCounts,
  readTop,
  type TopOrder,
  type TopRow,
} from "./top-query.js";
import { existingDb } from "../existing-db.js";

export interface TopOptions {
  readonly by: TopOrder;
  readonly limit: number;
  readonly json?: boolean;
  readonly csv?: boolean;
}

/** Columns of `--csv`, and the keys of `--json`, in this order. */
export const TOP_COLUMNS = [
  "rank",
  "previous_rank",
  "rank_change",
  "id",
  "name",
  "count",
  ...GROWTH_COLUMNS,
] as const;

type TopRecord = Record<(typeof TOP_COLUMNS)[number], string | number | null>;

// Built in column order, so JSON keys and CSV columns read the same way.
function toRecord(row: TopRow): TopRecord {
  const full = { ...row, rank_change: rankChange(row) };
  return Object.fromEntries(
    TOP_COLUMNS.map((column) => [column, full[column]]),
  ) as TopRecord;
}

/** `top tags|creators`: a table, or raw numbers as JSON or CSV. */
export async function topCommand(
  ctx: CommandContext,
  what: string,
  options: TopOptions,
): Promise<number> {
  const info = parseKind("top", what);
  if (options.json && options.csv) {
    throw new WorkerError("E_USAGE", "top takes --json or --csv, not both");
  }
  const db = await existingDb(ctx);
  const rows = readTop(db, info, options);
  const recent = readRecentCounts(
    db,
    info,
    rows.map((r) => r.id),
    SPARKLINE_POINTS,
  );

  if (options.csv) {
    const records = rows.map(toRecord);
    const cells = records.map((r) => TOP_COLUMNS.map((c) => r[c]));
    process.stdout.write(toCsv(TOP_COLUMNS, cells));
  } else if (options.json) {
    const records = rows.map((r) => ({
      ...toRecord(r),
      recent_counts: recent.get(r.id) ?? [],
    }));
    process.stdout.write(`${JSON.stringify(records, null, 2)}\n`);
  } else {
    process.stdout.write(`${renderTopTable(rows, info, recent)}\n`);
  }
  return 0;
}
