import type { ConsolaInstance } from "consola";
import type { RunOutcome } from "../db/schema.js";
import { asError, isWorkerError } from "../errors.js";
import type { WorkerReport, WorkerSettings } from "../workers/types.js";

/** How a run that threw ended: the process signal, its time limit, a 429, or a failure. */
export function classifyFailure(
  caught: unknown,
  processSignal: AbortSignal,
  timeout: AbortSignal,
): Exclude<RunOutcome, "running" | "skipped" | "abandoned" | "ok"> {
  if (timeout.aborted && !processSignal.aborted) return "timeout";
  if (processSignal.aborted) return "cancelled";
  if (isWorkerError(caught, "E_RATE_LIMITED")) return "rate_limited";
  return "failed";
}

export function describeFailure(
  caught: unknown,
  outcome: RunOutcome,
  settings: WorkerSettings,
): string {
  if (outcome === "timeout") {
    return `timed out after ${formatLimit(settings.timeoutMs)}`;
  }
  const error = asError(caught);
  const code = isWorkerError(error) ? `${error.code}: ` : "";
  return `${code}${error.message}`;
}

export interface SummaryInput {
  readonly worker: string;
  readonly outcome: RunOutcome;
  readonly report: WorkerReport;
  readonly durationMs: number;
  readonly error: string | null;
  readonly dryRun: boolean;
}

/** The one line every run ends with: info when it went well, else warn or error. */
export function logSummary(log: ConsolaInstance, input: SummaryInput): void {
  const { worker, outcome, report, error } = input;
  const counts = `${report.ok} ok, ${report.failed} failed, ${report.skipped} skipped`;
  const dry = input.dryRun ? " (dry run: nothing written)" : "";
  const line = `${worker} ${outcome}: ${counts} in ${formatSeconds(input.durationMs)}${dry}`;
  if (outcome === "ok" && report.failed === 0) log.info(line);
  else if (outcome === "ok" || outcome === "cancelled")
    log.warn(error ? `${line} (${error})` : line);
  else log.error(`${line}: ${error}`);
}

const formatSeconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** A configured limit as written: whole seconds, else milliseconds (not "0 s"). */
const formatLimit = (ms: number): string =>
  ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
