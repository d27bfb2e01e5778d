import { LOG_LEVELS, type LogLevelName } from "../config.js";
import type { CycleStep } from "./run-commands.js";
import { formatDuration } from "./format.js";

/** A step that a quiet cron run must still report: it failed or lost items. */
const wentWrong = ({ result }: CycleStep): boolean =>
  result !== null &&
  ((result.outcome !== "ok" && result.outcome !== "skipped") ||
    result.report.failed > 0);

/**
 * Whether the summary goes to stdout. Under `-q` (or any log level below
 * info) a cycle in which nothing went wrong prints nothing, so cron stays
 * silent; `--json` output is data that was asked for, and always printed.
 */
export function shouldPrintCycleSummary(
  steps: readonly CycleStep[],
  options: { readonly json: boolean; readonly logLevel: LogLevelName },
): boolean {
  const quiet =
    LOG_LEVELS.indexOf(options.logLevel) < LOG_LEVELS.indexOf("info");
  return options.json || !quiet || steps.some(wentWrong);
}

/** One line per worker on stdout, or the same as JSON. */
export function printCycleSummary(
  steps: readonly CycleStep[],
  json: boolean,
): void {
  if (json) {
    const data = steps.map(({ worker, result, note }) => ({
      worker,
      outcome: result?.outcome ?? note,
      runId: result?.runId ?? null,
      ok: result?.report.ok ?? 0,
      failed: result?.report.failed ?? 0,
      skipped: result?.report.skipped ?? 0,
      durationMs: result?.durationMs ?? 0,
      error: result?.error ?? null,
    }));
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return;
  }
  for (const { worker, result, note } of steps) {
    if (!result) {
      process.stdout.write(`${worker.padEnd(22)} ${note}\n`);
      continue;
    }
    const { ok, failed } = result.report;
    const error = result.error ? `  (${result.error})` : "";
    process.stdout.write(
      `${worker.padEnd(22)} ${result.outcome.padEnd(12)} ${ok} ok, ${failed} failed in ${formatDuration(result.durationMs)}${error}\n`,
    );
  }
}
