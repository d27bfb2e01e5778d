import type { CycleStep } from "./run-commands.js";
import { formatDuration } from "./format.js";

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
