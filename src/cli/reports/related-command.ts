import Table from "cli-table3";
import type { Db } from "../../db/open.js";
import { WorkerError } from "../../errors.js";
import { relatedTags, type RelatedTag } from "../../stats/related.js";
import type { CommandContext } from "../context.js";
import { formatCount, formatScore, truncate } from "../format.js";
import { cleanName } from "./kinds.js";
import { existingDb } from "../existing-db.js";

export interface RelatedOptions {
  readonly limit: number;
  /** Days of co-occurrence, today included. */
  readonly window: number;
  readonly minViews: number;
  readonly json?: boolean;
}

/** Ids of the named tags; every unknown name is listed in one E_NOT_FOUND. */
export function resolveTagIds(db: Db, names: readonly string[]): string[] {
  const find = db.sqlite.prepare(
    "select id from tags where name = ? collate nocase",
  );
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const name of names.map(cleanName)) {
    const row = find.get(name) as { id: string } | undefined;
    if (row === undefined) unknown.push(`'${name}'`);
    else ids.push(row.id);
  }
  if (unknown.length > 0) {
    throw new WorkerError(
      "E_NOT_FOUND",
      `No tag named ${unknown.join(", ")} is in the database; discovery or 'fansly-workers tags add' adds tags`,
    );
  }
  return ids;
}

function renderRelated(rows: readonly RelatedTag[], inputs: number): string {
  const table = new Table({
    head: [
      "#",
      "tag",
      "score",
      "with",
      "shared posts",
      "views",
      "heat",
      "trend",
    ],
    style: { head: [], border: [], compact: true },
    colAligns: [
      "right",
      "left",
      "right",
      "right",
      "right",
      "right",
      "right",
      "left",
    ],
  });
  rows.forEach((row, i) => {
    table.push([
      String(i + 1),
      truncate(row.name, 32),
      row.score.toFixed(4),
      `${row.inputs_matched}/${inputs}`,
      formatCount(row.co_posts),
      formatCount(row.view_count),
      formatScore(row.heat),
      row.trend ?? "-",
    ]);
  });
  return table.toString();
}

/** `related TAG [TAG...]`: tags seen on posts with the given ones. */
export async function relatedCommand(
  ctx: CommandContext,
  names: readonly string[],
  options: RelatedOptions,
): Promise<number> {
  const db = await existingDb(ctx);
  const tagIds = resolveTagIds(db, names);
  const rows = relatedTags(db, {
    tagIds,
    nowMs: ctx.clock.now(),
    windowDays: options.window,
    minViews: options.minViews,
    limit: options.limit,
  });

  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  } else if (rows.length === 0) {
    process.stdout.write(
      `no tag appeared with ${names.join(", ")} on posts seen in the last ${options.window} days\n`,
    );
  } else {
    const inputs = new Set(tagIds).size;
    process.stdout.write(`${renderRelated(rows, inputs)}\n`);
  }
  return 0;
}
