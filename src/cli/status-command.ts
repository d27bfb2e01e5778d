import Table from "cli-table3";
import type { StatusView, WorkerStatusView } from "../scheduler/status.js";
import { statusToJson } from "../scheduler/status-json.js";
import type { CommandContext } from "./context.js";
import { formatCount, formatDuration, formatWhen, truncate } from "./format.js";

export { statusToJson };

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
  return `${table.toString()}\noverall: ${view.overall}`;
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

export async function statusCommand(
  ctx: CommandContext,
  options: { json?: boolean },
): Promise<number> {
  const { readStatus } = await import("../scheduler/status.js");
  const view = readStatus(await ctx.db(), ctx.config, ctx.clock.now());
  process.stdout.write(
    options.json
      ? `${JSON.stringify(statusToJson(view), null, 2)}\n`
      : `${renderStatusTable(view)}\n`,
  );
  return 0;
}
