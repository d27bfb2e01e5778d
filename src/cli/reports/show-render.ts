import Table from "cli-table3";
import type { CreatorRow, TagRow } from "../../db/schema.js";
import type { RelatedTag } from "../../stats/related.js";
import {
  formatChange,
  formatCompact,
  formatCount,
  formatLocalTime,
  formatScore,
  formatWhen,
} from "../format.js";
import { renderChart, type ChartPoint } from "./chart.js";
import type { KindInfo } from "./kinds.js";
import type { EntityRow, HistoryEntry } from "./show-query.js";
import { formatRankChange } from "./top-render.js";

/** Everything `show` prints about one entity. */
export interface ShowView {
  readonly info: KindInfo;
  readonly row: EntityRow;
  readonly history: readonly HistoryEntry[];
  readonly chart: readonly ChartPoint[];
  /** Tags only; empty for creators. */
  readonly related: readonly RelatedTag[];
  readonly nowMs: number;
}

type Pair = [label: string, value: string];

const isTag = (row: EntityRow): row is TagRow => "view_count" in row;

const perHour = (n: number | null): string =>
  n === null ? "" : `, ${formatCompact(Math.round(n * 10) / 10)}/h`;

function identityPairs(row: EntityRow): Pair[] {
  if (isTag(row)) {
    return [
      ["tag", row.name],
      ["id", row.id],
      ["views", formatCount(row.view_count)],
      ["posts", formatCount(row.post_count)],
    ];
  }
  const creator: CreatorRow = row;
  return [
    ["creator", creator.username],
    ["display name", creator.display_name || "-"],
    ["id", creator.id],
    ["followers", formatCount(creator.followers)],
    ["subscribers", formatCount(creator.subscribers)],
    ["media likes", formatCount(creator.media_likes)],
    ["post likes", formatCount(creator.post_likes)],
    [
      "images / videos",
      `${formatCount(creator.image_count)} / ${formatCount(creator.video_count)}`,
    ],
  ];
}

// A deleted entity has no trend by design; say so rather than blame the data.
const trendText = (row: EntityRow): string =>
  row.deleted_at !== null
    ? "- (deleted)"
    : (row.trend ?? "- (not enough data)");

function growthPairs(row: EntityRow): Pair[] {
  const rank = row.rank === null ? "-" : `${row.rank} ${formatRankChange(row)}`;
  return [
    ["rank", rank.trim()],
    [
      "24 h",
      `${formatChange(row.change_24h, row.change_24h_pct)}${perHour(row.change_24h_per_hour)}`,
    ],
    [
      "7 d",
      `${formatChange(row.change_7d, row.change_7d_pct)}${perHour(row.change_7d_per_hour)}`,
    ],
    ["heat", formatScore(row.heat)],
    ["trend", trendText(row)],
  ];
}

function statePairs(row: EntityRow, nowMs: number): Pair[] {
  const state =
    row.deleted_at === null
      ? `tracked (${row.source}), ${row.misses} consecutive misses`
      : `deleted: not shown by Fansly since ${formatWhen(row.deleted_at, nowMs)}, ${row.misses} misses`;
  return [
    ["created on Fansly", formatWhen(row.fansly_created_at, nowMs)],
    ["first seen", formatWhen(row.first_seen_at, nowMs)],
    ["last checked", formatWhen(row.last_checked_at, nowMs)],
    ["state", state],
  ];
}

function relatedPair(related: readonly RelatedTag[]): Pair[] {
  const names = related.map((r) => `${r.name} (${r.score.toFixed(2)})`);
  return [["related tags", names.length === 0 ? "-" : names.join(", ")]];
}

function historyTable(view: ShowView): string {
  const second = isTag(view.row) ? "posts" : "likes";
  const table = new Table({
    head: ["observed", view.info.countLabel, "change", second],
    style: { head: [], border: [], compact: true },
    colAligns: ["left", "right", "right", "right"],
  });
  view.history.forEach((entry, i) => {
    const older = view.history[i + 1];
    const change = older === undefined ? null : entry.count - older.count;
    table.push([
      formatLocalTime(entry.observed_at),
      formatCount(entry.count),
      change === null ? "" : `${change >= 0 ? "+" : ""}${formatCount(change)}`,
      formatCount(entry.secondary),
    ]);
  });
  return table.toString();
}

/** Details, then the chart, then the newest observations. */
export function renderShow(view: ShowView): string {
  const details = new Table({ style: { head: [], border: [], compact: true } });
  const pairs = [
    ...identityPairs(view.row),
    ...growthPairs(view.row),
    ...statePairs(view.row, view.nowMs),
    ...(isTag(view.row) ? relatedPair(view.related) : []),
  ];
  for (const pair of pairs) details.push(pair);
  const chart = renderChart(view.chart, {
    formatValue: formatCount,
    formatTime: formatLocalTime,
  });
  const count = view.history.length;
  return [
    details.toString(),
    `\n${view.info.countLabel} over time\n${chart}`,
    `\nlatest ${count} observation${count === 1 ? "" : "s"}\n${count === 0 ? "(no history yet)" : historyTable(view)}`,
  ].join("\n");
}
