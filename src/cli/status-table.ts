import Table from "cli-table3";
import type { RateStatus } from "../fansly/rate-status.js";
import type { StatusView, WorkerStatusView } from "../scheduler/status.js";
import { formatCount, formatDuration, formatWhen, truncate } from "./format.js";

// Apart from status-command.ts so that `status --json` and `status --check`,
// which cron monitors run, never load cli-table3 (README, Performance).

export function renderStatusTable(view: StatusView): string {
  const table = new Table({
    head: [
      "worker",
      "status",
      "last run",
      "next run",
      "runs",
      "ok",
      "errors",
      "took",
      "last error",
    ],
    style: { head: [], border: [], compact: true },
  });
  for (const w of view.workers) table.push(row(w, view.now));
  const footer = [`overall: ${view.overall}`];
  if (view.rate) footer.push(...rateLines(view.rate, view.now));
  return [table.toString(), ...footer].join("\n");
}

const perSecond = (rate: number): string =>
  `${rate.toFixed(rate < 1 ? 2 : 1)} requests/s`;

/** The shared rate limit under the table: the rate in force and any cool-down. */
function rateLines(rate: RateStatus, now: number): string[] {
  if (rate.configuredPerSec === null || rate.currentPerSec === null) {
    return ["rate: unlimited (FANSLY_RATE_LIMIT=off)"];
  }
  const lines = [
    rate.recoveredAt === null
      ? `rate: ${perSecond(rate.currentPerSec)}`
      : `rate: ${perSecond(rate.currentPerSec)} of ${perSecond(rate.configuredPerSec)} after a 429, full again ${formatWhen(rate.recoveredAt, now)}`,
  ];
  if (rate.blockedUntil !== null) {
    lines.push(
      `blocked after a 429 until ${formatWhen(rate.blockedUntil, now)}`,
    );
  }
  return lines;
}

function row(w: WorkerStatusView, now: number): string[] {
  const status = w.overdue ? `${w.status} (overdue)` : w.status;
  return [
    w.name,
    status,
    formatWhen(w.lastRun, now),
    w.enabled ? formatWhen(w.nextRun, now) : "-",
    formatCount(w.runCount),
    formatCount(w.successCount),
    formatCount(w.errorCount),
    formatDuration(w.lastDurationMs),
    truncate(w.lastError, 48),
  ];
}
