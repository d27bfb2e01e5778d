import { DAY_MS } from "../../clock.js";
import type { Db } from "../../db/open.js";
import { relatedTags, type RelatedTag } from "../../stats/related.js";
import type { CommandContext } from "../context.js";
import { isoTime, parseKind } from "./kinds.js";
import {
  findEntity,
  readChartPoints,
  readHistory,
  type EntityRow,
} from "./show-query.js";
import { renderShow, type ShowView } from "./show-render.js";
import { rankChange } from "./top-query.js";
import { existingDb } from "../existing-db.js";

export interface ShowOptions {
  /** Observations in the history table. */
  readonly limit: number;
  /** Days of history the chart covers. */
  readonly days: number;
  readonly json?: boolean;
}

/** Related tags listed for a tag, over the default `related` window. */
const RELATED_IN_SHOW = 5;
const RELATED_WINDOW_DAYS = 30;

function relatedFor(db: Db, row: EntityRow, nowMs: number): RelatedTag[] {
  if (!("view_count" in row)) return [];
  return relatedTags(db, {
    tagIds: [row.id],
    nowMs,
    windowDays: RELATED_WINDOW_DAYS,
    minViews: 0,
    limit: RELATED_IN_SHOW,
  });
}

/** `show tag NAME` / `show creator NAME`. */
export async function showCommand(
  ctx: CommandContext,
  what: string,
  name: string,
  options: ShowOptions,
): Promise<number> {
  const info = parseKind("show", what);
  const db = await existingDb(ctx);
  const nowMs = ctx.clock.now();
  const row = findEntity(db, info, name);
  const view: ShowView = {
    info,
    row,
    nowMs,
    history: readHistory(db, info, row.id, options.limit),
    chart: readChartPoints(db, info, row.id, nowMs - options.days * DAY_MS),
    related: relatedFor(db, row, nowMs),
  };
  process.stdout.write(
    options.json
      ? `${JSON.stringify(showJson(view), null, 2)}\n`
      : `${renderShow(view)}\n`,
  );
  return 0;
}

const TIME_COLUMNS = [
  "fansly_created_at",
  "first_seen_at",
  "last_checked_at",
  "deleted_at",
  "last_used_for_discovery",
] as const;

/** Raw numbers as stored; times as ISO UTC text, like `status --json`. */
export function showJson(
  view: Omit<ShowView, "chart">,
): Record<string, unknown> {
  const entity: Record<string, unknown> = {
    ...view.row,
    rank_change: rankChange(view.row),
  };
  for (const column of TIME_COLUMNS) {
    if (column in entity) {
      entity[column] = isoTime(entity[column] as number | null);
    }
  }
  return {
    kind: view.info.kind,
    entity,
    ...(view.info.kind === "tag" ? { related: view.related } : {}),
    history: view.history.map((h) => ({
      ...h,
      observed_at: isoTime(h.observed_at),
    })),
  };
}
